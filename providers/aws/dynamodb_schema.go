package aws

import (
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/schema"
)

var dynamoTableBlock = &schema.Block{
	Description: "A DynamoDB table. Import ID: the table name.",
	Attributes: map[string]*schema.Attribute{
		"id":                          {Type: cty.String, Computed: true},
		"arn":                         {Type: cty.String, Computed: true},
		"name":                        {Type: cty.String, Required: true, ForceNew: true},
		"hash_key":                    {Type: cty.String, Required: true, ForceNew: true},
		"range_key":                   {Type: cty.String, Optional: true, ForceNew: true},
		"billing_mode":                {Type: cty.String, Optional: true, Computed: true, Description: "PROVISIONED (default) or PAY_PER_REQUEST."},
		"read_capacity":               {Type: cty.Number, Optional: true, Computed: true},
		"write_capacity":              {Type: cty.Number, Optional: true, Computed: true},
		"stream_enabled":              {Type: cty.Bool, Optional: true},
		"stream_view_type":            {Type: cty.String, Optional: true, Computed: true},
		"stream_arn":                  {Type: cty.String, Computed: true},
		"stream_label":                {Type: cty.String, Computed: true},
		"table_class":                 {Type: cty.String, Optional: true, Computed: true},
		"deletion_protection_enabled": {Type: cty.Bool, Optional: true},
		"tags":                        {Type: cty.Map(cty.String), Optional: true},
		"tags_all":                    {Type: cty.Map(cty.String), Computed: true},
	},
	BlockTypes: map[string]*schema.NestedBlock{
		"attribute": {Nesting: schema.NestingSet, Block: schema.Block{Attributes: map[string]*schema.Attribute{
			"name": {Type: cty.String, Required: true},
			"type": {Type: cty.String, Required: true, Description: "S, N or B."},
		}}},
		"global_secondary_index": {Nesting: schema.NestingSet, Block: schema.Block{Attributes: map[string]*schema.Attribute{
			"name":               {Type: cty.String, Required: true},
			"hash_key":           {Type: cty.String, Required: true},
			"range_key":          optStr(""),
			"projection_type":    {Type: cty.String, Required: true, Description: "ALL, KEYS_ONLY or INCLUDE."},
			"non_key_attributes": {Type: cty.Set(cty.String), Optional: true},
			"read_capacity":      optNum(""),
			"write_capacity":     optNum(""),
		}}},
		"local_secondary_index": {Nesting: schema.NestingSet, ForceNew: true, Block: schema.Block{Attributes: map[string]*schema.Attribute{
			"name":               {Type: cty.String, Required: true},
			"range_key":          {Type: cty.String, Required: true},
			"projection_type":    {Type: cty.String, Required: true},
			"non_key_attributes": {Type: cty.List(cty.String), Optional: true},
		}}},
		"ttl": listMax1(map[string]*schema.Attribute{
			"attribute_name": optStr(""),
			"enabled":        {Type: cty.Bool, Optional: true},
		}, nil),
		"point_in_time_recovery": listMax1(map[string]*schema.Attribute{
			"enabled": {Type: cty.Bool, Required: true},
		}, nil),
		"server_side_encryption": listMax1(map[string]*schema.Attribute{
			"enabled":     {Type: cty.Bool, Required: true},
			"kms_key_arn": {Type: cty.String, Optional: true, Computed: true},
		}, nil),
	},
}

var (
	ddbAttrNB = dynamoTableBlock.BlockTypes["attribute"]
	ddbGSINB  = dynamoTableBlock.BlockTypes["global_secondary_index"]
	ddbLSINB  = dynamoTableBlock.BlockTypes["local_secondary_index"]
	ddbTTLNB  = dynamoTableBlock.BlockTypes["ttl"]
	ddbPITRNB = dynamoTableBlock.BlockTypes["point_in_time_recovery"]
	ddbSSENB  = dynamoTableBlock.BlockTypes["server_side_encryption"]
)
