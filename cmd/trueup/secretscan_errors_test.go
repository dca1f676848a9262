package main

import (
	"strings"
	"testing"

	"github.com/trueup/trueup/internal/secretscan"
)

// secretErrorCase is a stack whose plan or apply fails on a sensitive
// value: the error must say what went wrong (want) without the value.
type secretErrorCase struct {
	name string
	tf   string
	// cmd is "plan" or "apply".
	cmd  string
	want string
}

// secretVar declares var.secret, sensitive.
const secretVar = `
variable "secret" {
  type      = string
  sensitive = true
}
`

var secretErrorCases = []secretErrorCase{
	{name: "OS error: file name too long", cmd: "apply", want: "file name too long", tf: secretVar + `
resource "local_file" "f" {
  filename = "${path.module}/out/${join("", [for i in range(10) : var.secret])}/x"
  content  = "x"
}
`},
	{name: "failing precondition", cmd: "plan", want: "Resource precondition failed", tf: secretVar + `
resource "null_resource" "n" {
  lifecycle {
    precondition {
      condition     = var.secret == "something else"
      error_message = "The secret ${var.secret} is not the expected one."
    }
  }
}
`},
	{name: "failing postcondition", cmd: "apply", want: "Resource postcondition failed", tf: secretVar + `
resource "null_resource" "n" {
  triggers = { s = var.secret }
  lifecycle {
    postcondition {
      condition     = self.triggers.s == "something else"
      error_message = "The trigger ${self.triggers.s} is not the expected one."
    }
  }
}
`},
	{name: "invalid function argument", cmd: "plan", want: "Invalid function argument", tf: secretVar + `
resource "null_resource" "n" {
  triggers = { n = tonumber(var.secret) }
}
`},
	{name: "failing validation", cmd: "plan", want: "Invalid value for variable", tf: `
variable "secret" {
  type      = string
  sensitive = true
  validation {
    condition     = startswith(var.secret, "nope-")
    error_message = "The secret ${var.secret} must start with nope-."
  }
}
`},
}

// TestSecretScanOfErrors: errors raised on a sensitive value by the
// operating system, conditions and functions are redacted in text and
// JSON output and in the TRACE log.
func TestSecretScanOfErrors(t *testing.T) {
	t.Parallel()
	for _, c := range secretErrorCases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			secret := secretscan.New("var.secret", "sec-", true)
			s := newScanStack(t, secretscan.NewScanner(secret), map[string]string{"main.tf": c.tf})
			s.setenv("TF_VAR_secret", secret.Value)
			args := []string{c.cmd}
			if c.cmd == "apply" {
				args = append(args, "-auto-approve")
			}
			r := s.scan(1, append(args, "-no-color")...)
			wantContains(t, r, c.want)
			r = s.scan(1, append(args, "-json")...)
			wantContains(t, r, c.want)
			s.scanLog()
		})
	}
}

// TestSecretScanOfAPluginProvidersSensitiveAttribute: a plugin's
// sensitive attribute stays out of plan and apply output, and its error
// and log lines that quote it are redacted.
func TestSecretScanOfAPluginProvidersSensitiveAttribute(t *testing.T) {
	t.Parallel()
	secret := secretscan.New("fw_thing.secret", "fw-", false)
	sc := secretscan.NewScanner(secret)
	ps, _ := pluginMirrorStack(t, `
terraform {
  required_providers {
    fw = { source = "trueup/fw" }
  }
}

# The secret is sensitive only by the plugin's schema: read from a file,
# it is no sensitive variable whose marks the engine would follow.
resource "fw_thing" "ok" {
  name   = "ok"
  secret = trimspace(file("${path.module}/secret.txt"))
}

resource "fw_thing" "refused" {
  name   = "refuse-me"
  secret = trimspace(file("${path.module}/secret.txt"))
}
`)
	ps.write("secret.txt", secret.Value+"\n")
	s := &scanStack{stack: ps, sc: sc}
	s.log = s.path("trace.log")
	s.setenv("TF_LOG", "trace")
	s.setenv("TF_LOG_PATH", s.log)
	s.must(0, "init")
	s.scan(0, "plan", "-no-color")
	s.scan(0, "plan", "-json")
	r := s.scan(1, "apply", "-auto-approve", "-no-color")
	wantContains(t, r, "Cannot create fw_thing")
	r = s.scan(1, "apply", "-auto-approve", "-json")
	wantContains(t, r, "Cannot create fw_thing")
	s.scan(0, "state", "show", "fw_thing.ok")
	s.scanLog()
	if !strings.Contains(s.read("trace.log"), "the server refused secret") {
		t.Errorf("the trace log lacks the plugin's log line: the scan of forwarded plugin logs proves nothing")
	}
}

// TestSecretScanOfAWSProviderErrors: against `trueup sandbox`, the aws
// provider's secret access key (from the provider block and from the
// environment) and an S3 call that fails on a key and a bucket name made
// of a secret leave no trace in text, JSON or the TRACE log.
func TestSecretScanOfAWSProviderErrors(t *testing.T) {
	t.Parallel()
	sb := startSandbox(t)
	key := secretscan.New("aws secret_key", "aws-", false)
	envKey := secretscan.New("AWS_SECRET_ACCESS_KEY", "env-", false)
	secret := secretscan.New("var.secret", "sec-", true)
	sc := secretscan.NewScanner(key, envKey, secret)
	for _, c := range []struct{ name, tf, want string }{
		{"object key", `
resource "aws_s3_object" "o" {
  bucket  = "no-such-bucket"
  key     = "dir/${var.secret}/x"
  content = "x"
}
`, "no-such-bucket"},
		{"bucket name and tag", `
resource "aws_s3_bucket" "b" {
  bucket = var.secret
  tags   = { owner = var.secret }
}
`, "aws_s3_bucket.b"},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			s := newScanStack(t, sc, map[string]string{"main.tf": secretVar + `
variable "aws_secret" {
  type      = string
  sensitive = true
}

provider "aws" {
  access_key        = "sandbox"
  secret_key        = var.aws_secret
  s3_use_path_style = true
}
` + c.tf})
			for _, kv := range sb.Env() {
				name, value, _ := strings.Cut(kv, "=")
				if name == "AWS_SECRET_ACCESS_KEY" {
					value = envKey.Value
				}
				s.setenv(name, value)
			}
			s.setenv("TF_VAR_secret", secret.Value)
			s.setenv("TF_VAR_aws_secret", key.Value)
			s.scan(0, "plan", "-no-color")
			r := s.scan(1, "apply", "-auto-approve", "-no-color")
			wantContains(t, r, c.want)
			r = s.scan(1, "apply", "-auto-approve", "-json")
			wantContains(t, r, c.want)
			s.scanLog()
		})
	}
}
