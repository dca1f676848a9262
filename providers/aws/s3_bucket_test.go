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

func s3Client() *s3.Client {
	return s3.NewFromConfig(sdkConfig(), func(o *s3.Options) { o.UsePathStyle = true })
}

func TestS3BucketConformance(t *testing.T) {
	p := newMotoProvider(t, map[string]cty.Value{
		"default_tags": cty.ListVal([]cty.Value{cty.ObjectVal(map[string]cty.Value{"tags": tagsVal("team", "infra")})}),
	})
	const typ = "aws_s3_bucket"
	providertest.Run(t, p, []providertest.Case{{
		Name: "tags change in place and out-of-band tag edits are drift",
		Type: typ,
		Steps: []providertest.Step{
			{Config: cfg(t, typ, map[string]cty.Value{"bucket": cty.StringVal("conf-bucket"), "tags": tagsVal("env", "dev")}),
				Check: func(t *testing.T, s cty.Value) {
					want := map[string]string{"env": "dev", "team": "infra"}
					if got := liveBucketTags(t, "conf-bucket"); !sameMap(got, want) {
						t.Errorf("live tags = %v, want %v (default_tags merged)", got, want)
					}
					if str(s, "arn") != "arn:aws:s3:::conf-bucket" || str(s, "region") != "us-east-1" ||
						str(s, "bucket_regional_domain_name") != "conf-bucket.s3.us-east-1.amazonaws.com" {
						t.Errorf("computed names wrong: %s", s.GoString())
					}
				}},
			{Config: cfg(t, typ, map[string]cty.Value{"bucket": cty.StringVal("conf-bucket"), "tags": tagsVal("env", "prod"),
				"force_destroy": cty.True})},
		},
		Mutate: func(t *testing.T, s cty.Value) {
			_, err := s3Client().PutBucketTagging(bg, &s3.PutBucketTaggingInput{Bucket: aws.String("conf-bucket"),
				Tagging: &s3types.Tagging{TagSet: []s3types.Tag{{Key: aws.String("env"), Value: aws.String("hacked")}}}})
			if err != nil {
				t.Fatal(err)
			}
		},
		ImportID:     func(s cty.Value) string { return str(s, "id") },
		ImportIgnore: []string{"force_destroy"},
	}, {
		Name: "a changed name replaces and a deleted bucket is re-created",
		Type: typ,
		Steps: []providertest.Step{
			{Config: cfg(t, typ, map[string]cty.Value{"bucket_prefix": cty.StringVal("pre-")}),
				Check: func(t *testing.T, s cty.Value) {
					if b := str(s, "bucket"); len(b) != len("pre-")+26 || b[:4] != "pre-" {
						t.Errorf("generated name %q, want pre- and 26 characters", b)
					}
				}},
			{Config: cfg(t, typ, map[string]cty.Value{"bucket": cty.StringVal("renamed-bucket")}), Replace: true},
		},
		Mutate: func(t *testing.T, s cty.Value) {
			if _, err := s3Client().DeleteBucket(bg, &s3.DeleteBucketInput{Bucket: aws.String(str(s, "id"))}); err != nil {
				t.Fatal(err)
			}
		},
		ImportID: func(s cty.Value) string { return str(s, "id") },
	}})
}

func liveBucketTags(t *testing.T, bucket string) map[string]string {
	t.Helper()
	out, err := s3Client().GetBucketTagging(bg, &s3.GetBucketTaggingInput{Bucket: aws.String(bucket)})
	if err != nil {
		t.Fatalf("GetBucketTagging: %v", err)
	}
	return fromS3Tags(out.TagSet)
}

func sameMap(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if bv, ok := b[k]; !ok || bv != v {
			return false
		}
	}
	return true
}

func headBucket(name string) *s3.HeadBucketInput {
	return &s3.HeadBucketInput{Bucket: aws.String(name)}
}

// createBucket plans and applies a bucket named name through p.
func createBucket(t *testing.T, p schema.Provider, name string) cty.Value {
	t.Helper()
	resp := planApply(t, p, "aws_s3_bucket", cfg(t, "aws_s3_bucket", map[string]cty.Value{"bucket": cty.StringVal(name)}))
	if resp.Diagnostics.HasErrors() {
		t.Fatal(resp.Diagnostics.Err())
	}
	return resp.NewState
}

// planApply plans a create of config and applies it, returning the apply
// response (diagnostics included) as the engine would see it.
func planApply(t *testing.T, p schema.Provider, typ string, config cty.Value) schema.ApplyResourceResponse {
	t.Helper()
	block := resourceBlock(t, typ)
	plan := p.PlanResource(bg, schema.PlanResourceRequest{TypeName: typ, PriorState: block.Null(),
		ProposedNewState: schema.ProposedNew(block, block.Null(), config), Config: config})
	if plan.Diagnostics.HasErrors() {
		t.Fatal(plan.Diagnostics.Err())
	}
	return p.ApplyResource(bg, schema.ApplyResourceRequest{TypeName: typ, PriorState: block.Null(),
		PlannedState: plan.PlannedState, Config: config})
}
