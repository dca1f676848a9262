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

var subnetBlock = &schema.Block{
	Description: "A subnet of a VPC. Import ID: the subnet ID.",
	Attributes: map[string]*schema.Attribute{
		"id":                      {Type: cty.String, Computed: true},
		"arn":                     {Type: cty.String, Computed: true},
		"owner_id":                {Type: cty.String, Computed: true},
		"vpc_id":                  {Type: cty.String, Required: true, ForceNew: true},
		"cidr_block":              {Type: cty.String, Required: true, ForceNew: true},
		"availability_zone":       {Type: cty.String, Optional: true, Computed: true, ForceNew: true},
		"availability_zone_id":    {Type: cty.String, Computed: true},
		"map_public_ip_on_launch": {Type: cty.Bool, Optional: true, Computed: true},
		"tags":                    {Type: cty.Map(cty.String), Optional: true},
		"tags_all":                {Type: cty.Map(cty.String), Computed: true},
	},
}

func subnetResource() *resourceType {
	return &resourceType{
		schema:   &schema.Resource{Block: subnetBlock},
		timeouts: &kit.Timeouts{Create: 10 * time.Minute, Delete: 20 * time.Minute},
		defaults: map[string]cty.Value{"map_public_ip_on_launch": cty.False},
		create:   createSubnet,
		read:     readSubnet,
		update: func(ctx context.Context, c *client, prior, planned cty.Value) (cty.Value, schema.Diagnostics) {
			id := kit.Obj(prior).Str("id")
			if changed(prior, planned, "map_public_ip_on_launch") {
				if diags := setSubnetPublicIP(ctx, c, id, kit.Obj(planned).Bool("map_public_ip_on_launch")); diags.HasErrors() {
					return prior, diags
				}
			}
			return planned, updateEC2Tags(ctx, c, id, prior, planned)
		},
		delete: func(ctx context.Context, c *client, prior cty.Value) schema.Diagnostics {
			id := aws.String(kit.Obj(prior).Str("id"))
			err := deleteRetryingDependencies(ctx, "subnet", func() error {
				_, err := c.ec2.DeleteSubnet(ctx, &ec2.DeleteSubnetInput{SubnetId: id})
				return err
			}, "InvalidSubnetID.NotFound")
			return apiDiag(err, nil, "Cannot delete subnet")
		},
		importState: func(id string) (cty.Value, schema.Diagnostics) { return idStub(subnetBlock, id, nil) },
	}
}

func setSubnetPublicIP(ctx context.Context, c *client, id string, on bool) schema.Diagnostics {
	_, err := c.ec2.ModifySubnetAttribute(ctx, &ec2.ModifySubnetAttributeInput{SubnetId: &id,
		MapPublicIpOnLaunch: &ec2types.AttributeBooleanValue{Value: &on}})
	return apiDiag(err, attrPath("map_public_ip_on_launch"), "Cannot set subnet attribute")
}

func createSubnet(ctx context.Context, c *client, planned cty.Value) (cty.Value, schema.Diagnostics) {
	o := kit.Obj(planned)
	out, err := c.ec2.CreateSubnet(ctx, &ec2.CreateSubnetInput{VpcId: o.StrPtr("vpc_id"), CidrBlock: o.StrPtr("cidr_block"),
		AvailabilityZone:  o.StrPtr("availability_zone"),
		TagSpecifications: ec2TagSpec(ec2types.ResourceTypeSubnet, o.StrMap("tags_all"))})
	if err != nil {
		path := attrPath("cidr_block")
		if isNotFound(err, "InvalidVpcID.NotFound") {
			path = attrPath("vpc_id")
		}
		return cty.NullVal(planned.Type()), apiDiag(err, path, "Cannot create subnet")
	}
	id := aws.ToString(out.Subnet.SubnetId)
	state := kit.Set(planned, "id", cty.StringVal(id))
	err = waitFor(ctx, 5*time.Minute, "subnet "+id+" to be available", func() (bool, error) {
		d, err := c.ec2.DescribeSubnets(ctx, &ec2.DescribeSubnetsInput{SubnetIds: []string{id}})
		if err != nil {
			return false, ignoreNotFound(err, "InvalidSubnetID.NotFound")
		}
		return len(d.Subnets) == 1 && d.Subnets[0].State == ec2types.SubnetStateAvailable, nil
	})
	if err != nil {
		return state, apiDiag(err, nil, "Subnet created but not available")
	}
	if o.Bool("map_public_ip_on_launch") {
		return state, setSubnetPublicIP(ctx, c, id, true)
	}
	return state, nil
}

func readSubnet(ctx context.Context, c *client, prior cty.Value) (cty.Value, schema.Diagnostics) {
	id := kit.Obj(prior).Str("id")
	out, err := c.ec2.DescribeSubnets(ctx, &ec2.DescribeSubnetsInput{SubnetIds: []string{id}})
	if isNotFound(err, "InvalidSubnetID.NotFound") || (err == nil && len(out.Subnets) == 0) {
		return cty.NullVal(prior.Type()), nil
	}
	if err != nil {
		return prior, apiDiag(err, nil, "Cannot read subnet")
	}
	s := out.Subnets[0]
	tags, tagsAll := c.readTags(prior, fromEC2Tags(s.Tags))
	return kit.ObjectVal(subnetBlock, map[string]cty.Value{
			"id": cty.StringVal(id), "arn": cty.StringVal(c.ec2ARN(aws.ToString(s.OwnerId), "subnet", id)), "owner_id": kit.StrPtrVal(s.OwnerId),
			"vpc_id": kit.StrPtrVal(s.VpcId), "cidr_block": kit.StrPtrVal(s.CidrBlock), "availability_zone": kit.StrPtrVal(s.AvailabilityZone),
			"availability_zone_id": cty.StringVal(aws.ToString(s.AvailabilityZoneId)), "map_public_ip_on_launch": cty.BoolVal(aws.ToBool(s.MapPublicIpOnLaunch)),
			"tags": tags, "tags_all": tagsAll,
		}),

		nil
}
