package aws

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/providers/internal/kit"
	"github.com/trueup/trueup/schema"
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
		o := kit.Obj(planned)
		_, err := c.s3.PutBucketPolicy(ctx, &s3.PutBucketPolicyInput{
			Bucket: aws.String(o.Str("bucket")), Policy: aws.String(o.Str("policy"))})
		return apiDiag(err, attrPath("policy"), "Cannot set S3 bucket policy")
	}
	return &resourceType{
		schema:    &schema.Resource{Block: s3PolicyBlock},
		jsonAttrs: map[string]equalFunc{"policy": policyEqual},
		validate:  validateJSONAttrs("policy"),
		create: func(ctx context.Context, c *client, planned cty.Value) (cty.Value, schema.Diagnostics) {
			planned = kit.Set(planned, "id", kit.Obj(planned).Attr("bucket"))
			if diags := put(ctx, c, planned); diags.HasErrors() {
				return cty.NullVal(planned.Type()), diags
			}
			return planned, nil
		},
		read: func(ctx context.Context, c *client, prior cty.Value) (cty.Value, schema.Diagnostics) {
			o := kit.Obj(prior)
			out, err := c.s3.GetBucketPolicy(ctx, &s3.GetBucketPolicyInput{Bucket: aws.String(o.Str("id"))})
			if bucketGone(err, "NoSuchBucketPolicy") {
				return cty.NullVal(prior.Type()), nil
			}
			if err != nil {
				return prior, apiDiag(err, nil, "Cannot read S3 bucket policy")
			}
			return kit.ObjectVal(s3PolicyBlock, map[string]cty.Value{
					"id": o.Attr("id"), "bucket": o.Attr("id"), "policy": cty.StringVal(aws.ToString(out.Policy))}),
				nil
		},
		update: func(ctx context.Context, c *client, prior, planned cty.Value) (cty.Value, schema.Diagnostics) {
			if diags := put(ctx, c, planned); diags.HasErrors() {
				return prior, diags
			}
			return planned, nil
		},
		delete: func(ctx context.Context, c *client, prior cty.Value) schema.Diagnostics {
			_, err := c.s3.DeleteBucketPolicy(ctx, &s3.DeleteBucketPolicyInput{Bucket: aws.String(kit.Obj(prior).Str("id"))})
			if err != nil && !bucketGone(err, "NoSuchBucketPolicy") {
				return apiDiag(err, nil, "Cannot delete S3 bucket policy")
			}
			return nil
		},
		importState: func(id string) (cty.Value, schema.Diagnostics) {
			return idStub(s3PolicyBlock, id, map[string]cty.Value{"bucket": cty.StringVal(id)})
		},
	}
}
