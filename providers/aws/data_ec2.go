package aws

import (
	"context"
	"sort"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/providers/internal/kit"
	"github.com/trueup/trueup/schema"
)

var availabilityZonesBlock = &schema.Block{
	Description: "The availability zones of the provider's region.",
	Attributes: map[string]*schema.Attribute{
		"id":                     {Type: cty.String, Computed: true},
		"state":                  optStr("available, information, impaired or unavailable."),
		"group_names":            {Type: cty.Set(cty.String), Computed: true},
		"names":                  {Type: cty.List(cty.String), Computed: true},
		"zone_ids":               {Type: cty.List(cty.String), Computed: true},
		"all_availability_zones": {Type: cty.Bool, Optional: true},
		"exclude_names":          {Type: cty.Set(cty.String), Optional: true},
		"exclude_zone_ids":       {Type: cty.Set(cty.String), Optional: true},
	},
}

func availabilityZonesData() *dataSourceType {
	return &dataSourceType{schema: &schema.Resource{Block: availabilityZonesBlock}, read: readAvailabilityZones}
}

func readAvailabilityZones(ctx context.Context, c *client, config cty.Value) (cty.Value, schema.Diagnostics) {
	o := kit.Obj(config)
	in := &ec2.DescribeAvailabilityZonesInput{AllAvailabilityZones: o.BoolPtr("all_availability_zones")}
	if s := o.Str("state"); s != "" {
		in.Filters = []ec2types.Filter{filter("state", s)}
	}
	out, err := c.ec2.DescribeAvailabilityZones(ctx, in)
	if err != nil {
		return availabilityZonesBlock.Null(), apiDiag(err, nil, "Cannot list availability zones")
	}
	excludeNames, excludeIDs := map[string]bool{}, map[string]bool{}
	for _, n := range o.StrList("exclude_names") {
		excludeNames[n] = true
	}
	for _, n := range o.StrList("exclude_zone_ids") {
		excludeIDs[n] = true
	}
	zones := out.AvailabilityZones
	sort.Slice(zones, func(i, j int) bool { return aws.ToString(zones[i].ZoneName) < aws.ToString(zones[j].ZoneName) })
	var names, ids, groups []string
	seen := map[string]bool{}
	for _, z := range zones {
		if excludeNames[aws.ToString(z.ZoneName)] || excludeIDs[aws.ToString(z.ZoneId)] {
			continue
		}
		names, ids = append(names, aws.ToString(z.ZoneName)), append(ids, aws.ToString(z.ZoneId))
		if g := aws.ToString(z.GroupName); g != "" && !seen[g] {
			seen[g], groups = true, append(groups, g)
		}
	}
	vals := config.AsValueMap()
	vals["id"], vals["names"], vals["zone_ids"], vals["group_names"] = cty.StringVal(c.region), kit.ListVal(names), kit.ListVal(ids), kit.SetVal(groups)
	return cty.ObjectVal(vals), nil
}

var vpcDataBlock = &schema.Block{
	Description: "An existing VPC, found by id, by default = true, by cidr_block or by tags.",
	Attributes: map[string]*schema.Attribute{
		"id":                  {Type: cty.String, Optional: true, Computed: true},
		"default":             {Type: cty.Bool, Optional: true, Computed: true},
		"cidr_block":          {Type: cty.String, Optional: true, Computed: true},
		"state":               {Type: cty.String, Optional: true, Computed: true},
		"tags":                {Type: cty.Map(cty.String), Optional: true, Computed: true},
		"arn":                 {Type: cty.String, Computed: true},
		"owner_id":            {Type: cty.String, Computed: true},
		"instance_tenancy":    {Type: cty.String, Computed: true},
		"dhcp_options_id":     {Type: cty.String, Computed: true},
		"main_route_table_id": {Type: cty.String, Computed: true},
	},
}

func vpcData() *dataSourceType {
	return &dataSourceType{schema: &schema.Resource{Block: vpcDataBlock}, read: readVPCData}
}

func readVPCData(ctx context.Context, c *client, config cty.Value) (cty.Value, schema.Diagnostics) {
	o := kit.Obj(config)
	in := &ec2.DescribeVpcsInput{}
	if id := o.Str("id"); id != "" {
		in.VpcIds = []string{id}
	}
	if d := o.BoolPtr("default"); d != nil {
		in.Filters = append(in.Filters, filter("is-default", strings.ToLower(boolString(*d))))
	}
	for name, attr := range map[string]string{"cidr": "cidr_block", "state": "state"} {
		if v := o.Str(attr); v != "" {
			in.Filters = append(in.Filters, filter(name, v))
		}
	}
	for k, v := range o.StrMap("tags") {
		in.Filters = append(in.Filters, filter("tag:"+k, v))
	}
	out, err := c.ec2.DescribeVpcs(ctx, in)
	if err != nil && !isNotFound(err, "InvalidVpcID.NotFound") {
		return vpcDataBlock.Null(), apiDiag(err, nil, "Cannot list VPCs")
	}
	if err != nil || len(out.Vpcs) != 1 {
		n := 0
		if out != nil {
			n = len(out.Vpcs)
		}
		return vpcDataBlock.Null(), schema.Errorf(nil, "No single matching VPC",
			"The search matched "+strconv.Itoa(n)+" VPCs, want exactly one: set id, default, cidr_block or tags.")
	}
	v := out.Vpcs[0]
	id := aws.ToString(v.VpcId)
	attrs := map[string]cty.Value{
		"id": cty.StringVal(id), "default": cty.BoolVal(aws.ToBool(v.IsDefault)), "cidr_block": kit.StrPtrVal(v.CidrBlock),
		"state": cty.StringVal(string(v.State)), "tags": kit.MapVal(fromEC2Tags(v.Tags)), "owner_id": kit.StrPtrVal(v.OwnerId),
		"arn": cty.StringVal(c.ec2ARN(aws.ToString(v.OwnerId), "vpc", id)), "instance_tenancy": cty.StringVal(string(v.InstanceTenancy)),
		"dhcp_options_id": kit.StrPtrVal(v.DhcpOptionsId),
	}
	defaults := map[string]cty.Value{}
	if diags := readVPCDefaults(ctx, c, id, defaults); diags.HasErrors() {
		return vpcDataBlock.Null(), diags
	}
	attrs["main_route_table_id"] = defaults["main_route_table_id"]
	return kit.ObjectVal(vpcDataBlock, attrs), nil
}

func boolString(b bool) string {
	if b {
		return "true"
	}
	return "false"
}
