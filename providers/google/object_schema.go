package google

import (
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/schema"
)

// objectBlock is google_storage_bucket_object's schema. Import ID: "{{bucket}}/{{name}}".
var objectBlock = &schema.Block{
	Description: "An object in a Cloud Storage bucket, uploaded from content or a local file. Import ID: {{bucket}}/{{name}}.",
	Attributes: map[string]*schema.Attribute{
		"id":     {Type: cty.String, Computed: true, Description: "{{bucket}}-{{name}}, as Terraform sets it."},
		"bucket": {Type: cty.String, Required: true, ForceNew: true, Description: "The containing bucket."},
		"name":   {Type: cty.String, Required: true, ForceNew: true, Description: "The object name."},
		"content": {Type: cty.String, Optional: true, Sensitive: true, ForceNew: true,
			Description: "Data to upload; exactly one of content and source."},
		"source": {Type: cty.String, Optional: true, ForceNew: true,
			Description: "Path of a local file to upload; a change of the file's content replaces the object."},
		"content_type": {Type: cty.String, Optional: true, Computed: true, ForceNew: true,
			Description: "Content-Type; detected from the data when unset."},
		"cache_control":       {Type: cty.String, Optional: true, ForceNew: true},
		"content_disposition": {Type: cty.String, Optional: true, ForceNew: true},
		"content_encoding":    {Type: cty.String, Optional: true, ForceNew: true},
		"content_language":    {Type: cty.String, Optional: true, ForceNew: true},
		"metadata":            {Type: cty.Map(cty.String), Optional: true, ForceNew: true, Description: "User metadata."},
		"md5hash":             {Type: cty.String, Computed: true, Description: "Base64 MD5 of the data."},
		"crc32c":              {Type: cty.String, Computed: true, Description: "Base64 CRC32C (big-endian) of the data."},
		"generation":          {Type: cty.Number, Computed: true, Description: "The object's generation."},
		"output_name":         {Type: cty.String, Computed: true, Description: "The object name."},
		"self_link":           {Type: cty.String, Computed: true, Description: "The URI of the object."},
		"media_link":          {Type: cty.String, Computed: true, Description: "A URL to download the data."},
	},
}
