package s3src

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/Masterminds/semver/v3"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/trueup/trueup/engine/artifacts"
	"github.com/trueup/trueup/engine/sandbox"
)

func startSandbox(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	sb, err := sandbox.Start(ctx, sandbox.Options{Buckets: []string{"builds"}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sb.Close() })
	for _, kv := range sb.Env() {
		k, v, _ := strings.Cut(kv, "=")
		t.Setenv(k, v)
	}
}

func put(t *testing.T, src *Source, key, body string) {
	t.Helper()
	_, err := src.api.(*s3.Client).PutObject(context.Background(), &s3.PutObjectInput{Bucket: aws.String("builds"), Key: &key, Body: strings.NewReader(body)})
	if err != nil {
		t.Fatal(err)
	}
}

func TestObjectsUnderThePrefixAreCandidatesWithDigests(t *testing.T) {
	startSandbox(t)
	ctx := context.Background()
	src, err := New(ctx, Options{Bucket: "builds", Prefix: "lambda/", UsePathStyle: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"lambda/fn-1.4.2.zip", "lambda/fn-1.10.0.zip", "lambda/fn-2.0.0.zip", "other/fn-9.0.0.zip"} {
		put(t, src, k, "zip of "+k)
	}
	cands, err := src.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(cands) != 3 || cands[0].Created.IsZero() {
		t.Fatalf("candidates: %+v", cands)
	}
	rng, _ := semver.NewConstraint("~1")
	p := &artifacts.Policy{Kind: artifacts.PolicySemver, Constraint: rng,
		TagPattern: regexp.MustCompile(`^lambda/fn-(?P<version>.+)\.zip$`)}
	got, err := p.Matching(ctx, src, cands)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Tag != "lambda/fn-1.10.0.zip" || got[0].Version != "1.10.0" {
		t.Fatalf("matching: %+v", got)
	}
	r, err := src.Resolve(ctx, got[0])
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^etag:[0-9a-f]{32}`).MatchString(r.Digest) || r.Link != "s3://builds/lambda/fn-1.10.0.zip" {
		t.Fatalf("resolved: %+v", r)
	}
	// Overwriting the object is noticed: its digest changes.
	put(t, src, "lambda/fn-1.10.0.zip", "a different build")
	again, err := src.Resolve(ctx, got[0])
	if err != nil || again.Digest == r.Digest {
		t.Fatalf("after overwriting: %+v %v (was %s)", again, err, r.Digest)
	}
}

func TestAMissingBucketIsAClearError(t *testing.T) {
	startSandbox(t)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	src, err := New(ctx, Options{Bucket: "no-such-bucket", Prefix: "x/", UsePathStyle: true})
	if err != nil {
		t.Fatal(err)
	}
	_, err = src.List(ctx)
	if err == nil || !strings.Contains(err.Error(), "listing s3://no-such-bucket/x/") || !strings.Contains(err.Error(), "NoSuchBucket") {
		t.Fatalf("error = %v", err)
	}
}
