package aws

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/providers/providertest"
)

// TestSecurityGroupCreateRevokesDefaultEgress: as in Terraform, a new
// group has no egress rules until egress_rule resources add them, so an
// allow-all egress rule resource can be created without a duplicate.
func TestSecurityGroupCreateRevokesDefaultEgress(t *testing.T) {
	p := newMotoProvider(t, nil)
	vpcID := mustVPC(t, "10.30.0.0/16")
	egressRules := func(t *testing.T, groupID string) []ec2types.SecurityGroupRule {
		t.Helper()
		out, err := ec2Client().DescribeSecurityGroupRules(bg, &ec2.DescribeSecurityGroupRulesInput{
			Filters: []ec2types.Filter{filter("group-id", groupID)}})
		mustNoErr(t, err)
		var eg []ec2types.SecurityGroupRule
		for _, r := range out.SecurityGroupRules {
			if aws.ToBool(r.IsEgress) {
				eg = append(eg, r)
			}
		}
		return eg
	}
	var groupID string
	providertest.Run(t, p, []providertest.Case{{
		Name: "a new group has no egress rule",
		Type: "aws_security_group",
		Steps: []providertest.Step{{
			Config: cfg(t, "aws_security_group", map[string]cty.Value{"name": cty.StringVal("egress"), "vpc_id": cty.StringVal(vpcID)}),
			Check: func(t *testing.T, s cty.Value) {
				groupID = str(s, "id")
				if eg := egressRules(t, groupID); len(eg) != 0 {
					t.Errorf("want no egress rules on a new group, got %d: %+v", len(eg), eg)
				}
			},
		}},
	}, {
		Name: "an allow-all egress rule is created without a duplicate error",
		Type: "aws_vpc_security_group_egress_rule",
		Steps: []providertest.Step{{
			Config: cfg(t, "aws_vpc_security_group_egress_rule", map[string]cty.Value{
				"security_group_id": cty.StringVal(mustGroup(t, vpcID)), "ip_protocol": cty.StringVal("-1"),
				"cidr_ipv4": cty.StringVal("0.0.0.0/0")}),
		}},
	}})
}

// mustGroup makes a group with the SDK and takes its default egress rule
// away with revokeDefaultEgress, as createSecurityGroup does.
func mustGroup(t *testing.T, vpcID string) string {
	t.Helper()
	out, err := ec2Client().CreateSecurityGroup(bg, &ec2.CreateSecurityGroupInput{GroupName: aws.String("egress-rules"),
		Description: aws.String("egress rules"), VpcId: aws.String(vpcID)})
	mustNoErr(t, err)
	id := aws.ToString(out.GroupId)
	c := &client{ec2: ec2Client()}
	mustNoErr(t, revokeDefaultEgress(bg, c, id))
	return id
}
