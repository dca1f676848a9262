package aws

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/providers/providertest"
)

func ec2Client() *ec2.Client { return ec2.NewFromConfig(sdkConfig()) }

func mustVPC(t *testing.T, cidr string) string {
	t.Helper()
	out, err := ec2Client().CreateVpc(bg, &ec2.CreateVpcInput{CidrBlock: aws.String(cidr)})
	mustNoErr(t, err)
	return aws.ToString(out.Vpc.VpcId)
}

func TestEC2NetworkingConformance(t *testing.T) {
	p := newMotoProvider(t, nil)
	vpcID := mustVPC(t, "10.20.0.0/16")
	sg, err := ec2Client().CreateSecurityGroup(bg, &ec2.CreateSecurityGroupInput{GroupName: aws.String("web"),
		Description: aws.String("web"), VpcId: aws.String(vpcID)})
	mustNoErr(t, err)
	sgID := aws.ToString(sg.GroupId)
	rule := func(vals map[string]cty.Value) cty.Value {
		vals["security_group_id"] = cty.StringVal(sgID)
		return cfg(t, "aws_vpc_security_group_ingress_rule", vals)
	}
	providertest.Run(t, p, []providertest.Case{{
		Name: "VPC DNS hostnames and tags change in place; a new CIDR replaces; tag drift is seen",
		Type: "aws_vpc",
		Steps: []providertest.Step{
			{Config: cfg(t, "aws_vpc", map[string]cty.Value{"cidr_block": cty.StringVal("10.0.0.0/16")}),
				Check: func(t *testing.T, s cty.Value) {
					if str(s, "main_route_table_id") == "" || str(s, "default_security_group_id") == "" {
						t.Errorf("VPC defaults not read: %#v", s)
					}
				}},
			{Config: cfg(t, "aws_vpc", map[string]cty.Value{"cidr_block": cty.StringVal("10.0.0.0/16"),
				"enable_dns_hostnames": cty.True, "tags": tagsVal("Name", "main")})},
			{Config: cfg(t, "aws_vpc", map[string]cty.Value{"cidr_block": cty.StringVal("10.1.0.0/16"),
				"enable_dns_hostnames": cty.True, "tags": tagsVal("Name", "main")}), Replace: true},
		},
		Mutate: func(t *testing.T, s cty.Value) {
			_, err := ec2Client().CreateTags(bg, &ec2.CreateTagsInput{Resources: []string{str(s, "id")},
				Tags: []ec2types.Tag{{Key: aws.String("Name"), Value: aws.String("renamed")}}})
			mustNoErr(t, err)
		},
		ImportID: func(s cty.Value) string { return str(s, "id") },
	}, {
		Name: "subnet public IP mapping changes in place; a deleted subnet is re-created",
		Type: "aws_subnet",
		Steps: []providertest.Step{
			{Config: cfg(t, "aws_subnet", map[string]cty.Value{"vpc_id": cty.StringVal(vpcID), "cidr_block": cty.StringVal("10.20.1.0/24"),
				"availability_zone": cty.StringVal("us-east-1a")})},
			{Config: cfg(t, "aws_subnet", map[string]cty.Value{"vpc_id": cty.StringVal(vpcID), "cidr_block": cty.StringVal("10.20.1.0/24"),
				"availability_zone": cty.StringVal("us-east-1a"), "map_public_ip_on_launch": cty.True})},
		},
		Mutate: func(t *testing.T, s cty.Value) {
			_, err := ec2Client().DeleteSubnet(bg, &ec2.DeleteSubnetInput{SubnetId: aws.String(str(s, "id"))})
			mustNoErr(t, err)
		},
		ImportID: func(s cty.Value) string { return str(s, "id") },
	}, {
		Name: "security group tags change in place; a new description replaces",
		Type: "aws_security_group",
		Steps: []providertest.Step{
			{Config: cfg(t, "aws_security_group", map[string]cty.Value{"name": cty.StringVal("app"), "vpc_id": cty.StringVal(vpcID)})},
			{Config: cfg(t, "aws_security_group", map[string]cty.Value{"name": cty.StringVal("app"), "vpc_id": cty.StringVal(vpcID),
				"tags": tagsVal("tier", "app")})},
			{Config: cfg(t, "aws_security_group", map[string]cty.Value{"name": cty.StringVal("app"), "vpc_id": cty.StringVal(vpcID),
				"description": cty.StringVal("application tier"), "tags": tagsVal("tier", "app")}), Replace: true},
		},
		Mutate: func(t *testing.T, s cty.Value) {
			_, err := ec2Client().DeleteTags(bg, &ec2.DeleteTagsInput{Resources: []string{str(s, "id")}, Tags: []ec2types.Tag{{Key: aws.String("tier")}}})
			mustNoErr(t, err)
		},
		ImportID: func(s cty.Value) string { return str(s, "id") },
	}, {
		Name: "an ingress rule's port and description change in place; a revoked rule is re-created",
		Type: "aws_vpc_security_group_ingress_rule",
		Steps: []providertest.Step{
			{Config: rule(map[string]cty.Value{"ip_protocol": cty.StringVal("tcp"), "from_port": cty.NumberIntVal(443),
				"to_port": cty.NumberIntVal(443), "cidr_ipv4": cty.StringVal("0.0.0.0/0")})},
			{Config: rule(map[string]cty.Value{"ip_protocol": cty.StringVal("tcp"), "from_port": cty.NumberIntVal(8443),
				"to_port": cty.NumberIntVal(8443), "cidr_ipv4": cty.StringVal("0.0.0.0/0"), "description": cty.StringVal("https")})},
		},
		Mutate: func(t *testing.T, s cty.Value) {
			_, err := ec2Client().RevokeSecurityGroupIngress(bg, &ec2.RevokeSecurityGroupIngressInput{GroupId: aws.String(sgID),
				SecurityGroupRuleIds: []string{str(s, "id")}})
			mustNoErr(t, err)
		},
		ImportID: func(s cty.Value) string { return str(s, "id") },
	}})
}

func TestEC2DataSources(t *testing.T) {
	p := newMotoProvider(t, nil)
	vpcID := mustVPC(t, "10.9.0.0/16")
	_, err := ec2Client().CreateTags(bg, &ec2.CreateTagsInput{Resources: []string{vpcID},
		Tags: []ec2types.Tag{{Key: aws.String("Name"), Value: aws.String("data")}}})
	mustNoErr(t, err)
	zones := readData(t, p, "aws_availability_zones", map[string]cty.Value{"state": cty.StringVal("available")})
	if zones.Diagnostics.HasErrors() {
		t.Fatal(zones.Diagnostics.Err())
	}
	if names := zones.State.GetAttr("names"); names.LengthInt() == 0 || !names.Index(cty.NumberIntVal(0)).RawEquals(cty.StringVal("us-east-1a")) {
		t.Errorf("availability zone names = %#v, want us-east-1a first", names)
	}
	byTag := readData(t, p, "aws_vpc", map[string]cty.Value{"tags": tagsVal("Name", "data")})
	if byTag.Diagnostics.HasErrors() {
		t.Fatal(byTag.Diagnostics.Err())
	}
	if got := str(byTag.State, "id"); got != vpcID || str(byTag.State, "cidr_block") != "10.9.0.0/16" {
		t.Errorf("VPC by tag = %s (%s), want %s", got, str(byTag.State, "cidr_block"), vpcID)
	}
	if d := readData(t, p, "aws_vpc", map[string]cty.Value{"cidr_block": cty.StringVal("192.168.0.0/16")}).Diagnostics; !d.HasErrors() {
		t.Error("a search matching no VPC succeeded, want an error")
	}
}
