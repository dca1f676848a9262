package aws

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/schema"
)

func TestAPIErrorsNameTheAttribute(t *testing.T) {
	p := newMotoProvider(t, nil)
	for _, tc := range []struct {
		name, typ string
		vals      map[string]cty.Value
		wantAttr  string
		wantText  string
	}{
		{"an invalid bucket name is an error on bucket", "aws_s3_bucket",
			map[string]cty.Value{"bucket": cty.StringVal("ab")}, "bucket", "InvalidBucketName"},
		{"a malformed IAM policy is an error on policy", "aws_iam_policy",
			map[string]cty.Value{"name": cty.StringVal("bad"), "policy": cty.StringVal(`{"Version":"2012-10-17","Statement":[{"Effect":"Maybe","Action":"s3:*","Resource":"*"}]}`)},
			"policy", "MalformedPolicyDocument"},
		{"a redrive policy to a missing queue is an error on redrive_policy", "aws_sqs_queue",
			map[string]cty.Value{"name": cty.StringVal("q"), "redrive_policy": cty.StringVal(`{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:123456789012:none","maxReceiveCount":1}`)},
			"redrive_policy", "Could not find DLQ"},
		{"subscribing to a missing topic is an error on topic_arn", "aws_sns_topic_subscription",
			map[string]cty.Value{"topic_arn": cty.StringVal("arn:aws:sns:us-east-1:123456789012:none"), "protocol": cty.StringVal("sqs"),
				"endpoint": cty.StringVal("arn:aws:sqs:us-east-1:123456789012:q")}, "topic_arn", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp := planApply(t, p, tc.typ, cfg(t, tc.typ, tc.vals))
			if !resp.Diagnostics.HasErrors() {
				t.Fatal("apply succeeded, want an error")
			}
			if !resp.NewState.IsNull() {
				t.Errorf("NewState = %#v, want null: nothing was created", resp.NewState)
			}
			d := resp.Diagnostics[0]
			if got := pathName(d.Attribute); got != tc.wantAttr {
				t.Errorf("attribute = %q, want %q (%s: %s)", got, tc.wantAttr, d.Summary, d.Detail)
			}
			if !strings.Contains(d.Detail, tc.wantText) {
				t.Errorf("detail %q does not carry the cloud's message %q", d.Detail, tc.wantText)
			}
		})
	}
}

func TestPartialCreateKeepsTheBucket(t *testing.T) {
	p := newMotoProvider(t, nil)
	config := cfg(t, "aws_s3_bucket", map[string]cty.Value{"bucket": cty.StringVal("half-made"), "tags": tagsVal("aws:reserved", "x")})
	resp := planApply(t, p, "aws_s3_bucket", config)
	if !resp.Diagnostics.HasErrors() {
		t.Fatal("apply succeeded, want the tagging error")
	}
	if got := pathName(resp.Diagnostics[0].Attribute); got != "tags" {
		t.Errorf("error attribute = %q, want tags", got)
	}
	if resp.NewState.IsNull() || str(resp.NewState, "id") != "half-made" {
		t.Fatalf("NewState = %#v, want the created bucket so it is not orphaned", resp.NewState)
	}
	if !resp.NewState.IsWhollyKnown() {
		t.Errorf("partial NewState has unknown values: %#v", resp.NewState)
	}
	if _, err := s3Client().HeadBucket(bg, &s3.HeadBucketInput{Bucket: aws.String("half-made")}); err != nil {
		t.Errorf("the bucket is not there: %v", err)
	}
	// The engine records it; the next plan (from the refreshed object)
	// wants to fix the tags rather than create a second bucket.
	read := p.ReadResource(bg, schema.ReadResourceRequest{TypeName: "aws_s3_bucket", PriorState: resp.NewState})
	if read.Diagnostics.HasErrors() || read.NewState.IsNull() {
		t.Fatalf("read of the partial bucket: %v, %#v", read.Diagnostics.Err(), read.NewState)
	}
	block := resourceBlock(t, "aws_s3_bucket")
	plan := p.PlanResource(bg, schema.PlanResourceRequest{TypeName: "aws_s3_bucket", PriorState: read.NewState,
		ProposedNewState: schema.ProposedNew(block, read.NewState, config), Config: config})
	if len(plan.RequiresReplace) > 0 || plan.PlannedState.RawEquals(read.NewState) {
		t.Errorf("plan after a partial create: replace %v, no-op %v; want an in-place update of tags",
			plan.RequiresReplace, plan.PlannedState.RawEquals(read.NewState))
	}
}

func TestValidateNamesTheAttribute(t *testing.T) {
	p := New()
	for _, tc := range []struct {
		name, typ string
		vals      map[string]cty.Value
		wantAttr  string
	}{
		{"content and source together conflict", "aws_s3_object", map[string]cty.Value{"bucket": cty.StringVal("b"),
			"key": cty.StringVal("k"), "content": cty.StringVal("x"), "source": cty.StringVal("/etc/hostname")}, "content"},
		{"a policy that is not JSON is refused", "aws_s3_bucket_policy", map[string]cty.Value{"bucket": cty.StringVal("b"),
			"policy": cty.StringVal("{not json")}, "policy"},
		{"a trust policy that is not JSON is refused", "aws_iam_role", map[string]cty.Value{
			"assume_role_policy": cty.StringVal("nope")}, "assume_role_policy"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp := p.ValidateResource(bg, schema.ValidateResourceRequest{TypeName: tc.typ, Config: cfg(t, tc.typ, tc.vals)})
			if !resp.Diagnostics.HasErrors() {
				t.Fatal("valid, want an error")
			}
			if got := pathName(resp.Diagnostics[0].Attribute); got != tc.wantAttr {
				t.Errorf("attribute = %q, want %q", got, tc.wantAttr)
			}
		})
	}
	unknown := cfg(t, "aws_s3_bucket_policy", map[string]cty.Value{"bucket": cty.StringVal("b"), "policy": cty.UnknownVal(cty.String)})
	if d := p.ValidateResource(bg, schema.ValidateResourceRequest{TypeName: "aws_s3_bucket_policy", Config: unknown}).Diagnostics; d.HasErrors() {
		t.Errorf("an unknown policy must validate (known after apply): %v", d.Err())
	}
}
