package aws

import (
	"context"
	"sort"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/providers/internal/kit"
	"github.com/trueup/trueup/schema"
)

var iamPolicyBlock = &schema.Block{
	Description: "A customer managed IAM policy. Import ID: the policy ARN.",
	Attributes: map[string]*schema.Attribute{
		"id":               {Type: cty.String, Computed: true, Description: "The policy ARN."},
		"arn":              {Type: cty.String, Computed: true},
		"policy_id":        {Type: cty.String, Computed: true},
		"attachment_count": {Type: cty.Number, Computed: true},
		"name":             {Type: cty.String, Optional: true, Computed: true, ForceNew: true},
		"name_prefix":      {Type: cty.String, Optional: true, ForceNew: true},
		"path":             {Type: cty.String, Optional: true, Computed: true, ForceNew: true},
		"description":      {Type: cty.String, Optional: true, ForceNew: true},
		"policy":           {Type: cty.String, Required: true, Description: "The policy JSON document."},
		"tags":             {Type: cty.Map(cty.String), Optional: true},
		"tags_all":         {Type: cty.Map(cty.String), Computed: true},
	},
}

func iamPolicyResource() *resourceType {
	return &resourceType{
		schema:    &schema.Resource{Block: iamPolicyBlock},
		defaults:  map[string]cty.Value{"path": cty.StringVal("/")},
		jsonAttrs: map[string]equalFunc{"policy": policyEqual},
		validate:  validateJSONAttrs("policy"),
		create:    createIAMPolicy,
		read:      readIAMPolicy,
		update:    updateIAMPolicy,
		delete:    deleteIAMPolicy,
		importState: func(id string) (cty.Value, schema.Diagnostics) {
			return idStub(iamPolicyBlock, id, map[string]cty.Value{"arn": cty.StringVal(id)})
		},
	}
}

func createIAMPolicy(ctx context.Context, c *client, planned cty.Value) (cty.Value, schema.Diagnostics) {
	o := kit.Obj(planned)
	name := o.Str("name")
	if name == "" {
		name = uniqueName(o.Str("name_prefix"))
	}
	out, err := c.iam.CreatePolicy(ctx, &iam.CreatePolicyInput{PolicyName: aws.String(name), Path: o.StrPtr("path"),
		Description: o.StrPtr("description"), PolicyDocument: o.StrPtr("policy"), Tags: iamTags(o.StrMap("tags_all"))})
	if err != nil {
		path := cty.Path(nil)
		if hasCode(err, "MalformedPolicyDocument") {
			path = attrPath("policy")
		} else if hasCode(err, "EntityAlreadyExists") {
			path = attrPath("name")
		}
		return cty.NullVal(planned.Type()), apiDiag(err, path, "Cannot create IAM policy")
	}
	arn := aws.ToString(out.Policy.Arn)
	return kit.Set(kit.Set(kit.Set(planned, "name", cty.StringVal(name)), "id", cty.StringVal(arn)), "arn", cty.StringVal(arn)), nil
}

func readIAMPolicy(ctx context.Context, c *client, prior cty.Value) (cty.Value, schema.Diagnostics) {
	o := kit.Obj(prior)
	arn := aws.String(o.Str("id"))
	out, err := c.iam.GetPolicy(ctx, &iam.GetPolicyInput{PolicyArn: arn})
	if isNotFound(err, "NoSuchEntity") {
		return cty.NullVal(prior.Type()), nil
	}
	if err != nil {
		return prior, apiDiag(err, nil, "Cannot read IAM policy")
	}
	p := out.Policy
	ver, err := c.iam.GetPolicyVersion(ctx, &iam.GetPolicyVersionInput{PolicyArn: arn, VersionId: p.DefaultVersionId})
	if err != nil {
		return prior, apiDiag(err, attrPath("policy"), "Cannot read IAM policy document")
	}
	tags, tagsAll := c.readTags(prior, fromIAMTags(p.Tags))
	return kit.ObjectVal(iamPolicyBlock, map[string]cty.Value{
			"id": kit.StrPtrVal(p.Arn), "arn": kit.StrPtrVal(p.Arn), "policy_id": kit.StrPtrVal(p.PolicyId),
			"attachment_count": kit.Int32PtrVal(p.AttachmentCount), "name": kit.StrPtrVal(p.PolicyName),
			"name_prefix": o.Attr("name_prefix"), "path": kit.StrPtrVal(p.Path),
			"description": conform(o.Attr("description"), cty.StringVal(aws.ToString(p.Description))),
			"policy":      cty.StringVal(decodePolicy(aws.ToString(ver.PolicyVersion.Document))),
			"tags":        tags, "tags_all": tagsAll,
		}),

		nil
}

func updateIAMPolicy(ctx context.Context, c *client, prior, planned cty.Value) (cty.Value, schema.Diagnostics) {
	o := kit.Obj(planned)
	arn := aws.String(kit.Obj(prior).Str("id"))
	if changed(prior, planned, "policy") {
		if err := pruneIAMPolicyVersions(ctx, c, arn, 4); err != nil {
			return prior, apiDiag(err, attrPath("policy"), "Cannot make room for a new IAM policy version")
		}
		_, err := c.iam.CreatePolicyVersion(ctx, &iam.CreatePolicyVersionInput{PolicyArn: arn,
			PolicyDocument: o.StrPtr("policy"), SetAsDefault: true})
		if err != nil {
			return prior, apiDiag(err, attrPath("policy"), "Cannot update IAM policy document")
		}
	}
	if tagsChanged(prior, planned) {
		set, removed := tagDiff(kit.Obj(prior).StrMap("tags_all"), o.StrMap("tags_all"))
		if len(removed) > 0 {
			if _, err := c.iam.UntagPolicy(ctx, &iam.UntagPolicyInput{PolicyArn: arn, TagKeys: removed}); err != nil {
				return planned, apiDiag(err, attrPath("tags"), "Cannot untag IAM policy")
			}
		}
		if len(set) > 0 {
			if _, err := c.iam.TagPolicy(ctx, &iam.TagPolicyInput{PolicyArn: arn, Tags: iamTags(set)}); err != nil {
				return planned, apiDiag(err, attrPath("tags"), "Cannot tag IAM policy")
			}
		}
	}
	return planned, nil
}

// pruneIAMPolicyVersions deletes the oldest non-default versions until at
// most keep remain (IAM allows five).
func pruneIAMPolicyVersions(ctx context.Context, c *client, arn *string, keep int) error {
	out, err := c.iam.ListPolicyVersions(ctx, &iam.ListPolicyVersionsInput{PolicyArn: arn})
	if err != nil {
		return err
	}
	vs := out.Versions
	sort.Slice(vs, func(i, j int) bool { return aws.ToTime(vs[i].CreateDate).Before(aws.ToTime(vs[j].CreateDate)) })
	excess := len(vs) - keep
	for _, v := range vs {
		if excess <= 0 {
			break
		}
		if v.IsDefaultVersion {
			continue
		}
		if _, err := c.iam.DeletePolicyVersion(ctx, &iam.DeletePolicyVersionInput{PolicyArn: arn, VersionId: v.VersionId}); err != nil {
			return err
		}
		excess--
	}
	return nil
}

func deleteIAMPolicy(ctx context.Context, c *client, prior cty.Value) schema.Diagnostics {
	arn := aws.String(kit.Obj(prior).Str("id"))
	if err := pruneIAMPolicyVersions(ctx, c, arn, 0); err != nil && !isNotFound(err, "NoSuchEntity") {
		return apiDiag(err, nil, "Cannot delete IAM policy versions")
	}
	_, err := c.iam.DeletePolicy(ctx, &iam.DeletePolicyInput{PolicyArn: arn})
	switch {
	case err == nil || isNotFound(err, "NoSuchEntity"):
		return nil
	case hasCode(err, "DeleteConflict"):
		return schema.Errorf(nil, "Cannot delete IAM policy", apiMessage(err)+". Detach it from every role, user and group first.")
	}
	return apiDiag(err, nil, "Cannot delete IAM policy")
}
