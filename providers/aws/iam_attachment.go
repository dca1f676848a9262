package aws

import (
	"context"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/providers/internal/kit"
	"github.com/trueup/trueup/schema"
)

var iamRolePolicyAttachmentBlock = &schema.Block{
	Description: "A managed policy attached to an IAM role. Import ID: ROLE/POLICY_ARN.",
	Attributes: map[string]*schema.Attribute{
		"id":         {Type: cty.String, Computed: true, Description: "ROLE/POLICY_ARN."},
		"role":       {Type: cty.String, Required: true, ForceNew: true, Description: "Name of the role."},
		"policy_arn": {Type: cty.String, Required: true, ForceNew: true},
	},
}

func iamRolePolicyAttachmentResource() *resourceType {
	return &resourceType{
		schema: &schema.Resource{Block: iamRolePolicyAttachmentBlock},
		create: func(ctx context.Context, c *client, planned cty.Value) (cty.Value, schema.Diagnostics) {
			o := kit.Obj(planned)
			_, err := c.iam.AttachRolePolicy(ctx, &iam.AttachRolePolicyInput{RoleName: o.StrPtr("role"), PolicyArn: o.StrPtr("policy_arn")})
			if err != nil {
				path := attrPath("policy_arn")
				if strings.Contains(apiMessage(err), "role") {
					path = attrPath("role")
				}
				return cty.NullVal(planned.Type()), apiDiag(err, path, "Cannot attach IAM policy to role")
			}
			return kit.Set(planned, "id", cty.StringVal(o.Str("role")+"/"+o.Str("policy_arn"))), nil
		},
		read: readIAMRolePolicyAttachment,
		delete: func(ctx context.Context, c *client, prior cty.Value) schema.Diagnostics {
			o := kit.Obj(prior)
			_, err := c.iam.DetachRolePolicy(ctx, &iam.DetachRolePolicyInput{RoleName: o.StrPtr("role"), PolicyArn: o.StrPtr("policy_arn")})
			if err != nil && !isNotFound(err, "NoSuchEntity") {
				return apiDiag(err, nil, "Cannot detach IAM policy from role")
			}
			return nil
		},
		importState: func(id string) (cty.Value, schema.Diagnostics) {
			role, arn, ok := strings.Cut(id, "/")
			if !ok || role == "" || !strings.HasPrefix(arn, "arn:") {
				return cty.NilVal, schema.Errorf(nil, "Invalid import ID", "Want ROLE/POLICY_ARN, got "+id+".")
			}
			return idStub(iamRolePolicyAttachmentBlock, id, map[string]cty.Value{"role": cty.StringVal(role), "policy_arn": cty.StringVal(arn)})
		},
	}
}

func readIAMRolePolicyAttachment(ctx context.Context, c *client, prior cty.Value) (cty.Value, schema.Diagnostics) {
	o := kit.Obj(prior)
	pages := iam.NewListAttachedRolePoliciesPaginator(c.iam, &iam.ListAttachedRolePoliciesInput{RoleName: o.StrPtr("role")})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if isNotFound(err, "NoSuchEntity") {
			return cty.NullVal(prior.Type()), nil
		}
		if err != nil {
			return prior, apiDiag(err, nil, "Cannot list IAM role policies")
		}
		for _, p := range page.AttachedPolicies {
			if aws.ToString(p.PolicyArn) == o.Str("policy_arn") {
				return prior, nil
			}
		}
	}
	return cty.NullVal(prior.Type()), nil
}
