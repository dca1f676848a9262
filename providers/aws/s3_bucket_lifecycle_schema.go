package aws

import (
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/schema"
)

func optNum(desc string) *schema.Attribute {
	return &schema.Attribute{Type: cty.Number, Optional: true, Description: desc}
}

func optStr(desc string) *schema.Attribute {
	return &schema.Attribute{Type: cty.String, Optional: true, Description: desc}
}

func listMax1(attrs map[string]*schema.Attribute, blocks map[string]*schema.NestedBlock) *schema.NestedBlock {
	return &schema.NestedBlock{Nesting: schema.NestingList, MaxItems: 1,
		Block: schema.Block{Attributes: attrs, BlockTypes: blocks}}
}

var s3LifecycleBlock = &schema.Block{
	Description: "A bucket's lifecycle rules. Import ID: BUCKET or BUCKET,EXPECTED_BUCKET_OWNER.",
	Attributes: map[string]*schema.Attribute{
		"id":                    {Type: cty.String, Computed: true},
		"bucket":                bucketAttr(),
		"expected_bucket_owner": ownerAttr(),
	},
	BlockTypes: map[string]*schema.NestedBlock{
		"rule": {Nesting: schema.NestingList, MinItems: 1, Block: schema.Block{
			Attributes: map[string]*schema.Attribute{
				"id":     {Type: cty.String, Required: true, Description: "Unique rule name."},
				"status": {Type: cty.String, Required: true, Description: "Enabled or Disabled."},
				"prefix": optStr("Deprecated: use filter."),
			},
			BlockTypes: map[string]*schema.NestedBlock{
				"abort_incomplete_multipart_upload": listMax1(map[string]*schema.Attribute{
					"days_after_initiation": optNum("Days after which an incomplete upload is aborted."),
				}, nil),
				"expiration": listMax1(map[string]*schema.Attribute{
					"date":                         optStr("RFC 3339 date objects expire on."),
					"days":                         optNum("Days after creation objects expire."),
					"expired_object_delete_marker": {Type: cty.Bool, Optional: true},
				}, nil),
				"filter": listMax1(map[string]*schema.Attribute{
					"object_size_greater_than": optNum(""),
					"object_size_less_than":    optNum(""),
					"prefix":                   optStr(""),
				}, map[string]*schema.NestedBlock{
					"tag": listMax1(map[string]*schema.Attribute{
						"key":   {Type: cty.String, Required: true},
						"value": {Type: cty.String, Required: true},
					}, nil),
					"and": listMax1(map[string]*schema.Attribute{
						"object_size_greater_than": optNum(""),
						"object_size_less_than":    optNum(""),
						"prefix":                   optStr(""),
						"tags":                     {Type: cty.Map(cty.String), Optional: true},
					}, nil),
				}),
				"noncurrent_version_expiration": listMax1(map[string]*schema.Attribute{
					"newer_noncurrent_versions": optNum(""),
					"noncurrent_days":           optNum(""),
				}, nil),
				"noncurrent_version_transition": {Nesting: schema.NestingSet, Block: schema.Block{
					Attributes: map[string]*schema.Attribute{
						"newer_noncurrent_versions": optNum(""),
						"noncurrent_days":           optNum(""),
						"storage_class":             {Type: cty.String, Required: true},
					},
				}},
				"transition": {Nesting: schema.NestingSet, Block: schema.Block{
					Attributes: map[string]*schema.Attribute{
						"date":          optStr(""),
						"days":          optNum(""),
						"storage_class": {Type: cty.String, Required: true},
					},
				}},
			},
		}},
	},
}

// lifecycle nested block schemas, for building values.
var (
	lcRuleNB    = s3LifecycleBlock.BlockTypes["rule"]
	lcAbortNB   = lcRuleNB.BlockTypes["abort_incomplete_multipart_upload"]
	lcExpNB     = lcRuleNB.BlockTypes["expiration"]
	lcFilterNB  = lcRuleNB.BlockTypes["filter"]
	lcTagNB     = lcFilterNB.BlockTypes["tag"]
	lcAndNB     = lcFilterNB.BlockTypes["and"]
	lcNCExpNB   = lcRuleNB.BlockTypes["noncurrent_version_expiration"]
	lcNCTransNB = lcRuleNB.BlockTypes["noncurrent_version_transition"]
	lcTransNB   = lcRuleNB.BlockTypes["transition"]
)
