package aws

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/providers/providertest"
	"github.com/trueup/trueup/schema"
)

// makeBuckets creates buckets with the independent client.
func makeBuckets(t *testing.T, names ...string) {
	t.Helper()
	for _, n := range names {
		if _, err := s3Client().CreateBucket(bg, &s3.CreateBucketInput{Bucket: aws.String(n)}); err != nil {
			t.Fatalf("CreateBucket %s: %v", n, err)
		}
	}
}

func subID(s cty.Value) string { return str(s, "id") }

func mustNoErr(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestS3BucketSubResourcesConformance(t *testing.T) {
	p := newMotoProvider(t, nil)
	makeBuckets(t, "ver", "pol", "pab", "sse", "lcy")
	vBlock, lcBlock := resourceBlock(t, "aws_s3_bucket_versioning"), resourceBlock(t, "aws_s3_bucket_lifecycle_configuration")
	sseBlock := resourceBlock(t, "aws_s3_bucket_server_side_encryption_configuration")
	versioning := func(status string) cty.Value {
		return cfg(t, "aws_s3_bucket_versioning", map[string]cty.Value{"bucket": cty.StringVal("ver"),
			"versioning_configuration": nested(vBlock, "versioning_configuration", map[string]cty.Value{"status": cty.StringVal(status)})})
	}
	policy := func(action string, pretty bool) cty.Value {
		doc := `{"Version":"2012-10-17","Statement":[{"Sid":"Read","Effect":"Allow","Principal":"*","Action":"` + action +
			`","Resource":"arn:aws:s3:::pol/*"}]}`
		if pretty {
			doc = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\"Sid\": \"Read\", \"Effect\": \"Allow\",\n" +
				"  \"Principal\": {\"AWS\": \"*\"}, \"Action\": [\"" + action + "\"], \"Resource\": [\"arn:aws:s3:::pol/*\"]}]\n}"
		}
		return cfg(t, "aws_s3_bucket_policy", map[string]cty.Value{"bucket": cty.StringVal("pol"), "policy": cty.StringVal(doc)})
	}
	sse := func(alg string) cty.Value {
		rb := &sseBlock.BlockTypes["rule"].Block
		return cfg(t, "aws_s3_bucket_server_side_encryption_configuration", map[string]cty.Value{"bucket": cty.StringVal("sse"),
			"rule": cty.SetVal([]cty.Value{providertest.Config(rb, map[string]cty.Value{
				"apply_server_side_encryption_by_default": nested(rb, "apply_server_side_encryption_by_default",
					map[string]cty.Value{"sse_algorithm": cty.StringVal(alg)})})})})
	}
	lifecycle := func(days int64) cty.Value {
		rb := &lcBlock.BlockTypes["rule"].Block
		rule := func(id string, vals map[string]cty.Value) cty.Value {
			vals["id"], vals["status"] = cty.StringVal(id), cty.StringVal("Enabled")
			return providertest.Config(rb, vals)
		}
		return cfg(t, "aws_s3_bucket_lifecycle_configuration", map[string]cty.Value{"bucket": cty.StringVal("lcy"),
			"rule": cty.ListVal([]cty.Value{
				rule("logs", map[string]cty.Value{
					"filter":     nested(rb, "filter", map[string]cty.Value{"prefix": cty.StringVal("logs/")}),
					"expiration": nested(rb, "expiration", map[string]cty.Value{"days": cty.NumberIntVal(days)}),
					"transition": cty.SetVal([]cty.Value{providertest.Config(&rb.BlockTypes["transition"].Block, map[string]cty.Value{
						"days": cty.NumberIntVal(30), "storage_class": cty.StringVal("STANDARD_IA")})}),
				}),
				rule("uploads", map[string]cty.Value{
					"abort_incomplete_multipart_upload": nested(rb, "abort_incomplete_multipart_upload",
						map[string]cty.Value{"days_after_initiation": cty.NumberIntVal(7)}),
				}),
			})})
	}
	providertest.Run(t, p, []providertest.Case{{
		Name:  "versioning enables, suspends in place, and sees an out-of-band suspension",
		Type:  "aws_s3_bucket_versioning",
		Steps: []providertest.Step{{Config: versioning("Enabled")}, {Config: versioning("Suspended")}},
		// S3 cannot remove a bucket's versioning state, only suspend it:
		// destroy suspends, and the state stays readable until the bucket
		// goes (TestS3BucketSubResourcesGoWithTheBucket).
		StateOnly: true,
		Mutate: func(t *testing.T, _ cty.Value) {
			_, err := s3Client().PutBucketVersioning(bg, &s3.PutBucketVersioningInput{Bucket: aws.String("ver"),
				VersioningConfiguration: &s3types.VersioningConfiguration{Status: s3types.BucketVersioningStatusEnabled}})
			mustNoErr(t, err)
		},
		ImportID: subID,
	}, {
		Name:  "policy JSON reformatted by the API plans no change; a deleted policy is re-created",
		Type:  "aws_s3_bucket_policy",
		Steps: []providertest.Step{{Config: policy("s3:GetObject", true)}, {Config: policy("s3:ListBucket", false)}},
		Mutate: func(t *testing.T, _ cty.Value) {
			_, err := s3Client().DeleteBucketPolicy(bg, &s3.DeleteBucketPolicyInput{Bucket: aws.String("pol")})
			mustNoErr(t, err)
		},
		ImportID: subID,
	}, {
		Name: "public access block flags change in place and drift back",
		Type: "aws_s3_bucket_public_access_block",
		Steps: []providertest.Step{
			{Config: cfg(t, "aws_s3_bucket_public_access_block", map[string]cty.Value{"bucket": cty.StringVal("pab"),
				"block_public_acls": cty.True, "block_public_policy": cty.True})},
			{Config: cfg(t, "aws_s3_bucket_public_access_block", map[string]cty.Value{"bucket": cty.StringVal("pab"),
				"block_public_acls": cty.True, "restrict_public_buckets": cty.True})},
		},
		Mutate: func(t *testing.T, _ cty.Value) {
			_, err := s3Client().PutPublicAccessBlock(bg, &s3.PutPublicAccessBlockInput{Bucket: aws.String("pab"),
				PublicAccessBlockConfiguration: &s3types.PublicAccessBlockConfiguration{BlockPublicAcls: aws.Bool(false)}})
			mustNoErr(t, err)
		},
		ImportID: subID,
	}, {
		Name:  "encryption algorithm changes in place and drift is seen",
		Type:  "aws_s3_bucket_server_side_encryption_configuration",
		Steps: []providertest.Step{{Config: sse("AES256")}, {Config: sse("aws:kms")}},
		Mutate: func(t *testing.T, _ cty.Value) {
			_, err := s3Client().PutBucketEncryption(bg, &s3.PutBucketEncryptionInput{Bucket: aws.String("sse"),
				ServerSideEncryptionConfiguration: &s3types.ServerSideEncryptionConfiguration{Rules: []s3types.ServerSideEncryptionRule{{
					ApplyServerSideEncryptionByDefault: &s3types.ServerSideEncryptionByDefault{SSEAlgorithm: s3types.ServerSideEncryptionAes256},
				}}}})
			mustNoErr(t, err)
		},
		ImportID: subID,
	}, {
		Name:  "lifecycle rules round-trip without perpetual diffs",
		Type:  "aws_s3_bucket_lifecycle_configuration",
		Steps: []providertest.Step{{Config: lifecycle(90)}, {Config: lifecycle(365)}},
		Mutate: func(t *testing.T, _ cty.Value) {
			_, err := s3Client().DeleteBucketLifecycle(bg, &s3.DeleteBucketLifecycleInput{Bucket: aws.String("lcy")})
			mustNoErr(t, err)
		},
		ImportID: subID,
	}})
}

func TestS3BucketSubResourcesGoWithTheBucket(t *testing.T) {
	p := newMotoProvider(t, nil)
	for _, typ := range []string{"aws_s3_bucket_versioning", "aws_s3_bucket_policy", "aws_s3_bucket_public_access_block",
		"aws_s3_bucket_server_side_encryption_configuration", "aws_s3_bucket_lifecycle_configuration"} {
		t.Run(typ+" reads null once its bucket is deleted", func(t *testing.T) {
			makeBuckets(t, "gone")
			imp := p.ImportResource(bg, schema.ImportResourceRequest{TypeName: typ, ID: "gone"})
			if imp.Diagnostics.HasErrors() {
				t.Fatal(imp.Diagnostics.Err())
			}
			_, err := s3Client().DeleteBucket(bg, &s3.DeleteBucketInput{Bucket: aws.String("gone")})
			mustNoErr(t, err)
			resp := p.ReadResource(bg, schema.ReadResourceRequest{TypeName: typ, PriorState: imp.Imported[0].State})
			if resp.Diagnostics.HasErrors() {
				t.Fatal(resp.Diagnostics.Err())
			}
			if !resp.NewState.IsNull() {
				t.Errorf("read returned %#v, want null", resp.NewState)
			}
		})
	}
}
