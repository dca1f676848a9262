package aws

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/providers/internal/kit"
	"github.com/trueup/trueup/schema"
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
	return kit.ObjectVal(callerIdentityBlock, map[string]cty.Value{
			"id": cty.StringVal(account), "account_id": cty.StringVal(account),
			"arn": cty.StringVal(aws.ToString(out.Arn)), "user_id": cty.StringVal(aws.ToString(out.UserId)),
		}),

		nil
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
	o := kit.Obj(config)
	name := c.region
	switch {
	case o.Str("region") != "":
		name = o.Str("region")
	case o.Str("name") != "":
		name = o.Str("name")
	}
	endpoint := "ec2." + name + ".amazonaws.com"
	if partitionOf(name) == "aws-cn" {
		endpoint += ".cn"
	}
	if e := o.Str("endpoint"); e != "" && e != endpoint {
		return regionBlock.Null(), schema.Errorf(attrPath("endpoint"), "No matching region",
			"No region has the endpoint "+e+".")
	}
	return kit.ObjectVal(regionBlock, map[string]cty.Value{
			"id": cty.StringVal(name), "name": cty.StringVal(name), "region": cty.StringVal(name),
			"endpoint": cty.StringVal(endpoint), "description": cty.StringVal(regionDescriptions[name]),
		}),

		nil
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
