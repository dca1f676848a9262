package aws

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/providers/internal/kit"
	"github.com/trueup/trueup/schema"
)

var pabFlags = []string{"block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"}

var s3PABBlock = func() *schema.Block {
	b := &schema.Block{
		Description: "A bucket's public access block. Import ID: the bucket name.",
		Attributes: map[string]*schema.Attribute{
			"id":     {Type: cty.String, Computed: true},
			"bucket": bucketAttr(),
		},
	}
	for _, f := range pabFlags {
		b.Attributes[f] = &schema.Attribute{Type: cty.Bool, Optional: true, Computed: true, Description: "Defaults to false."}
	}
	return b
}()

func s3PABResource() *resourceType {
	defaults := map[string]cty.Value{}
	for _, f := range pabFlags {
		defaults[f] = cty.False
	}
	put := func(ctx context.Context, c *client, planned cty.Value) schema.Diagnostics {
		o := kit.Obj(planned)
		_, err := c.s3.PutPublicAccessBlock(ctx, &s3.PutPublicAccessBlockInput{
			Bucket: aws.String(o.Str("bucket")),
			PublicAccessBlockConfiguration: &s3types.PublicAccessBlockConfiguration{
				BlockPublicAcls: o.BoolPtr("block_public_acls"), BlockPublicPolicy: o.BoolPtr("block_public_policy"),
				IgnorePublicAcls: o.BoolPtr("ignore_public_acls"), RestrictPublicBuckets: o.BoolPtr("restrict_public_buckets"),
			}})
		return apiDiag(err, nil, "Cannot set S3 public access block")
	}
	return &resourceType{
		schema:   &schema.Resource{Block: s3PABBlock},
		defaults: defaults,
		create: func(ctx context.Context, c *client, planned cty.Value) (cty.Value, schema.Diagnostics) {
			planned = kit.Set(planned, "id", kit.Obj(planned).Attr("bucket"))
			if diags := put(ctx, c, planned); diags.HasErrors() {
				return cty.NullVal(planned.Type()), diags
			}
			return planned, nil
		},
		read: readS3PAB,
		update: func(ctx context.Context, c *client, prior, planned cty.Value) (cty.Value, schema.Diagnostics) {
			if diags := put(ctx, c, planned); diags.HasErrors() {
				return prior, diags
			}
			return planned, nil
		},
		delete: func(ctx context.Context, c *client, prior cty.Value) schema.Diagnostics {
			_, err := c.s3.DeletePublicAccessBlock(ctx, &s3.DeletePublicAccessBlockInput{Bucket: aws.String(kit.Obj(prior).Str("id"))})
			if err != nil && !bucketGone(err, "NoSuchPublicAccessBlockConfiguration") {
				return apiDiag(err, nil, "Cannot delete S3 public access block")
			}
			return nil
		},
		importState: func(id string) (cty.Value, schema.Diagnostics) {
			return idStub(s3PABBlock, id, map[string]cty.Value{"bucket": cty.StringVal(id)})
		},
	}
}

func readS3PAB(ctx context.Context, c *client, prior cty.Value) (cty.Value, schema.Diagnostics) {
	id := kit.Obj(prior).Str("id")
	out, err := c.s3.GetPublicAccessBlock(ctx, &s3.GetPublicAccessBlockInput{Bucket: aws.String(id)})
	if bucketGone(err, "NoSuchPublicAccessBlockConfiguration") {
		return cty.NullVal(prior.Type()), nil
	}
	if err != nil {
		return prior, apiDiag(err, nil, "Cannot read S3 public access block")
	}
	cfg := out.PublicAccessBlockConfiguration
	if cfg == nil {
		cfg = &s3types.PublicAccessBlockConfiguration{}
	}
	return kit.ObjectVal(s3PABBlock, map[string]cty.Value{
			"id": cty.StringVal(id), "bucket": cty.StringVal(id),
			"block_public_acls":       cty.BoolVal(aws.ToBool(cfg.BlockPublicAcls)),
			"block_public_policy":     cty.BoolVal(aws.ToBool(cfg.BlockPublicPolicy)),
			"ignore_public_acls":      cty.BoolVal(aws.ToBool(cfg.IgnorePublicAcls)),
			"restrict_public_buckets": cty.BoolVal(aws.ToBool(cfg.RestrictPublicBuckets)),
		}),

		nil
}
