package aws

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/providers/internal/kit"
	"github.com/trueup/trueup/schema"
)

var vpcBlock = &schema.Block{
	Description: "A VPC. Import ID: the VPC ID.",
	Attributes: map[string]*schema.Attribute{
		"id":                        {Type: cty.String, Computed: true},
		"arn":                       {Type: cty.String, Computed: true},
		"owner_id":                  {Type: cty.String, Computed: true},
		"cidr_block":                {Type: cty.String, Required: true, ForceNew: true},
		"instance_tenancy":          {Type: cty.String, Optional: true, Computed: true, ForceNew: true},
		"enable_dns_support":        {Type: cty.Bool, Optional: true, Computed: true},
		"enable_dns_hostnames":      {Type: cty.Bool, Optional: true, Computed: true},
		"main_route_table_id":       {Type: cty.String, Computed: true},
		"default_route_table_id":    {Type: cty.String, Computed: true},
		"default_security_group_id": {Type: cty.String, Computed: true},
		"default_network_acl_id":    {Type: cty.String, Computed: true},
		"dhcp_options_id":           {Type: cty.String, Computed: true},
		"tags":                      {Type: cty.Map(cty.String), Optional: true},
		"tags_all":                  {Type: cty.Map(cty.String), Computed: true},
	},
}

func vpcResource() *resourceType {
	return &resourceType{
		schema: &schema.Resource{Block: vpcBlock},
		defaults: map[string]cty.Value{"instance_tenancy": cty.StringVal("default"), "enable_dns_support": cty.True,
			"enable_dns_hostnames": cty.False},
		create: createVPC,
		read:   readVPC,
		update: func(ctx context.Context, c *client, prior, planned cty.Value) (cty.Value, schema.Diagnostics) {
			id := kit.Obj(prior).Str("id")
			if diags := setVPCDNS(ctx, c, id, prior, planned); diags.HasErrors() {
				return prior, diags
			}
			return planned, updateEC2Tags(ctx, c, id, prior, planned)
		},
		delete: func(ctx context.Context, c *client, prior cty.Value) schema.Diagnostics {
			id := aws.String(kit.Obj(prior).Str("id"))
			err := deleteRetryingDependencies(ctx, "VPC", func() error {
				_, err := c.ec2.DeleteVpc(ctx, &ec2.DeleteVpcInput{VpcId: id})
				return err
			}, "InvalidVpcID.NotFound")
			return apiDiag(err, nil, "Cannot delete VPC")
		},
		importState: func(id string) (cty.Value, schema.Diagnostics) { return idStub(vpcBlock, id, nil) },
	}
}

func createVPC(ctx context.Context, c *client, planned cty.Value) (cty.Value, schema.Diagnostics) {
	o := kit.Obj(planned)
	out, err := c.ec2.CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: o.StrPtr("cidr_block"),
		InstanceTenancy:   ec2types.Tenancy(o.Str("instance_tenancy")),
		TagSpecifications: ec2TagSpec(ec2types.ResourceTypeVpc, o.StrMap("tags_all"))})
	if err != nil {
		return cty.NullVal(planned.Type()), apiDiag(err, attrPath("cidr_block"), "Cannot create VPC")
	}
	id := aws.ToString(out.Vpc.VpcId)
	state := kit.Set(planned, "id", cty.StringVal(id))
	err = waitFor(ctx, 5*time.Minute, "VPC "+id+" to be available", func() (bool, error) {
		d, err := c.ec2.DescribeVpcs(ctx, &ec2.DescribeVpcsInput{VpcIds: []string{id}})
		if err != nil {
			return false, ignoreNotFound(err, "InvalidVpcID.NotFound")
		}
		return len(d.Vpcs) == 1 && d.Vpcs[0].State == ec2types.VpcStateAvailable, nil
	})
	if err != nil {
		return state, apiDiag(err, nil, "VPC created but not available")
	}
	return state, setVPCDNS(ctx, c, id, cty.NilVal, planned)
}

// setVPCDNS applies the DNS attributes that differ from prior (or from
// AWS's defaults on create), one per call as the API requires.
func setVPCDNS(ctx context.Context, c *client, id string, prior, planned cty.Value) schema.Diagnostics {
	o := kit.Obj(planned)
	for _, a := range []struct {
		name string
		def  bool
		in   func(bool) *ec2.ModifyVpcAttributeInput
	}{
		{"enable_dns_support", true, func(b bool) *ec2.ModifyVpcAttributeInput {
			return &ec2.ModifyVpcAttributeInput{VpcId: &id, EnableDnsSupport: &ec2types.AttributeBooleanValue{Value: &b}}
		}},
		{"enable_dns_hostnames", false, func(b bool) *ec2.ModifyVpcAttributeInput {
			return &ec2.ModifyVpcAttributeInput{VpcId: &id, EnableDnsHostnames: &ec2types.AttributeBooleanValue{Value: &b}}
		}},
	} {
		want := o.Bool(a.name)
		if prior == cty.NilVal && want == a.def || prior != cty.NilVal && !changed(prior, planned, a.name) {
			continue
		}
		if _, err := c.ec2.ModifyVpcAttribute(ctx, a.in(want)); err != nil {
			return apiDiag(err, attrPath(a.name), "Cannot set VPC attribute")
		}
	}
	return nil
}

func readVPC(ctx context.Context, c *client, prior cty.Value) (cty.Value, schema.Diagnostics) {
	id := kit.Obj(prior).Str("id")
	out, err := c.ec2.DescribeVpcs(ctx, &ec2.DescribeVpcsInput{VpcIds: []string{id}})
	if isNotFound(err, "InvalidVpcID.NotFound") || (err == nil && len(out.Vpcs) == 0) {
		return cty.NullVal(prior.Type()), nil
	}
	if err != nil {
		return prior, apiDiag(err, nil, "Cannot read VPC")
	}
	v := out.Vpcs[0]
	attrs := map[string]cty.Value{
		"id": cty.StringVal(id), "arn": cty.StringVal(c.ec2ARN(aws.ToString(v.OwnerId), "vpc", id)), "owner_id": kit.StrPtrVal(v.OwnerId),
		"cidr_block": kit.StrPtrVal(v.CidrBlock), "instance_tenancy": cty.StringVal(string(v.InstanceTenancy)),
		"dhcp_options_id": kit.StrPtrVal(v.DhcpOptionsId),
	}
	attrs["tags"], attrs["tags_all"] = c.readTags(prior, fromEC2Tags(v.Tags))
	for name, attr := range map[string]ec2types.VpcAttributeName{
		"enable_dns_support": ec2types.VpcAttributeNameEnableDnsSupport, "enable_dns_hostnames": ec2types.VpcAttributeNameEnableDnsHostnames} {
		a, err := c.ec2.DescribeVpcAttribute(ctx, &ec2.DescribeVpcAttributeInput{VpcId: &id, Attribute: attr})
		if err != nil {
			return prior, apiDiag(err, attrPath(name), "Cannot read VPC attribute")
		}
		val := a.EnableDnsSupport
		if name == "enable_dns_hostnames" {
			val = a.EnableDnsHostnames
		}
		attrs[name] = cty.BoolVal(val != nil && aws.ToBool(val.Value))
	}
	if diags := readVPCDefaults(ctx, c, id, attrs); diags.HasErrors() {
		return prior, diags
	}
	return kit.ObjectVal(vpcBlock, attrs), nil
}

// readVPCDefaults finds the VPC's main route table, default security
// group and default network ACL.
func readVPCDefaults(ctx context.Context, c *client, id string, attrs map[string]cty.Value) schema.Diagnostics {
	rts, err := c.ec2.DescribeRouteTables(ctx, &ec2.DescribeRouteTablesInput{Filters: []ec2types.Filter{
		filter("vpc-id", id), filter("association.main", "true")}})
	if err != nil {
		return apiDiag(err, nil, "Cannot read VPC main route table")
	}
	main := cty.StringVal("")
	if len(rts.RouteTables) > 0 {
		main = kit.StrPtrVal(rts.RouteTables[0].RouteTableId)
	}
	attrs["main_route_table_id"], attrs["default_route_table_id"] = main, main
	sgs, err := c.ec2.DescribeSecurityGroups(ctx, &ec2.DescribeSecurityGroupsInput{Filters: []ec2types.Filter{
		filter("vpc-id", id), filter("group-name", "default")}})
	if err != nil {
		return apiDiag(err, nil, "Cannot read VPC default security group")
	}
	attrs["default_security_group_id"] = cty.StringVal("")
	if len(sgs.SecurityGroups) > 0 {
		attrs["default_security_group_id"] = kit.StrPtrVal(sgs.SecurityGroups[0].GroupId)
	}
	acls, err := c.ec2.DescribeNetworkAcls(ctx, &ec2.DescribeNetworkAclsInput{Filters: []ec2types.Filter{
		filter("vpc-id", id), filter("default", "true")}})
	if err != nil {
		return apiDiag(err, nil, "Cannot read VPC default network ACL")
	}
	attrs["default_network_acl_id"] = cty.StringVal("")
	if len(acls.NetworkAcls) > 0 {
		attrs["default_network_acl_id"] = kit.StrPtrVal(acls.NetworkAcls[0].NetworkAclId)
	}
	return nil
}
