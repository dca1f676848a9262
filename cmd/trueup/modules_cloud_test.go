package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"cloud.google.com/go/storage"
	"github.com/aws/aws-sdk-go-v2/aws"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"google.golang.org/api/option"

	"github.com/trueup/trueup/engine/sandbox"
)

// TestModulesFromS3AndGCSBuckets installs modules kept in the sandbox's
// S3 and GCS emulators (s3:: with an S3-compatible endpoint, s3:: with an
// amazonaws.com address sent to AWS_ENDPOINT_URL, gcs:: sent to
// STORAGE_EMULATOR_HOST), applies them and records them in modules.json.
func TestModulesFromS3AndGCSBuckets(t *testing.T) {
	t.Parallel()
	sb := startSandbox(t)
	ctx := context.Background()
	module := func(name string) string {
		return `variable "n" {}
resource "terraform_data" "r" { input = "` + name + `-${var.n}" }
output "v" { value = terraform_data.r.output }
`
	}
	cfg, err := awsconfig.LoadDefaultConfig(ctx, awsconfig.WithRegion(sandbox.Region),
		awsconfig.WithCredentialsProvider(credentials.NewStaticCredentialsProvider(sandbox.AccessKeyID, sandbox.SecretAccessKey, "")))
	if err != nil {
		t.Fatal(err)
	}
	s3c := s3.NewFromConfig(cfg, func(o *s3.Options) { o.BaseEndpoint = aws.String(sb.S3URL()); o.UsePathStyle = true })
	if _, err := s3c.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String("tfstate"), Key: aws.String("mods/s3/main.tf"), Body: bytes.NewReader([]byte(module("s3")))}); err != nil {
		t.Fatal(err)
	}
	// The emulator's endpoint is given to the client, not put in the
	// test process's STORAGE_EMULATOR_HOST, so that the test can run in
	// parallel (trueup gets it from sb.Env below).
	gc, err := storage.NewClient(ctx, option.WithEndpoint(sb.GCSURL()+"/storage/v1/"), option.WithoutAuthentication())
	if err != nil {
		t.Fatal(err)
	}
	defer gc.Close()
	w := gc.Bucket("tfstate").Object("mods/gcs/main.tf").NewWriter(ctx)
	w.Write([]byte(module("gcs")))
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}

	s := newStack(t, map[string]string{"main.tf": `
module "endpoint" {
  source = "s3::` + sb.S3URL() + `/tfstate/mods/s3"
  n      = 1
}

module "aws" {
  source = "s3::https://s3.amazonaws.com/tfstate/mods/s3"
  n      = 2
}

module "gcs" {
  source = "gcs::https://www.googleapis.com/storage/v1/tfstate/mods/gcs"
  n      = 3
}

output "all" {
  value = [module.endpoint.v, module.aws.v, module.gcs.v]
}
`})
	s.env = append(s.env, sb.Env()...)
	init := s.must(0, "init", "-no-color")
	wantContains(t, init, "Downloading s3::"+sb.S3URL()+"/tfstate/mods/s3 for endpoint...", "- gcs in .terraform/modules/gcs")
	s.must(0, "apply", "-auto-approve", "-no-color")
	if got := s.outputs()["all"]; got == nil || strings.Join(toStrings(got), ",") != "s3-1,s3-2,gcs-3" {
		t.Fatalf("outputs: all = %v", got)
	}
	wantContains(t, result{stdout: s.read(".terraform/modules/modules.json")}, `"Source":"gcs::https://www.googleapis.com/storage/v1/tfstate/mods/gcs"`)
	s.must(0, "plan", "-detailed-exitcode", "-no-color")
}

func toStrings(v any) []string {
	var out []string
	if l, ok := v.([]any); ok {
		for _, e := range l {
			s, _ := e.(string)
			out = append(out, s)
		}
	}
	return out
}
