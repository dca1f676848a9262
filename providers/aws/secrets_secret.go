package aws

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	smtypes "github.com/aws/aws-sdk-go-v2/service/secretsmanager/types"
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/providers/internal/kit"
	"github.com/trueup/trueup/schema"
)

var secretBlock = &schema.Block{
	Description: "A Secrets Manager secret (its metadata; values are aws_secretsmanager_secret_version). Import ID: the secret ARN.",
	Attributes: map[string]*schema.Attribute{
		"id":                      {Type: cty.String, Computed: true, Description: "The secret ARN."},
		"arn":                     {Type: cty.String, Computed: true},
		"name":                    {Type: cty.String, Optional: true, Computed: true, ForceNew: true},
		"name_prefix":             {Type: cty.String, Optional: true, ForceNew: true},
		"description":             optStr(""),
		"kms_key_id":              optStr(""),
		"policy":                  {Type: cty.String, Optional: true, Computed: true},
		"recovery_window_in_days": {Type: cty.Number, Optional: true, Computed: true, Description: "0 deletes at once; default 30."},
		"tags":                    {Type: cty.Map(cty.String), Optional: true},
		"tags_all":                {Type: cty.Map(cty.String), Computed: true},
	},
}

func secretResource() *resourceType {
	return &resourceType{
		schema:    &schema.Resource{Block: secretBlock},
		defaults:  map[string]cty.Value{"recovery_window_in_days": cty.NumberIntVal(30)},
		jsonAttrs: map[string]equalFunc{"policy": policyEqual},
		validate:  validateJSONAttrs("policy"),
		create:    createSecret,
		read:      readSecret,
		update:    updateSecret,
		delete: func(ctx context.Context, c *client, prior cty.Value) schema.Diagnostics {
			o := kit.Obj(prior)
			in := &secretsmanager.DeleteSecretInput{SecretId: o.StrPtr("id")}
			if days := o.Int64("recovery_window_in_days"); days == 0 {
				in.ForceDeleteWithoutRecovery = aws.Bool(true)
			} else {
				in.RecoveryWindowInDays = aws.Int64(days)
			}
			if _, err := c.secrets.DeleteSecret(ctx, in); err != nil && !isNotFound(err, "ResourceNotFoundException") {
				return apiDiag(err, attrPath("recovery_window_in_days"), "Cannot delete secret")
			}
			return nil
		},
		importState: func(id string) (cty.Value, schema.Diagnostics) {
			return idStub(secretBlock, id, map[string]cty.Value{"arn": cty.StringVal(id)})
		},
	}
}

func smTags(tags map[string]string) []smtypes.Tag {
	out := make([]smtypes.Tag, 0, len(tags))
	for k, v := range tags {
		out = append(out, smtypes.Tag{Key: aws.String(k), Value: aws.String(v)})
	}
	return out
}

func createSecret(ctx context.Context, c *client, planned cty.Value) (cty.Value, schema.Diagnostics) {
	o := kit.Obj(planned)
	name := o.Str("name")
	if name == "" {
		name = uniqueName(o.Str("name_prefix"))
	}
	out, err := c.secrets.CreateSecret(ctx, &secretsmanager.CreateSecretInput{Name: aws.String(name),
		Description: o.StrPtr("description"), KmsKeyId: o.StrPtr("kms_key_id"), Tags: smTags(o.StrMap("tags_all"))})
	if err != nil {
		return cty.NullVal(planned.Type()), apiDiag(err, attrPath("name"), "Cannot create secret")
	}
	arn := aws.ToString(out.ARN)
	state := kit.Set(kit.Set(kit.Set(planned, "name", cty.StringVal(name)), "id", cty.StringVal(arn)), "arn", cty.StringVal(arn))
	if pol := o.Str("policy"); pol != "" {
		if _, err := c.secrets.PutResourcePolicy(ctx, &secretsmanager.PutResourcePolicyInput{SecretId: &arn, ResourcePolicy: &pol}); err != nil {
			return state, apiDiag(err, attrPath("policy"), "Secret created but its policy was refused")
		}
	}
	return state, nil
}

func readSecret(ctx context.Context, c *client, prior cty.Value) (cty.Value, schema.Diagnostics) {
	o := kit.Obj(prior)
	id := o.StrPtr("id")
	out, err := c.secrets.DescribeSecret(ctx, &secretsmanager.DescribeSecretInput{SecretId: id})
	if isNotFound(err, "ResourceNotFoundException") || (err == nil && out.DeletedDate != nil) {
		return cty.NullVal(prior.Type()), nil
	}
	if err != nil {
		return prior, apiDiag(err, nil, "Cannot read secret")
	}
	pol, err := c.secrets.GetResourcePolicy(ctx, &secretsmanager.GetResourcePolicyInput{SecretId: id})
	if err != nil {
		return prior, apiDiag(err, attrPath("policy"), "Cannot read secret policy")
	}
	live := map[string]string{}
	for _, t := range out.Tags {
		live[aws.ToString(t.Key)] = aws.ToString(t.Value)
	}
	tags, tagsAll := c.readTags(prior, live)
	return kit.ObjectVal(secretBlock, map[string]cty.Value{
			"id": kit.StrPtrVal(out.ARN), "arn": kit.StrPtrVal(out.ARN), "name": kit.StrPtrVal(out.Name), "name_prefix": o.Attr("name_prefix"),
			"description": conform(o.Attr("description"), cty.StringVal(aws.ToString(out.Description))),
			"kms_key_id":  conform(o.Attr("kms_key_id"), cty.StringVal(aws.ToString(out.KmsKeyId))),
			"policy":      cty.StringVal(aws.ToString(pol.ResourcePolicy)), "recovery_window_in_days": o.Attr("recovery_window_in_days"),
			"tags": tags, "tags_all": tagsAll,
		}),

		nil
}

func updateSecret(ctx context.Context, c *client, prior, planned cty.Value) (cty.Value, schema.Diagnostics) {
	o := kit.Obj(planned)
	id := aws.String(kit.Obj(prior).Str("id"))
	if changed(prior, planned, "description", "kms_key_id") {
		desc := o.Str("description")
		if _, err := c.secrets.UpdateSecret(ctx, &secretsmanager.UpdateSecretInput{SecretId: id, Description: &desc,
			KmsKeyId: o.StrPtr("kms_key_id")}); err != nil {
			return prior, apiDiag(err, attrPath("description"), "Cannot update secret")
		}
	}
	if changed(prior, planned, "policy") {
		var err error
		if pol := o.Str("policy"); pol != "" {
			_, err = c.secrets.PutResourcePolicy(ctx, &secretsmanager.PutResourcePolicyInput{SecretId: id, ResourcePolicy: &pol})
		} else {
			_, err = c.secrets.DeleteResourcePolicy(ctx, &secretsmanager.DeleteResourcePolicyInput{SecretId: id})
		}
		if err != nil {
			return planned, apiDiag(err, attrPath("policy"), "Cannot set secret policy")
		}
	}
	if tagsChanged(prior, planned) {
		set, removed := tagDiff(kit.Obj(prior).StrMap("tags_all"), o.StrMap("tags_all"))
		if len(removed) > 0 {
			if _, err := c.secrets.UntagResource(ctx, &secretsmanager.UntagResourceInput{SecretId: id, TagKeys: removed}); err != nil {
				return planned, apiDiag(err, attrPath("tags"), "Cannot untag secret")
			}
		}
		if len(set) > 0 {
			if _, err := c.secrets.TagResource(ctx, &secretsmanager.TagResourceInput{SecretId: id, Tags: smTags(set)}); err != nil {
				return planned, apiDiag(err, attrPath("tags"), "Cannot tag secret")
			}
		}
	}
	return planned, nil
}
