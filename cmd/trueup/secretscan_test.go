package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trueup/trueup/internal/secretscan"
)

// The secret scan (issue 15 item 6; docs/reliability.md "The secret
// scan"): stacks with sensitive variables, sensitive outputs, provider
// credentials and sensitive attributes are planned, applied and shown,
// and everything trueup prints or logs (TF_LOG=trace into TF_LOG_PATH) is
// scanned for the secrets in plain, base64, URL-encoded, JSON- and
// HTML-escaped forms. What holds secrets by design, as in Terraform, is
// not scanned: the state (state pull), saved plan files, and the outputs a
// user asks for by name or as JSON.

// scanStack is a stack whose every run is scanned: its stdout, stderr and
// the TF_LOG_PATH trace log it appends to.
type scanStack struct {
	*stack
	sc  *secretscan.Scanner
	log string
}

func newScanStack(t *testing.T, sc *secretscan.Scanner, files map[string]string) *scanStack {
	s := &scanStack{stack: newStack(t, files), sc: sc}
	s.log = filepath.Join(t.TempDir(), "trace.log")
	s.setenv("TF_LOG", "trace")
	s.setenv("TF_LOG_PATH", s.log)
	return s
}

// scan runs trueup with args, wants exit code want, and scans what it
// printed.
func (s *scanStack) scan(want int, args ...string) result {
	s.t.Helper()
	r := s.must(want, args...)
	what := "trueup " + strings.Join(args, " ")
	s.sc.Check(s.t, what+" stdout", r.stdout)
	s.sc.Check(s.t, what+" stderr", r.stderr)
	return r
}

// scanLog scans the trace log and fails when there is none.
func (s *scanStack) scanLog() {
	s.t.Helper()
	b, err := os.ReadFile(s.log)
	if err != nil {
		s.t.Fatalf("TF_LOG_PATH=%s: %v: trueup did not log into it", s.log, err)
	}
	s.sc.Check(s.t, "the TF_LOG=trace log", string(b))
}

const secretScanStack = `
variable "token" {
  type      = string
  sensitive = true
}

resource "random_password" "pw" {
  length = 24
}

resource "null_resource" "uses" {
  triggers = {
    pw    = random_password.pw.result
    token = var.token
  }
}

resource "local_file" "conf" {
  filename = "${path.module}/app.conf"
  content  = "token=${var.token}\n"
}

output "token" {
  value     = var.token
  sensitive = true
}

output "pw" {
  value     = random_password.pw.result
  sensitive = true
}

output "plain" {
  value = local_file.conf.filename
}
`

// TestSecretScanOfTheCommandLine: plan, apply, show, output, state and
// validate, in text and JSON, print no secret and log none at TRACE.
func TestSecretScanOfTheCommandLine(t *testing.T) {
	t.Parallel()
	token := secretscan.New("var.token", "tok-", false)
	sc := secretscan.NewScanner(token)
	s := newScanStack(t, sc, map[string]string{"main.tf": secretScanStack})
	s.setenv("TF_VAR_token", token.Value)

	s.scan(0, "validate", "-no-color")
	s.scan(0, "validate", "-json")
	s.scan(0, "plan", "-no-color")
	s.scan(0, "plan", "-json")
	s.scan(0, "apply", "-auto-approve", "-json")
	pw := attr(t, s.state(), "random_password.pw", "result")
	pwSecret := secretscan.Known("random_password.pw.result", pw, "")
	sc.Add(pwSecret)
	if got := s.read("app.conf"); got != "token="+token.Value+"\n" {
		t.Fatal("app.conf does not hold the token: the secret must still reach the provider")
	}

	// A change of the token: old and new value in one plan.
	token2 := secretscan.New("var.token (new)", "tok-", false)
	sc.Add(token2)
	s.env = append(s.env, "TF_VAR_token="+token2.Value)
	for _, args := range [][]string{
		{"plan", "-no-color"},
		{"plan", "-json"},
		{"plan", "-refresh-only", "-no-color"},
		{"plan", "-out=tfplan", "-no-color"},
		{"show", "-no-color", "tfplan"},
		{"show", "-json", "tfplan"},
		{"apply", "-auto-approve", "-no-color", "tfplan"},
		{"show", "-no-color"},
		{"show", "-json"},
		{"output"},
		{"output", "-no-color", "plain"},
		{"state", "list"},
		{"state", "show", "null_resource.uses"},
		{"state", "show", "local_file.conf"},
		{"state", "show", "random_password.pw"},
		{"graph"},
	} {
		s.scan(0, args...)
	}

	// What holds the secrets by design, as in Terraform (recorded in
	// testdata/terraform-sensitive-output.json): an output asked for by
	// name, -raw and -json, and the state itself.
	if got := s.must(0, "output", "token").stdout; !strings.Contains(got, token2.Core) {
		t.Errorf("output token does not print the sensitive output, as terraform output NAME does: %q", got)
	}
	if got := s.must(0, "output", "-raw", "pw").stdout; got != pw {
		t.Errorf("output -raw pw = %q, want the password", got)
	}
	holdsAll := func(text string) bool {
		return len(secretscan.NewScanner(pwSecret, token2).Find(text)) == 2
	}
	if !holdsAll(s.must(0, "output", "-json").stdout) {
		t.Errorf("output -json lacks the sensitive values, which it prints as Terraform does")
	}
	if !holdsAll(s.must(0, "state", "pull").stdout) {
		t.Errorf("state pull lacks the secrets the state holds by design")
	}
	s.scan(0, "destroy", "-auto-approve", "-no-color")
	s.scanLog()
}

// TestOutputByNamePrintsASensitiveValueAsTerraformDoes compares trueup's
// output command with terraform 1.11.4's, recorded in
// testdata/terraform-sensitive-output.json: the listing redacts a
// sensitive output; asked for by name, -raw or -json, it is printed.
func TestOutputByNamePrintsASensitiveValueAsTerraformDoes(t *testing.T) {
	t.Parallel()
	var rec map[string]string
	if err := json.Unmarshal(fileBytes(t, filepath.Join("testdata", "terraform-sensitive-output.json")), &rec); err != nil {
		t.Fatal(err)
	}
	s := newStack(t, map[string]string{"main.tf": `
variable "secret" {
  type      = string
  sensitive = true
}
output "s" {
  value     = var.secret
  sensitive = true
}
output "n" { value = "plain" }
`})
	s.setenv("TF_VAR_secret", rec["secret"])
	s.must(0, "apply", "-auto-approve")
	for _, c := range []struct {
		recorded string
		args     []string
	}{
		{"output NAME", []string{"output", "-no-color", "s"}},
		{"output", []string{"output", "-no-color"}},
		{"output -raw NAME", []string{"output", "-raw", "s"}},
		{"output -json NAME", []string{"output", "-json", "s"}},
	} {
		if got := s.must(0, c.args...).stdout; got != rec[c.recorded] {
			t.Errorf("trueup %s = %q, terraform printed %q", strings.Join(c.args, " "), got, rec[c.recorded])
		}
	}
}
