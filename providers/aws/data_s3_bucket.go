package aws

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/providers/internal/kit"
	"github.com/trueup/trueup/schema"
)

var s3BucketDataBlock = &schema.Block{
	Description: "An existing S3 bucket, looked up by name.",
	Attributes: map[string]*schema.Attribute{
		"bucket":                      {Type: cty.String, Required: true},
		"id":                          {Type: cty.String, Computed: true},
		"arn":                         {Type: cty.String, Computed: true},
		"bucket_domain_name":          {Type: cty.String, Computed: true},
		"bucket_regional_domain_name": {Type: cty.String, Computed: true},
		"hosted_zone_id":              {Type: cty.String, Computed: true},
		"region":                      {Type: cty.String, Computed: true},
		"website_endpoint":            {Type: cty.String, Computed: true},
		"website_domain":              {Type: cty.String, Computed: true},
	},
}

func s3BucketData() *dataSourceType {
	return &dataSourceType{schema: &schema.Resource{Block: s3BucketDataBlock}, read: readS3BucketData}
}

func readS3BucketData(ctx context.Context, c *client, config cty.Value) (cty.Value, schema.Diagnostics) {
	name := kit.Obj(config).Str("bucket")
	head, err := c.s3.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: aws.String(name)})
	if isNotFound(err, "NotFound", "NoSuchBucket") {
		return s3BucketDataBlock.Null(), schema.Errorf(attrPath("bucket"), "No such S3 bucket",
			"Bucket "+name+" does not exist or is not visible to these credentials.")
	}
	if err != nil {
		return s3BucketDataBlock.Null(), apiDiag(err, attrPath("bucket"), "Cannot read S3 bucket")
	}
	region, err := bucketRegion(ctx, c, name, head)
	if err != nil {
		return s3BucketDataBlock.Null(), apiDiag(err, attrPath("bucket"), "Cannot read S3 bucket location")
	}
	attrs := bucketAttrs(c, name, region)
	attrs["id"] = cty.StringVal(name)
	_, err = c.s3.GetBucketWebsite(ctx, &s3.GetBucketWebsiteInput{Bucket: aws.String(name)})
	if err == nil {
		domain := "s3-website-" + region + ".amazonaws.com"
		attrs["website_domain"], attrs["website_endpoint"] = cty.StringVal(domain), cty.StringVal(name+"."+domain)
	} else if !hasCode(err, "NoSuchWebsiteConfiguration") {
		return s3BucketDataBlock.Null(), apiDiag(err, attrPath("bucket"), "Cannot read S3 bucket website")
	}
	return kit.ObjectVal(s3BucketDataBlock, attrs), nil
}
