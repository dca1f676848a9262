package aws

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/providers/providertest"
)

func iamClient() *iam.Client { return iam.NewFromConfig(sdkConfig()) }

const trustEC2 = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`

// trustLambdaPretty is indented and uses lists for single values: IAM
// equivalence must see through both.
const trustLambdaPretty = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": {"Service": ["lambda.amazonaws.com"]},
      "Action": ["sts:AssumeRole"]
    }
  ]
}`

func actionPolicy(action string) string {
	return `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"` + action + `","Resource":"*"}]}`
}

func TestIAMConformance(t *testing.T) {
	p := newMotoProvider(t, nil)
	_, err := iamClient().CreateRole(bg, &iam.CreateRoleInput{RoleName: aws.String("app"), AssumeRolePolicyDocument: aws.String(trustEC2)})
	mustNoErr(t, err)
	pol, err := iamClient().CreatePolicy(bg, &iam.CreatePolicyInput{PolicyName: aws.String("read-all"), PolicyDocument: aws.String(actionPolicy("s3:Get*"))})
	mustNoErr(t, err)
	pol2, err := iamClient().CreatePolicy(bg, &iam.CreatePolicyInput{PolicyName: aws.String("write-all"), PolicyDocument: aws.String(actionPolicy("s3:Put*"))})
	mustNoErr(t, err)
	role := func(vals map[string]cty.Value) cty.Value { return cfg(t, "aws_iam_role", vals) }
	attach := func(arn *string) cty.Value {
		return cfg(t, "aws_iam_role_policy_attachment", map[string]cty.Value{"role": cty.StringVal("app"), "policy_arn": cty.StringVal(aws.ToString(arn))})
	}
	providertest.Run(t, p, []providertest.Case{{
		Name: "role trust policy, description and tags change in place; trust policy drift is seen",
		Type: "aws_iam_role",
		Steps: []providertest.Step{
			{Config: role(map[string]cty.Value{"name": cty.StringVal("deployer"), "assume_role_policy": cty.StringVal(trustLambdaPretty)})},
			{Config: role(map[string]cty.Value{"name": cty.StringVal("deployer"), "assume_role_policy": cty.StringVal(trustEC2),
				"description": cty.StringVal("deploys"), "max_session_duration": cty.NumberIntVal(7200), "tags": tagsVal("team", "ops")})},
		},
		Mutate: func(t *testing.T, _ cty.Value) {
			_, err := iamClient().UpdateAssumeRolePolicy(bg, &iam.UpdateAssumeRolePolicyInput{RoleName: aws.String("deployer"),
				PolicyDocument: aws.String(trustLambdaPretty)})
			mustNoErr(t, err)
		},
		ImportID: func(s cty.Value) string { return str(s, "id") },
	}, {
		Name: "a role with attached policies is destroyed with force_detach_policies; a new path replaces",
		Type: "aws_iam_role",
		Steps: []providertest.Step{
			{Config: role(map[string]cty.Value{"name_prefix": cty.StringVal("svc-"), "assume_role_policy": cty.StringVal(trustEC2),
				"force_detach_policies": cty.True}),
				Check: func(t *testing.T, s cty.Value) {
					_, err := iamClient().AttachRolePolicy(bg, &iam.AttachRolePolicyInput{RoleName: aws.String(str(s, "name")), PolicyArn: pol.Policy.Arn})
					mustNoErr(t, err)
				}},
			{Config: role(map[string]cty.Value{"name_prefix": cty.StringVal("svc-"), "assume_role_policy": cty.StringVal(trustEC2),
				"force_detach_policies": cty.True, "path": cty.StringVal("/services/")}), Replace: true},
		},
		Mutate: func(t *testing.T, s cty.Value) {
			_, err := iamClient().TagRole(bg, &iam.TagRoleInput{RoleName: aws.String(str(s, "name")),
				Tags: []iamtypes.Tag{{Key: aws.String("added"), Value: aws.String("by-hand")}}})
			mustNoErr(t, err)
		},
		ImportID:     func(s cty.Value) string { return str(s, "id") },
		ImportIgnore: []string{"name_prefix", "force_detach_policies"},
	}, {
		Name: "policy document updates in place as a new version; document drift is seen",
		Type: "aws_iam_policy",
		Steps: []providertest.Step{
			{Config: cfg(t, "aws_iam_policy", map[string]cty.Value{"name": cty.StringVal("deploy"), "policy": cty.StringVal(actionPolicy("s3:*")),
				"description": cty.StringVal("deploy things")})},
			{Config: cfg(t, "aws_iam_policy", map[string]cty.Value{"name": cty.StringVal("deploy"), "policy": cty.StringVal(actionPolicy("sqs:*")),
				"description": cty.StringVal("deploy things"), "tags": tagsVal("team", "ops")})},
			{Config: cfg(t, "aws_iam_policy", map[string]cty.Value{"name": cty.StringVal("deploy"), "policy": cty.StringVal(actionPolicy("sns:*")),
				"description": cty.StringVal("deploy things"), "tags": tagsVal("team", "ops")})},
		},
		Mutate: func(t *testing.T, s cty.Value) {
			_, err := iamClient().CreatePolicyVersion(bg, &iam.CreatePolicyVersionInput{PolicyArn: aws.String(str(s, "arn")),
				PolicyDocument: aws.String(actionPolicy("*")), SetAsDefault: true})
			mustNoErr(t, err)
		},
		ImportID: func(s cty.Value) string { return str(s, "id") },
	}, {
		Name:  "an attachment to another policy replaces; a detached policy is re-attached",
		Type:  "aws_iam_role_policy_attachment",
		Steps: []providertest.Step{{Config: attach(pol.Policy.Arn)}, {Config: attach(pol2.Policy.Arn), Replace: true}},
		Mutate: func(t *testing.T, _ cty.Value) {
			_, err := iamClient().DetachRolePolicy(bg, &iam.DetachRolePolicyInput{RoleName: aws.String("app"), PolicyArn: pol2.Policy.Arn})
			mustNoErr(t, err)
		},
		ImportID: func(s cty.Value) string { return "app/" + str(s, "policy_arn") },
	}})
}
