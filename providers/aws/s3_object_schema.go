package aws

import (
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/schema"
)

var s3ObjectBlock = &schema.Block{
	Description: "An object in an S3 bucket. Import ID: BUCKET/KEY or s3://BUCKET/KEY.",
	Attributes: map[string]*schema.Attribute{
		"id":                     {Type: cty.String, Computed: true, Description: "The key."},
		"arn":                    {Type: cty.String, Computed: true},
		"bucket":                 {Type: cty.String, Required: true, ForceNew: true},
		"key":                    {Type: cty.String, Required: true, ForceNew: true},
		"content":                {Type: cty.String, Optional: true, Description: "UTF-8 content; conflicts with content_base64 and source."},
		"content_base64":         {Type: cty.String, Optional: true, Description: "Base64-encoded binary content."},
		"source":                 {Type: cty.String, Optional: true, Description: "Path of a file to upload."},
		"source_hash":            {Type: cty.String, Optional: true, Description: "Changes to it trigger an upload (e.g. filemd5(source))."},
		"content_type":           {Type: cty.String, Optional: true, Computed: true},
		"content_encoding":       optStr(""),
		"content_language":       optStr(""),
		"content_disposition":    optStr(""),
		"cache_control":          optStr(""),
		"website_redirect":       optStr(""),
		"metadata":               {Type: cty.Map(cty.String), Optional: true},
		"storage_class":          {Type: cty.String, Optional: true, Computed: true},
		"server_side_encryption": {Type: cty.String, Optional: true, Computed: true},
		"kms_key_id":             {Type: cty.String, Optional: true, Computed: true},
		"etag":                   {Type: cty.String, Optional: true, Computed: true, Description: "MD5 of the content when not KMS-encrypted."},
		"version_id":             {Type: cty.String, Computed: true},
		"force_destroy":          {Type: cty.Bool, Optional: true, Computed: true},
		"tags":                   {Type: cty.Map(cty.String), Optional: true},
		"tags_all":               {Type: cty.Map(cty.String), Computed: true},
	},
}

// s3ObjectUploadAttrs are the attributes whose change uploads the object
// again (a new version); the rest change in place.
var s3ObjectUploadAttrs = []string{
	"content", "content_base64", "source", "source_hash", "etag", "content_type", "content_encoding",
	"content_language", "content_disposition", "cache_control", "website_redirect", "metadata",
	"storage_class", "server_side_encryption", "kms_key_id",
}
