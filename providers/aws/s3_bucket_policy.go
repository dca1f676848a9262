package aws

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/trueup/trueup/schema"
	"github.com/zclconf/go-cty/cty"
)

var s3PolicyBlock = &schema.Block{
	Description: "A bucket's policy. Import ID: the bucket name.",
	Attributes: map[string]*schema.Attribute{
		"id":     {Type: cty.String, Computed: true},
		"bucket": bucketAttr(),
		"policy": {Type: cty.String, Required: true, Description: "The policy JSON document."},
	},
}

func s3PolicyResource() *resourceType {
	put := func(ctx context.Context, c *client, planned cty.Value) schema.Diagnostics {
		o := ob(planned)
		_, err := c.s3.PutBucketPolicy(ctx, &s3.PutBucketPolicyInput{
			Bucket: aws.String(o.str("bucket")), Policy: aws.String(o.str("policy"))})
		return apiDiag(err, attrPath("policy"), "Cannot set S3 bucket policy")
	}
	return &resourceType{
		schema:    &schema.Resource{Block: s3PolicyBlock},
		jsonAttrs: map[string]equalFunc{"policy": policyEqual},
		validate:  validateJSONAttrs("policy"),
		create: func(ctx context.Context, c *client, planned cty.Value) (cty.Value, schema.Diagnostics) {
			planned = setAttr(planned, "id", ob(planned).attr("bucket"))
			if diags := put(ctx, c, planned); diags.HasErrors() {
				return cty.NullVal(planned.Type()), diags
			}
			return planned, nil
		},
		read: func(ctx context.Context, c *client, prior cty.Value) (cty.Value, schema.Diagnostics) {
			o := ob(prior)
			out, err := c.s3.GetBucketPolicy(ctx, &s3.GetBucketPolicyInput{Bucket: aws.String(o.str("id"))})
			if bucketGone(err, "NoSuchBucketPolicy") {
				return cty.NullVal(prior.Type()), nil
			}
			if err != nil {
				return prior, apiDiag(err, nil, "Cannot read S3 bucket policy")
			}
			return objectVal(s3PolicyBlock, map[string]cty.Value{
				"id": o.attr("id"), "bucket": o.attr("id"), "policy": strVal(aws.ToString(out.Policy))}), nil
		},
		update: func(ctx context.Context, c *client, prior, planned cty.Value) (cty.Value, schema.Diagnostics) {
			if diags := put(ctx, c, planned); diags.HasErrors() {
				return prior, diags
			}
			return planned, nil
		},
		delete: func(ctx context.Context, c *client, prior cty.Value) schema.Diagnostics {
			_, err := c.s3.DeleteBucketPolicy(ctx, &s3.DeleteBucketPolicyInput{Bucket: aws.String(ob(prior).str("id"))})
			if err != nil && !bucketGone(err, "NoSuchBucketPolicy") {
				return apiDiag(err, nil, "Cannot delete S3 bucket policy")
			}
			return nil
		},
		importState: func(id string) (cty.Value, schema.Diagnostics) {
			return idStub(s3PolicyBlock, id, map[string]cty.Value{"bucket": strVal(id)})
		},
	}
}
