package aws

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	ssmtypes "github.com/aws/aws-sdk-go-v2/service/ssm/types"
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/providers/internal/kit"
	"github.com/trueup/trueup/schema"
)

var ssmParameterBlock = &schema.Block{
	Description: "An SSM Parameter Store parameter. Import ID: the parameter name.",
	Attributes: map[string]*schema.Attribute{
		"id":              {Type: cty.String, Computed: true},
		"arn":             {Type: cty.String, Computed: true},
		"version":         {Type: cty.Number, Computed: true},
		"name":            {Type: cty.String, Required: true, ForceNew: true},
		"type":            {Type: cty.String, Required: true, Description: "String, StringList or SecureString."},
		"value":           {Type: cty.String, Optional: true, Computed: true, Sensitive: true},
		"insecure_value":  {Type: cty.String, Optional: true, Computed: true, Description: "A value that is not sensitive; not for SecureString."},
		"description":     optStr(""),
		"tier":            {Type: cty.String, Optional: true, Computed: true},
		"key_id":          {Type: cty.String, Optional: true, Computed: true},
		"data_type":       {Type: cty.String, Optional: true, Computed: true},
		"allowed_pattern": optStr(""),
		"tags":            {Type: cty.Map(cty.String), Optional: true},
		"tags_all":        {Type: cty.Map(cty.String), Computed: true},
	},
}

var ssmWriteAttrs = []string{"type", "value", "insecure_value", "description", "tier", "key_id", "data_type", "allowed_pattern"}

func ssmParameterResource() *resourceType {
	return &resourceType{
		schema:   &schema.Resource{Block: ssmParameterBlock},
		defaults: map[string]cty.Value{"tier": cty.StringVal("Standard"), "data_type": cty.StringVal("text")},
		validate: func(config cty.Value) schema.Diagnostics {
			o := kit.Obj(config)
			if !o.Null("value") && !o.Null("insecure_value") {
				return schema.Errorf(attrPath("insecure_value"), "Conflicting values", "Set value or insecure_value, not both.")
			}
			if o.Known("type") && o.Str("type") == "SecureString" && !o.Null("insecure_value") {
				return schema.Errorf(attrPath("insecure_value"), "Insecure SecureString", "A SecureString takes value, which is kept sensitive.")
			}
			return nil
		},
		plan: func(_ *client, prior, planned, config cty.Value) (cty.Value, schema.Diagnostics) {
			if prior.IsNull() {
				return planned, nil
			}
			if changed(prior, planned, ssmWriteAttrs...) {
				planned = kit.Set(planned, "version", cty.UnknownVal(cty.Number))
			}
			return planned, nil
		},
		create: func(ctx context.Context, c *client, planned cty.Value) (cty.Value, schema.Diagnostics) {
			if diags := putSSMParameter(ctx, c, planned, false); diags.HasErrors() {
				return cty.NullVal(planned.Type()), diags
			}
			return kit.Set(planned, "id", kit.Obj(planned).Attr("name")), nil
		},
		read:   readSSMParameter,
		update: updateSSMParameter,
		delete: func(ctx context.Context, c *client, prior cty.Value) schema.Diagnostics {
			_, err := c.ssm.DeleteParameter(ctx, &ssm.DeleteParameterInput{Name: aws.String(kit.Obj(prior).Str("id"))})
			if err != nil && !isNotFound(err, "ParameterNotFound") {
				return apiDiag(err, nil, "Cannot delete SSM parameter")
			}
			return nil
		},
		importState: func(id string) (cty.Value, schema.Diagnostics) {
			return idStub(ssmParameterBlock, id, map[string]cty.Value{"name": cty.StringVal(id)})
		},
	}
}

func putSSMParameter(ctx context.Context, c *client, planned cty.Value, overwrite bool) schema.Diagnostics {
	o := kit.Obj(planned)
	value := o.StrPtr("value")
	if value == nil {
		value = o.StrPtr("insecure_value")
	}
	in := &ssm.PutParameterInput{
		Name: o.StrPtr("name"), Type: ssmtypes.ParameterType(o.Str("type")), Value: value,
		Description: o.StrPtr("description"), Tier: ssmtypes.ParameterTier(o.Str("tier")),
		DataType: o.StrPtr("data_type"), AllowedPattern: o.StrPtr("allowed_pattern"), Overwrite: aws.Bool(overwrite),
	}
	if o.Str("type") == "SecureString" {
		in.KeyId = o.StrPtr("key_id")
	}
	if !overwrite {
		for k, v := range o.StrMap("tags_all") {
			in.Tags = append(in.Tags, ssmtypes.Tag{Key: aws.String(k), Value: aws.String(v)})
		}
	}
	if _, err := c.ssm.PutParameter(ctx, in); err != nil {
		path := attrPath("value")
		if hasCode(err, "ParameterAlreadyExists") {
			path = attrPath("name")
		}
		return apiDiag(err, path, "Cannot put SSM parameter")
	}
	return nil
}

func readSSMParameter(ctx context.Context, c *client, prior cty.Value) (cty.Value, schema.Diagnostics) {
	o := kit.Obj(prior)
	name := aws.String(o.Str("id"))
	out, err := c.ssm.GetParameter(ctx, &ssm.GetParameterInput{Name: name, WithDecryption: aws.Bool(true)})
	if isNotFound(err, "ParameterNotFound") {
		return cty.NullVal(prior.Type()), nil
	}
	if err != nil {
		return prior, apiDiag(err, nil, "Cannot read SSM parameter")
	}
	p := out.Parameter
	desc, err := c.ssm.DescribeParameters(ctx, &ssm.DescribeParametersInput{ParameterFilters: []ssmtypes.ParameterStringFilter{{
		Key: aws.String("Name"), Option: aws.String("Equals"), Values: []string{aws.ToString(name)}}}})
	if err != nil {
		return prior, apiDiag(err, nil, "Cannot describe SSM parameter")
	}
	meta := ssmtypes.ParameterMetadata{}
	if len(desc.Parameters) > 0 {
		meta = desc.Parameters[0]
	}
	tagOut, err := c.ssm.ListTagsForResource(ctx, &ssm.ListTagsForResourceInput{ResourceType: ssmtypes.ResourceTypeForTaggingParameter, ResourceId: name})
	if err != nil {
		return prior, apiDiag(err, attrPath("tags"), "Cannot read SSM parameter tags")
	}
	live := map[string]string{}
	for _, t := range tagOut.TagList {
		live[aws.ToString(t.Key)] = aws.ToString(t.Value)
	}
	tags, tagsAll := c.readTags(prior, live)
	value, insecure := kit.StrPtrVal(p.Value), cty.NullVal(cty.String)
	if !o.Null("insecure_value") {
		value, insecure = cty.NullVal(cty.String), kit.StrPtrVal(p.Value)
	}
	tier := string(meta.Tier)
	if tier == "" {
		tier = "Standard"
	}
	keyID := cty.StringVal(aws.ToString(meta.KeyId))
	return kit.ObjectVal(ssmParameterBlock, map[string]cty.Value{
			"id": kit.StrPtrVal(p.Name), "name": kit.StrPtrVal(p.Name), "arn": kit.StrPtrVal(p.ARN), "type": cty.StringVal(string(p.Type)),
			"version": cty.NumberIntVal(p.Version), "value": value, "insecure_value": insecure,
			"description":     conform(o.Attr("description"), cty.StringVal(aws.ToString(meta.Description))),
			"allowed_pattern": conform(o.Attr("allowed_pattern"), cty.StringVal(aws.ToString(meta.AllowedPattern))),
			"tier":            cty.StringVal(tier), "key_id": keyID, "data_type": cty.StringVal(aws.ToString(p.DataType)),
			"tags": tags, "tags_all": tagsAll,
		}),

		nil
}

func updateSSMParameter(ctx context.Context, c *client, prior, planned cty.Value) (cty.Value, schema.Diagnostics) {
	if changed(prior, planned, ssmWriteAttrs...) {
		if diags := putSSMParameter(ctx, c, planned, true); diags.HasErrors() {
			return prior, diags
		}
	}
	if tagsChanged(prior, planned) {
		name := aws.String(kit.Obj(prior).Str("id"))
		set, removed := tagDiff(kit.Obj(prior).StrMap("tags_all"), kit.Obj(planned).StrMap("tags_all"))
		if len(removed) > 0 {
			if _, err := c.ssm.RemoveTagsFromResource(ctx, &ssm.RemoveTagsFromResourceInput{ResourceType: ssmtypes.ResourceTypeForTaggingParameter,
				ResourceId: name, TagKeys: removed}); err != nil {
				return planned, apiDiag(err, attrPath("tags"), "Cannot untag SSM parameter")
			}
		}
		if len(set) > 0 {
			var tags []ssmtypes.Tag
			for k, v := range set {
				tags = append(tags, ssmtypes.Tag{Key: aws.String(k), Value: aws.String(v)})
			}
			if _, err := c.ssm.AddTagsToResource(ctx, &ssm.AddTagsToResourceInput{ResourceType: ssmtypes.ResourceTypeForTaggingParameter,
				ResourceId: name, Tags: tags}); err != nil {
				return planned, apiDiag(err, attrPath("tags"), "Cannot tag SSM parameter")
			}
		}
	}
	return planned, nil
}
