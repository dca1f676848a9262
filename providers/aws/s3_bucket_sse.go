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

var s3SSEBlock = &schema.Block{
	Description: "A bucket's default server-side encryption. Import ID: BUCKET or BUCKET,EXPECTED_BUCKET_OWNER.",
	Attributes: map[string]*schema.Attribute{
		"id":                    {Type: cty.String, Computed: true},
		"bucket":                bucketAttr(),
		"expected_bucket_owner": ownerAttr(),
	},
	BlockTypes: map[string]*schema.NestedBlock{
		"rule": {Nesting: schema.NestingSet, MinItems: 1, Block: schema.Block{
			Attributes: map[string]*schema.Attribute{
				"bucket_key_enabled": {Type: cty.Bool, Optional: true},
			},
			BlockTypes: map[string]*schema.NestedBlock{
				"apply_server_side_encryption_by_default": {Nesting: schema.NestingList, MaxItems: 1, Block: schema.Block{
					Attributes: map[string]*schema.Attribute{
						"sse_algorithm":     {Type: cty.String, Required: true, Description: "AES256, aws:kms or aws:kms:dsse."},
						"kms_master_key_id": {Type: cty.String, Optional: true},
					},
				}},
			},
		}},
	},
}

func s3SSEResource() *resourceType {
	return &resourceType{
		schema: &schema.Resource{Block: s3SSEBlock},
		create: func(ctx context.Context, c *client, planned cty.Value) (cty.Value, schema.Diagnostics) {
			planned = withSubID(planned)
			if diags := putSSE(ctx, c, planned); diags.HasErrors() {
				return cty.NullVal(planned.Type()), diags
			}
			return planned, nil
		},
		read: readS3SSE,
		update: func(ctx context.Context, c *client, prior, planned cty.Value) (cty.Value, schema.Diagnostics) {
			if diags := putSSE(ctx, c, planned); diags.HasErrors() {
				return prior, diags
			}
			return planned, nil
		},
		delete: func(ctx context.Context, c *client, prior cty.Value) schema.Diagnostics {
			o := kit.Obj(prior)
			_, err := c.s3.DeleteBucketEncryption(ctx, &s3.DeleteBucketEncryptionInput{
				Bucket: aws.String(o.Str("bucket")), ExpectedBucketOwner: o.StrPtr("expected_bucket_owner")})
			if err != nil && !bucketGone(err, "ServerSideEncryptionConfigurationNotFoundError") {
				return apiDiag(err, nil, "Cannot delete S3 bucket encryption")
			}
			return nil
		},
		importState: func(id string) (cty.Value, schema.Diagnostics) { return bucketSubStub(s3SSEBlock, id) },
	}
}

func putSSE(ctx context.Context, c *client, planned cty.Value) schema.Diagnostics {
	o := kit.Obj(planned)
	var rules []s3types.ServerSideEncryptionRule
	for _, r := range o.Blocks("rule") {
		rule := s3types.ServerSideEncryptionRule{BucketKeyEnabled: r.BoolPtr("bucket_key_enabled")}
		if d := r.Block("apply_server_side_encryption_by_default"); d.Present() {
			rule.ApplyServerSideEncryptionByDefault = &s3types.ServerSideEncryptionByDefault{
				SSEAlgorithm: s3types.ServerSideEncryption(d.Str("sse_algorithm")), KMSMasterKeyID: d.StrPtr("kms_master_key_id")}
		}
		rules = append(rules, rule)
	}
	_, err := c.s3.PutBucketEncryption(ctx, &s3.PutBucketEncryptionInput{
		Bucket: aws.String(o.Str("bucket")), ExpectedBucketOwner: o.StrPtr("expected_bucket_owner"),
		ServerSideEncryptionConfiguration: &s3types.ServerSideEncryptionConfiguration{Rules: rules}})
	return apiDiag(err, attrPath("rule"), "Cannot set S3 bucket encryption")
}

func readS3SSE(ctx context.Context, c *client, prior cty.Value) (cty.Value, schema.Diagnostics) {
	o := kit.Obj(prior)
	out, err := c.s3.GetBucketEncryption(ctx, &s3.GetBucketEncryptionInput{
		Bucket: aws.String(o.Str("bucket")), ExpectedBucketOwner: o.StrPtr("expected_bucket_owner")})
	if bucketGone(err, "ServerSideEncryptionConfigurationNotFoundError") {
		return cty.NullVal(prior.Type()), nil
	}
	if err != nil {
		return prior, apiDiag(err, nil, "Cannot read S3 bucket encryption")
	}
	ruleNB := s3SSEBlock.BlockTypes["rule"]
	defNB := ruleNB.BlockTypes["apply_server_side_encryption_by_default"]
	var rules []cty.Value
	if out.ServerSideEncryptionConfiguration != nil {
		for _, r := range out.ServerSideEncryptionConfiguration.Rules {
			var defs []cty.Value
			if d := r.ApplyServerSideEncryptionByDefault; d != nil {
				defs = append(defs, kit.ObjectVal(&defNB.Block, map[string]cty.Value{
					"sse_algorithm": cty.StringVal(string(d.SSEAlgorithm)), "kms_master_key_id": kit.StrPtrVal(d.KMSMasterKeyID)}))
			}
			rules = append(rules, kit.ObjectVal(&ruleNB.Block, map[string]cty.Value{
				"bucket_key_enabled":                      kit.BoolPtrVal(r.BucketKeyEnabled),
				"apply_server_side_encryption_by_default": kit.BlockVal(defNB, defs)}))
		}
	}
	live := kit.ObjectVal(s3SSEBlock, map[string]cty.Value{
		"id": o.Attr("id"), "bucket": o.Attr("bucket"), "expected_bucket_owner": o.Attr("expected_bucket_owner"),
		"rule": kit.BlockVal(ruleNB, rules),
	})

	return kit.Set(live, "rule", conform(o.Attr("rule"), live.GetAttr("rule"))), nil
}
