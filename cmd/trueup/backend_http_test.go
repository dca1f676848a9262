package main

// The http backend (GitLab's managed Terraform state and other REST
// endpoints) against a real endpoint on 127.0.0.1, configured as GitLab's
// CI templates configure Terraform: an empty backend "http" block and the
// TF_HTTP_ environment variables. trueup and Terraform share one state
// there: each plans no changes over what the other applied.

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/trueup/trueup/engine/state/httpbackend/httpstatetest"
)

const httpBackendStack = `terraform {
  backend "http" {}
}
resource "terraform_data" "a" {
  input = "from-a"
}
`

// httpBackendStackB adds a resource to httpBackendStack.
const httpBackendStackB = httpBackendStack + `
resource "terraform_data" "b" {
  input = "from-b"
}
`

// httpStack is a stack of files whose state is at srv, configured by the
// environment, with CI's user and job token.
func httpStack(t *testing.T, srv *httpstatetest.Server, files string) *stack {
	s := newStack(t, map[string]string{"main.tf": files})
	s.setenv("TF_CLI_CONFIG_FILE", os.DevNull)
	s.setenv("TF_HTTP_ADDRESS", srv.URL+"/state")
	s.setenv("TF_HTTP_LOCK_ADDRESS", srv.URL+"/lock")
	s.setenv("TF_HTTP_UNLOCK_ADDRESS", srv.URL+"/lock")
	s.setenv("TF_HTTP_LOCK_METHOD", "POST")
	s.setenv("TF_HTTP_UNLOCK_METHOD", "DELETE")
	s.setenv("TF_HTTP_USERNAME", "gitlab-ci-token")
	s.setenv("TF_HTTP_PASSWORD", "glcbt-s3cret")
	s.setenv("TF_HTTP_RETRY_WAIT_MIN", "0")
	return s
}

// requestShapes are the kinds of request srv received since last asked:
// method, path, whether the lock's ID went with a write, whether a body
// had its Content-MD5; each once, sorted.
func requestShapes(t *testing.T, srv *httpstatetest.Server) []string {
	seen := map[string]bool{}
	for _, r := range srv.Requests() {
		if r.User != "gitlab-ci-token" || r.Status >= 300 && r.Status != 423 {
			t.Errorf("request %+v: want CI's user and success", r)
		}
		s := r.Method + " " + r.Path
		if r.LockID != "" {
			s += "?ID=<lock>"
		}
		if r.MD5 {
			s += " (Content-MD5)"
		}
		seen[s] = true
	}
	return slices.Sorted(func(yield func(string) bool) {
		for s := range seen {
			if !yield(s) {
				return
			}
		}
	})
}

// httpBackendRecord is Terraform's side, recorded for machines without
// terraform: the requests of its apply, and the state it wrote.
type httpBackendRecord struct {
	ApplyRequests []string
	State         json.RawMessage
}

// TestHTTPBackendSharesStateWithTerraform: trueup applies through the
// endpoint with Terraform's requests; Terraform plans no changes over
// that state; Terraform applies a second resource, and trueup plans no
// changes over Terraform's state. Neither prints the password.
func TestHTTPBackendSharesStateWithTerraform(t *testing.T) {
	t.Parallel()
	srv := httpstatetest.Start(t)
	srv.Username, srv.Password = "gitlab-ci-token", "glcbt-s3cret"

	s := httpStack(t, srv, httpBackendStack)
	s.must(0, "init", "-input=false", "-no-color")
	srv.Requests()
	r := s.must(0, "apply", "-auto-approve", "-input=false", "-no-color")
	got := requestShapes(t, srv)
	if strings.Contains(r.output(), "glcbt-s3cret") {
		t.Error("the apply printed the password")
	}
	if srv.LockHolder() != "" {
		t.Errorf("the apply left the lock held by %s", srv.LockHolder())
	}
	if !strings.Contains(string(srv.State()), `"from-a"`) {
		t.Fatalf("the endpoint holds %s", srv.State())
	}

	record := filepath.Join("testdata", "terraform-http-backend.json")
	var want httpBackendRecord
	if _, err := exec.LookPath("terraform"); err == nil {
		tf := runTerraformIn(t)
		// Terraform over trueup's state: nothing to do.
		ts := httpStack(t, srv, httpBackendStack)
		tf(ts, "init", "-input=false", "-no-color")
		if r := runTerraformAnyCode(t)(ts, "plan", "-detailed-exitcode", "-input=false", "-no-color"); r.code != 0 {
			t.Fatalf("terraform plans changes over trueup's state:\n%s", r)
		}
		// Terraform applies b; its requests and state are recorded.
		ts = httpStack(t, srv, httpBackendStackB)
		tf(ts, "init", "-input=false", "-no-color")
		srv.Requests()
		tf(ts, "apply", "-auto-approve", "-input=false", "-no-color")
		want = httpBackendRecord{ApplyRequests: requestShapes(t, srv), State: srv.State()}
		if *updateCompat {
			data, _ := json.MarshalIndent(want, "", "  ")
			must(t, os.WriteFile(record, append(data, '\n'), 0o644))
		}
	} else {
		data, err := os.ReadFile(record)
		must(t, err)
		must(t, json.Unmarshal(data, &want))
		srv.SetState(want.State)
	}
	if fmt.Sprint(got) != fmt.Sprint(want.ApplyRequests) {
		t.Errorf("trueup's apply sent\n%s\nTerraform's\n%s", strings.Join(got, "\n"), strings.Join(want.ApplyRequests, "\n"))
	}

	// trueup over Terraform's state (b applied): nothing to do.
	s = httpStack(t, srv, httpBackendStackB)
	if r := s.run("plan", "-detailed-exitcode", "-input=false", "-no-color"); r.code != 0 {
		t.Errorf("trueup plans changes over Terraform's state:\n%s", r)
	}
}

// TestHTTPBackendLockHeldByAnotherJob: a plan while another job holds
// the lock fails naming the holder the endpoint answered with, and
// force-unlock with its ID frees it.
func TestHTTPBackendLockHeldByAnotherJob(t *testing.T) {
	t.Parallel()
	srv := httpstatetest.Start(t)
	srv.Username, srv.Password = "gitlab-ci-token", "glcbt-s3cret"
	s := httpStack(t, srv, httpBackendStack)
	s.must(0, "init", "-input=false", "-no-color")
	srv.HoldLock("7d5a1c2e-0000-4000-8000-000000000001", []byte(`{"ID":"7d5a1c2e-0000-4000-8000-000000000001","Operation":"OperationTypeApply","Who":"runner@gitlab-runner-42","Version":"1.11.4","Created":"2026-12-07T10:00:00Z","Path":""}`))
	r := s.must(1, "plan", "-input=false", "-no-color", "-lock-timeout=0s")
	wantLines(t, r, "runner@gitlab-runner-42", "7d5a1c2e-0000-4000-8000-000000000001")
	s.must(0, "force-unlock", "-force", "7d5a1c2e-0000-4000-8000-000000000001")
	if srv.LockHolder() != "" {
		t.Errorf("force-unlock left the lock held by %s", srv.LockHolder())
	}
	s.must(0, "plan", "-input=false", "-no-color")
}
