package main

import (
	"context"
	"encoding/json"
	"maps"
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/trueup/trueup/engine/sandbox"
)

// sandboxRequests reads and resets the sandbox's S3 request counts.
func sandboxRequests(t *testing.T, sb *sandbox.Sandbox) map[string]int {
	t.Helper()
	resp, err := http.Get(sb.S3URL() + "/_trueup/requests")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	counts := map[string]int{}
	if err := json.NewDecoder(resp.Body).Decode(&counts); err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodDelete, sb.S3URL()+"/_trueup/requests", nil)
	if resp, err := http.DefaultClient.Do(req); err != nil {
		t.Fatal(err)
	} else {
		resp.Body.Close()
	}
	delete(counts, "POST /") // STS GetCallerIdentity: the provider's credential check
	return counts
}

// An aws_s3_object costs one PUT to create (S3 answers its ETag and
// version), one HEAD to refresh when it has no tags (HEAD answers
// x-amz-tagging-count), and a GET ?tagging more when it has; out-of-band
// changes to the body, the content type or the tags are still found.
func TestS3ObjectCallsAndDriftAgainstTheSandbox(t *testing.T) {
	t.Parallel()
	sb := startSandbox(t)
	s := newStack(t, map[string]string{"main.tf": `
provider "aws" {
  s3_use_path_style = true
}

resource "aws_s3_object" "plain" {
  bucket  = "tfstate"
  key     = "objects/plain"
  content = "plain"
}

resource "aws_s3_object" "tagged" {
  bucket       = "tfstate"
  key          = "objects/tagged"
  content      = "tagged"
  content_type = "text/plain"
  tags         = { env = "dev" }
}
`})
	for _, kv := range sb.Env() {
		name, value, _ := strings.Cut(kv, "=")
		s.setenv(name, value)
	}
	sandboxRequests(t, sb)
	s.must(0, "apply", "-auto-approve", "-input=false", "-no-color")
	if got, want := sandboxRequests(t, sb), map[string]int{"PUT object": 2}; !maps.Equal(got, want) {
		t.Errorf("apply made %v, want %v", got, want)
	}
	s.must(0, "plan", "-detailed-exitcode", "-input=false", "-no-color")
	if got, want := sandboxRequests(t, sb), map[string]int{"HEAD object": 2, "GET object?tagging": 1}; !maps.Equal(got, want) {
		t.Errorf("a no-op plan made %v, want %v", got, want)
	}

	ctx := context.Background()
	cfg, err := awsconfig.LoadDefaultConfig(ctx, awsconfig.WithRegion(sandbox.Region),
		awsconfig.WithCredentialsProvider(credentials.NewStaticCredentialsProvider(sandbox.AccessKeyID, sandbox.SecretAccessKey, "")))
	if err != nil {
		t.Fatal(err)
	}
	c := s3.NewFromConfig(cfg, func(o *s3.Options) { o.BaseEndpoint = aws.String(sb.S3URL()); o.UsePathStyle = true })
	put := func(key, body, contentType, tagging string) func() {
		return func() {
			in := &s3.PutObjectInput{Bucket: aws.String("tfstate"), Key: aws.String(key), Body: strings.NewReader(body),
				ContentType: aws.String(contentType)}
			if tagging != "" {
				in.Tagging = aws.String(tagging)
			}
			if _, err := c.PutObject(ctx, in); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, drift := range []struct {
		name, want string
		change     func()
	}{
		{"a changed body", "etag", put("objects/plain", "defaced", "application/octet-stream", "")},
		{"a changed content type", "content_type", put("objects/tagged", "tagged", "text/html", "env=dev")},
		{"a changed tag", `"prod"`, func() {
			if _, err := c.PutObjectTagging(ctx, &s3.PutObjectTaggingInput{Bucket: aws.String("tfstate"), Key: aws.String("objects/tagged"),
				Tagging: &s3types.Tagging{TagSet: []s3types.Tag{{Key: aws.String("env"), Value: aws.String("prod")}}}}); err != nil {
				t.Fatal(err)
			}
		}},
		{"a tag added to an untagged object", `"added"`, func() {
			if _, err := c.PutObjectTagging(ctx, &s3.PutObjectTaggingInput{Bucket: aws.String("tfstate"), Key: aws.String("objects/plain"),
				Tagging: &s3types.Tagging{TagSet: []s3types.Tag{{Key: aws.String("by"), Value: aws.String("added")}}}}); err != nil {
				t.Fatal(err)
			}
		}},
	} {
		drift.change()
		r := s.must(2, "plan", "-detailed-exitcode", "-input=false", "-no-color")
		if !strings.Contains(r.stdout, drift.want) {
			t.Errorf("%s: the plan does not show %s:\n%s", drift.name, drift.want, r.stdout)
		}
		s.must(0, "apply", "-auto-approve", "-input=false", "-no-color")
		s.must(0, "plan", "-detailed-exitcode", "-input=false", "-no-color")
	}
}
