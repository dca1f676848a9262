package aws

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	ssmtypes "github.com/aws/aws-sdk-go-v2/service/ssm/types"
	"github.com/trueup/trueup/schema"
	"github.com/zclconf/go-cty/cty"
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
		defaults: map[string]cty.Value{"tier": strVal("Standard"), "data_type": strVal("text")},
		validate: func(config cty.Value) schema.Diagnostics {
			o := ob(config)
			if !o.null("value") && !o.null("insecure_value") {
				return schema.Errorf(attrPath("insecure_value"), "Conflicting values", "Set value or insecure_value, not both.")
			}
			if o.known("type") && o.str("type") == "SecureString" && !o.null("insecure_value") {
				return schema.Errorf(attrPath("insecure_value"), "Insecure SecureString", "A SecureString takes value, which is kept sensitive.")
			}
			return nil
		},
		plan: func(_ *client, prior, planned, config cty.Value) (cty.Value, schema.Diagnostics) {
			if prior.IsNull() {
				return planned, nil
			}
			if changed(prior, planned, ssmWriteAttrs...) {
				planned = setAttr(planned, "version", cty.UnknownVal(cty.Number))
			}
			return planned, nil
		},
		create: func(ctx context.Context, c *client, planned cty.Value) (cty.Value, schema.Diagnostics) {
			if diags := putSSMParameter(ctx, c, planned, false); diags.HasErrors() {
				return cty.NullVal(planned.Type()), diags
			}
			return setAttr(planned, "id", ob(planned).attr("name")), nil
		},
		read:   readSSMParameter,
		update: updateSSMParameter,
		delete: func(ctx context.Context, c *client, prior cty.Value) schema.Diagnostics {
			_, err := c.ssm.DeleteParameter(ctx, &ssm.DeleteParameterInput{Name: aws.String(ob(prior).str("id"))})
			if err != nil && !isNotFound(err, "ParameterNotFound") {
				return apiDiag(err, nil, "Cannot delete SSM parameter")
			}
			return nil
		},
		importState: func(id string) (cty.Value, schema.Diagnostics) {
			return idStub(ssmParameterBlock, id, map[string]cty.Value{"name": strVal(id)})
		},
	}
}

func putSSMParameter(ctx context.Context, c *client, planned cty.Value, overwrite bool) schema.Diagnostics {
	o := ob(planned)
	value := o.strPtr("value")
	if value == nil {
		value = o.strPtr("insecure_value")
	}
	in := &ssm.PutParameterInput{
		Name: o.strPtr("name"), Type: ssmtypes.ParameterType(o.str("type")), Value: value,
		Description: o.strPtr("description"), Tier: ssmtypes.ParameterTier(o.str("tier")),
		DataType: o.strPtr("data_type"), AllowedPattern: o.strPtr("allowed_pattern"), Overwrite: aws.Bool(overwrite),
	}
	if o.str("type") == "SecureString" {
		in.KeyId = o.strPtr("key_id")
	}
	if !overwrite {
		for k, v := range o.strMap("tags_all") {
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
	o := ob(prior)
	name := aws.String(o.str("id"))
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
	value, insecure := strPtrVal(p.Value), cty.NullVal(cty.String)
	if !o.null("insecure_value") {
		value, insecure = cty.NullVal(cty.String), strPtrVal(p.Value)
	}
	tier := string(meta.Tier)
	if tier == "" {
		tier = "Standard"
	}
	keyID := strVal(aws.ToString(meta.KeyId))
	return objectVal(ssmParameterBlock, map[string]cty.Value{
		"id": strPtrVal(p.Name), "name": strPtrVal(p.Name), "arn": strPtrVal(p.ARN), "type": strVal(string(p.Type)),
		"version": intVal(p.Version), "value": value, "insecure_value": insecure,
		"description":     conform(o.attr("description"), strVal(aws.ToString(meta.Description))),
		"allowed_pattern": conform(o.attr("allowed_pattern"), strVal(aws.ToString(meta.AllowedPattern))),
		"tier":            strVal(tier), "key_id": keyID, "data_type": strVal(aws.ToString(p.DataType)),
		"tags": tags, "tags_all": tagsAll,
	}), nil
}

func updateSSMParameter(ctx context.Context, c *client, prior, planned cty.Value) (cty.Value, schema.Diagnostics) {
	if changed(prior, planned, ssmWriteAttrs...) {
		if diags := putSSMParameter(ctx, c, planned, true); diags.HasErrors() {
			return prior, diags
		}
	}
	if tagsChanged(prior, planned) {
		name := aws.String(ob(prior).str("id"))
		set, removed := tagDiff(ob(prior).strMap("tags_all"), ob(planned).strMap("tags_all"))
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
