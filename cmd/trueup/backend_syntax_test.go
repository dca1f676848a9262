package main

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

// s3BackendWithEndpointsArgument is an s3 backend written as Terraform
// 1.6+ has it: endpoints = { s3 = ... }, an argument, not a block; extra
// goes inside the backend block.
func s3BackendWithEndpointsArgument(url, key, extra string) string {
	return `terraform {
  backend "s3" {
    bucket                      = "tfstate"
    key                         = "` + key + `"
    region                      = "us-east-1"
    access_key                  = "sandbox"
    secret_key                  = "sandbox-secret"
    use_path_style              = true
    endpoints = {
      s3  = "` + url + `"
      sts = "` + url + `"
    }
` + extra + `
  }
}

resource "terraform_data" "a" {
  input = "kept"
}
`
}

// TestS3BackendTakesTerraformsEndpointsArgument checks that a stack
// written for Terraform, whose s3 backend sets endpoints as an argument,
// stores its state at that endpoint (no AWS_ENDPOINT_URL is set); that
// the block form trueup has taken so far still works; and that both at
// once are refused.
func TestS3BackendTakesTerraformsEndpointsArgument(t *testing.T) {
	t.Parallel()
	sb := startSandbox(t)
	s := newStack(t, map[string]string{"main.tf": s3BackendWithEndpointsArgument(sb.S3URL(), "attr/terraform.tfstate", "")})
	s.must(0, "init")
	s.must(0, "apply", "-auto-approve")
	resp, err := http.Get(sb.S3URL() + "/tfstate/attr/terraform.tfstate")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), `"terraform_data"`) {
		t.Fatalf("the state is not at the endpoint the argument names: %s\n%s", resp.Status, body)
	}

	block := strings.Replace(s3BackendWithEndpointsArgument(sb.S3URL(), "block/terraform.tfstate", ""), "endpoints = {", "endpoints {", 1)
	b := newStack(t, map[string]string{"main.tf": block})
	b.must(0, "init")
	b.must(0, "apply", "-auto-approve")

	both := s3BackendWithEndpointsArgument(sb.S3URL(), "both/terraform.tfstate", "    endpoints {\n      s3 = \""+sb.S3URL()+"\"\n    }")
	r := newStack(t, map[string]string{"main.tf": both}).must(1, "init")
	wantContains(t, r, "set both as an argument and as a block")
}

// TestInitWithoutBackend checks init -backend=false, which CI jobs that
// only validate run without the backend's credentials: modules and
// providers are installed, the backend is neither opened nor recorded,
// and validate runs after it.
func TestInitWithoutBackend(t *testing.T) {
	t.Parallel()
	s := newStack(t, map[string]string{"main.tf": s3BackendWithEndpointsArgument("http://127.0.0.1:1", "k", "")})
	r := s.must(0, "init", "-backend=false")
	if strings.Contains(r.stdout, "Initializing the backend") || s.exists(savedBackendPath) {
		t.Fatalf("init -backend=false set up the backend:\n%s", r)
	}
	wantContains(t, r, "successfully initialized")
	s.must(0, "validate")
	s.must(0, "init")
	if !s.exists(savedBackendPath) {
		t.Fatal("init did not record the backend")
	}
}

// TestS3BackendTakesTerraformsOtherArguments runs an s3 backend written
// with more of Terraform's arguments against the sandbox: a role to
// assume, a session token, the account check, SSE-KMS and a canned ACL.
// The state object carries the encryption and ACL asked for; a role of
// another account, an account not allowed and one forbidden stop init
// with the reason.
func TestS3BackendTakesTerraformsOtherArguments(t *testing.T) {
	t.Parallel()
	sb := startSandbox(t)
	backend := func(key, extra string) string {
		return s3BackendWithEndpointsArgument(sb.S3URL(), key, `    token                   = "a-session-token"
    skip_metadata_api_check = true
`+extra)
	}
	s := newStack(t, map[string]string{"main.tf": backend("roles/terraform.tfstate", `
    encrypt             = true
    kms_key_id          = "alias/state"
    acl                 = "bucket-owner-full-control"
    allowed_account_ids = ["123456789012"]
    assume_role = {
      role_arn     = "arn:aws:iam::123456789012:role/state"
      session_name = "ci"
      duration     = "15m"
    }`)})
	s.must(0, "init")
	s.must(0, "apply", "-auto-approve")
	resp, err := http.Head(sb.S3URL() + "/tfstate/roles/terraform.tfstate")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	for header, want := range map[string]string{
		"X-Amz-Server-Side-Encryption":                "aws:kms",
		"X-Amz-Server-Side-Encryption-Aws-Kms-Key-Id": "alias/state",
		"X-Amz-Acl": "bucket-owner-full-control",
	} {
		if got := resp.Header.Get(header); got != want {
			t.Errorf("the state object has %s: %q, want %q", header, got, want)
		}
	}

	for extra, want := range map[string]string{
		`assume_role = { role_arn = "arn:aws:iam::999999999999:role/state" }`: "not authorized to perform: sts:AssumeRole",
		`allowed_account_ids = ["111111111111"]`:                              "AWS account ID not allowed: 123456789012",
		`forbidden_account_ids = ["123456789012"]`:                            "AWS account ID not allowed: 123456789012",
	} {
		r := newStack(t, map[string]string{"main.tf": backend("refused/terraform.tfstate", extra)}).must(1, "init")
		if !strings.Contains(strings.Join(strings.Fields(r.stderr), " "), want) {
			t.Errorf("%s: init does not say %q:\n%s", extra, want, r)
		}
	}
}
