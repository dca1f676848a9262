package aws

import (
	"context"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/providers/internal/kit"
	"github.com/trueup/trueup/schema"
)

var kmsAliasBlock = &schema.Block{
	Description: "An alias of a KMS key. Import ID: the alias name (alias/...).",
	Attributes: map[string]*schema.Attribute{
		"id":             {Type: cty.String, Computed: true},
		"arn":            {Type: cty.String, Computed: true},
		"target_key_arn": {Type: cty.String, Computed: true},
		"name":           {Type: cty.String, Optional: true, Computed: true, ForceNew: true, Description: "Starts with alias/."},
		"name_prefix":    {Type: cty.String, Optional: true, ForceNew: true},
		"target_key_id":  {Type: cty.String, Required: true},
	},
}

func kmsAliasResource() *resourceType {
	return &resourceType{
		schema: &schema.Resource{Block: kmsAliasBlock},
		validate: func(config cty.Value) schema.Diagnostics {
			for _, n := range []string{"name", "name_prefix"} {
				if v := kit.Obj(config).Attr(n); kit.Usable(v) && !strings.HasPrefix(v.AsString(), "alias/") {
					return schema.Errorf(attrPath(n), "Invalid alias name", n+" must start with alias/.")
				}
			}
			return nil
		},
		create: func(ctx context.Context, c *client, planned cty.Value) (cty.Value, schema.Diagnostics) {
			o := kit.Obj(planned)
			name := o.Str("name")
			if name == "" {
				name = uniqueName(o.Str("name_prefix"))
				if o.Str("name_prefix") == "" {
					name = uniqueName("alias/")
				}
			}
			if _, err := c.kms.CreateAlias(ctx, &kms.CreateAliasInput{AliasName: aws.String(name), TargetKeyId: o.StrPtr("target_key_id")}); err != nil {
				path := attrPath("name")
				if isNotFound(err, "NotFoundException") {
					path = attrPath("target_key_id")
				}
				return cty.NullVal(planned.Type()), apiDiag(err, path, "Cannot create KMS alias")
			}
			return kit.Set(kit.Set(planned, "name", cty.StringVal(name)), "id", cty.StringVal(name)), nil
		},
		read: readKMSAlias,
		update: func(ctx context.Context, c *client, prior, planned cty.Value) (cty.Value, schema.Diagnostics) {
			if _, err := c.kms.UpdateAlias(ctx, &kms.UpdateAliasInput{AliasName: aws.String(kit.Obj(prior).Str("id")),
				TargetKeyId: kit.Obj(planned).StrPtr("target_key_id")}); err != nil {
				return prior, apiDiag(err, attrPath("target_key_id"), "Cannot retarget KMS alias")
			}
			return kit.Set(planned, "target_key_arn", cty.UnknownVal(cty.String)), nil
		},
		plan: func(_ *client, prior, planned, _ cty.Value) (cty.Value, schema.Diagnostics) {
			if !prior.IsNull() && changed(prior, planned, "target_key_id") {
				planned = kit.Set(planned, "target_key_arn", cty.UnknownVal(cty.String))
			}
			return planned, nil
		},
		delete: func(ctx context.Context, c *client, prior cty.Value) schema.Diagnostics {
			_, err := c.kms.DeleteAlias(ctx, &kms.DeleteAliasInput{AliasName: aws.String(kit.Obj(prior).Str("id"))})
			if err != nil && !isNotFound(err, "NotFoundException") {
				return apiDiag(err, nil, "Cannot delete KMS alias")
			}
			return nil
		},
		importState: func(id string) (cty.Value, schema.Diagnostics) {
			return idStub(kmsAliasBlock, id, map[string]cty.Value{"name": cty.StringVal(id)})
		},
	}
}

func readKMSAlias(ctx context.Context, c *client, prior cty.Value) (cty.Value, schema.Diagnostics) {
	o := kit.Obj(prior)
	name := o.Str("id")
	pages := kms.NewListAliasesPaginator(c.kms, &kms.ListAliasesInput{})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return prior, apiDiag(err, nil, "Cannot list KMS aliases")
		}
		for _, a := range page.Aliases {
			if aws.ToString(a.AliasName) != name {
				continue
			}
			key, err := c.kms.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: a.TargetKeyId})
			if err != nil {
				return prior, apiDiag(err, attrPath("target_key_id"), "Cannot read the alias's KMS key")
			}
			target := cty.StringVal(aws.ToString(a.TargetKeyId))
			// Keep the configured spelling when it names the same key by ARN.
			if t := o.Str("target_key_id"); t == aws.ToString(key.KeyMetadata.Arn) {
				target = cty.StringVal(t)
			}
			return kit.ObjectVal(kmsAliasBlock, map[string]cty.Value{
					"id": cty.StringVal(name), "name": cty.StringVal(name), "name_prefix": o.Attr("name_prefix"), "arn": kit.StrPtrVal(a.AliasArn),
					"target_key_id": target, "target_key_arn": kit.StrPtrVal(key.KeyMetadata.Arn),
				}),

				nil
		}
	}
	return cty.NullVal(prior.Type()), nil
}
