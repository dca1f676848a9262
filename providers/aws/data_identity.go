package aws

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/trueup/trueup/schema"
	"github.com/zclconf/go-cty/cty"
)

var callerIdentityBlock = &schema.Block{
	Description: "The identity the provider's credentials belong to.",
	Attributes: map[string]*schema.Attribute{
		"id":         {Type: cty.String, Computed: true},
		"account_id": {Type: cty.String, Computed: true},
		"arn":        {Type: cty.String, Computed: true},
		"user_id":    {Type: cty.String, Computed: true},
	},
}

func callerIdentityData() *dataSourceType {
	return &dataSourceType{schema: &schema.Resource{Block: callerIdentityBlock}, read: readCallerIdentity}
}

func readCallerIdentity(ctx context.Context, c *client, _ cty.Value) (cty.Value, schema.Diagnostics) {
	out, err := c.sts.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		return callerIdentityBlock.Null(), apiDiag(err, nil, "Cannot get caller identity")
	}
	account := aws.ToString(out.Account)
	return objectVal(callerIdentityBlock, map[string]cty.Value{
		"id": strVal(account), "account_id": strVal(account),
		"arn": strVal(aws.ToString(out.Arn)), "user_id": strVal(aws.ToString(out.UserId)),
	}), nil
}

var regionBlock = &schema.Block{
	Description: "A region: the provider's, or the one named.",
	Attributes: map[string]*schema.Attribute{
		"id":          {Type: cty.String, Computed: true},
		"name":        {Type: cty.String, Optional: true, Computed: true, Description: "Deprecated alias of region."},
		"region":      {Type: cty.String, Optional: true, Computed: true},
		"endpoint":    {Type: cty.String, Optional: true, Computed: true},
		"description": {Type: cty.String, Computed: true},
	},
}

func regionData() *dataSourceType {
	return &dataSourceType{schema: &schema.Resource{Block: regionBlock}, read: readRegion}
}

func readRegion(_ context.Context, c *client, config cty.Value) (cty.Value, schema.Diagnostics) {
	o := ob(config)
	name := c.region
	switch {
	case o.str("region") != "":
		name = o.str("region")
	case o.str("name") != "":
		name = o.str("name")
	}
	endpoint := "ec2." + name + ".amazonaws.com"
	if partitionOf(name) == "aws-cn" {
		endpoint += ".cn"
	}
	if e := o.str("endpoint"); e != "" && e != endpoint {
		return regionBlock.Null(), schema.Errorf(attrPath("endpoint"), "No matching region",
			"No region has the endpoint "+e+".")
	}
	return objectVal(regionBlock, map[string]cty.Value{
		"id": strVal(name), "name": strVal(name), "region": strVal(name),
		"endpoint": strVal(endpoint), "description": strVal(regionDescriptions[name]),
	}), nil
}

// regionDescriptions are the regions' display names.
var regionDescriptions = map[string]string{
	"us-east-1":      "US East (N. Virginia)",
	"us-east-2":      "US East (Ohio)",
	"us-west-1":      "US West (N. California)",
	"us-west-2":      "US West (Oregon)",
	"ca-central-1":   "Canada (Central)",
	"eu-west-1":      "Europe (Ireland)",
	"eu-west-2":      "Europe (London)",
	"eu-west-3":      "Europe (Paris)",
	"eu-central-1":   "Europe (Frankfurt)",
	"eu-north-1":     "Europe (Stockholm)",
	"ap-south-1":     "Asia Pacific (Mumbai)",
	"ap-northeast-1": "Asia Pacific (Tokyo)",
	"ap-northeast-2": "Asia Pacific (Seoul)",
	"ap-southeast-1": "Asia Pacific (Singapore)",
	"ap-southeast-2": "Asia Pacific (Sydney)",
	"sa-east-1":      "South America (Sao Paulo)",
}
