package google

import (
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/schema"
)

// bucketBlock is google_storage_bucket's schema. Import ID: "{{project}}/{{name}}" or "{{name}}".
var bucketBlock = func() *schema.Block {
	attrs := map[string]*schema.Attribute{
		"id":       {Type: cty.String, Computed: true, Description: "The bucket name."},
		"name":     {Type: cty.String, Required: true, ForceNew: true, Description: "The bucket name."},
		"location": {Type: cty.String, Required: true, ForceNew: true, Description: "The GCS location (case-insensitive)."},
		"project": {Type: cty.String, Optional: true, Computed: true, ForceNew: true,
			Description: "The project to create the bucket in; the provider's project when unset."},
		"storage_class": {Type: cty.String, Optional: true, Computed: true,
			Description: "STANDARD (default), MULTI_REGIONAL, REGIONAL, NEARLINE, COLDLINE or ARCHIVE."},
		"uniform_bucket_level_access": {Type: cty.Bool, Optional: true, Computed: true,
			Description: "Enables uniform bucket-level access; what the bucket has when unset."},
		"force_destroy": {Type: cty.Bool, Optional: true, Computed: true,
			Description: "Delete every object (all versions) when destroying the bucket (default false)."},
		"url":       {Type: cty.String, Computed: true, Description: "gs://NAME."},
		"self_link": {Type: cty.String, Computed: true, Description: "The URI of the bucket."},
	}
	for name, a := range labelAttributes() {
		attrs[name] = a
	}
	return &schema.Block{
		Description: "A Cloud Storage bucket. Import ID: {{project}}/{{name}} or {{name}}.",
		Attributes:  attrs,
		BlockTypes: map[string]*schema.NestedBlock{
			"versioning": {Nesting: schema.NestingList, MaxItems: 1, Block: schema.Block{
				Attributes: map[string]*schema.Attribute{
					"enabled": {Type: cty.Bool, Required: true, Description: "Keep noncurrent object versions."},
				}}},
			"lifecycle_rule": {Nesting: schema.NestingList, Block: lifecycleRuleBlock},
		},
	}
}()

// lifecycleRuleBlock is one lifecycle_rule: an action and its condition.
var lifecycleRuleBlock = schema.Block{
	BlockTypes: map[string]*schema.NestedBlock{
		"action": {Nesting: schema.NestingList, MinItems: 1, MaxItems: 1, Block: schema.Block{
			Attributes: map[string]*schema.Attribute{
				"type": {Type: cty.String, Required: true,
					Description: "Delete, SetStorageClass or AbortIncompleteMultipartUpload."},
				"storage_class": {Type: cty.String, Optional: true,
					Description: "Target storage class of SetStorageClass."},
			}}},
		"condition": {Nesting: schema.NestingList, MinItems: 1, MaxItems: 1, Block: schema.Block{
			Attributes: map[string]*schema.Attribute{
				"age":                        {Type: cty.Number, Optional: true, Description: "Minimum age in days."},
				"created_before":             {Type: cty.String, Optional: true, Description: "YYYY-MM-DD."},
				"with_state":                 {Type: cty.String, Optional: true, Computed: true, Description: "LIVE, ARCHIVED or ANY (default)."},
				"matches_storage_class":      {Type: cty.List(cty.String), Optional: true},
				"matches_prefix":             {Type: cty.List(cty.String), Optional: true},
				"matches_suffix":             {Type: cty.List(cty.String), Optional: true},
				"num_newer_versions":         {Type: cty.Number, Optional: true},
				"custom_time_before":         {Type: cty.String, Optional: true, Description: "YYYY-MM-DD."},
				"days_since_custom_time":     {Type: cty.Number, Optional: true},
				"days_since_noncurrent_time": {Type: cty.Number, Optional: true},
				"noncurrent_time_before":     {Type: cty.String, Optional: true, Description: "YYYY-MM-DD."},
				"send_age_if_zero": {Type: cty.Bool, Optional: true,
					Description: "Send an age of 0 (every object); true unless set false."},
			}}},
	},
}

// bucketDefaults are Terraform's schema defaults of the bucket.
var bucketDefaults = map[string]cty.Value{
	"storage_class": cty.StringVal("STANDARD"),
	"force_destroy": cty.False,
}
