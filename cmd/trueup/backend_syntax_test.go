package main

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

// s3BackendWithEndpointsArgument is an s3 backend written as Terraform
// 1.6+ has it: endpoints = { s3 = ... }, an argument, not a block.
func s3BackendWithEndpointsArgument(url, key string) string {
	return `terraform {
  backend "s3" {
    bucket                      = "tfstate"
    key                         = "` + key + `"
    region                      = "us-east-1"
    access_key                  = "sandbox"
    secret_key                  = "sandbox-secret"
    use_path_style              = true
    skip_credentials_validation = true
    endpoints = {
      s3 = "` + url + `"
    }
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
	s := newStack(t, map[string]string{"main.tf": s3BackendWithEndpointsArgument(sb.S3URL(), "attr/terraform.tfstate")})
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

	block := strings.Replace(s3BackendWithEndpointsArgument(sb.S3URL(), "block/terraform.tfstate"), "endpoints = {", "endpoints {", 1)
	b := newStack(t, map[string]string{"main.tf": block})
	b.must(0, "init")
	b.must(0, "apply", "-auto-approve")

	both := strings.Replace(s3BackendWithEndpointsArgument(sb.S3URL(), "both/terraform.tfstate"), "  }\n}", "    endpoints {\n      s3 = \""+sb.S3URL()+"\"\n    }\n  }\n}", 1)
	r := newStack(t, map[string]string{"main.tf": both}).must(1, "init")
	wantContains(t, r, "set both as an argument and as a block")
}

// TestInitWithoutBackend checks init -backend=false, which CI jobs that
// only validate run without the backend's credentials: modules and
// providers are installed, the backend is neither opened nor recorded,
// and validate runs after it.
func TestInitWithoutBackend(t *testing.T) {
	t.Parallel()
	s := newStack(t, map[string]string{"main.tf": s3BackendWithEndpointsArgument("http://127.0.0.1:1", "k")})
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
