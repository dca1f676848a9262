package main

import (
	"strings"
	"testing"

	"github.com/trueup/trueup/engine/sandbox"
)

// The aws provider validates its credentials with STS GetCallerIdentity
// at Configure; the sandbox answers it, so a stack needs no
// skip_credentials_validation to apply against `trueup sandbox` (before,
// Configure failed with "Invalid AWS credentials").
func TestAWSProviderValidatesCredentialsAgainstTheSandbox(t *testing.T) {
	t.Parallel()
	sb := startSandbox(t)
	s := newStack(t, map[string]string{"main.tf": `
terraform {
  required_providers {
    aws = { source = "hashicorp/aws" }
  }
}

provider "aws" {
  s3_use_path_style = true
}

data "aws_caller_identity" "me" {}

resource "aws_s3_object" "note" {
  bucket  = "tfstate"
  key     = "notes/hello.txt"
  content = "hello from ${data.aws_caller_identity.me.account_id}"
}

output "account_id" { value = data.aws_caller_identity.me.account_id }
output "arn" { value = data.aws_caller_identity.me.arn }
`})
	for _, kv := range sb.Env() {
		name, value, _ := strings.Cut(kv, "=")
		s.setenv(name, value)
	}
	r := s.must(0, "apply", "-auto-approve", "-input=false", "-no-color")
	if strings.Contains(r.output(), "Invalid AWS credentials") {
		t.Fatalf("credentials were refused:\n%s", r)
	}
	out := s.outputs()
	if out["account_id"] != sandbox.AccountID || !strings.HasSuffix(out["arn"].(string), ":user/"+sandbox.AccessKeyID) {
		t.Errorf("caller identity = %v", out)
	}
	s.must(0, "plan", "-detailed-exitcode", "-input=false", "-no-color")
}
