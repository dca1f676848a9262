package main

import (
	"encoding/json"
	"strings"
	"testing"
)

const sensitiveConfig = `
variable "token" {
  type      = string
  sensitive = true
}

resource "random_password" "pw" {
  length  = 32
  special = false
}

resource "null_resource" "uses" {
  triggers = {
    pw    = random_password.pw.result
    token = var.token
  }
}

resource "local_file" "config" {
  filename = "${path.module}/app.conf"
  content  = "token=${var.token}\n"
}

output "pw" {
  value     = random_password.pw.result
  sensitive = true
}

output "token" {
  value     = var.token
  sensitive = true
}
`

// wantNoSecret fails the test when r's output holds any of secrets.
func wantNoSecret(t *testing.T, r result, secrets ...string) {
	t.Helper()
	for _, s := range secrets {
		if strings.Contains(r.output(), s) {
			t.Errorf("trueup %s printed a sensitive value", strings.Join(r.args, " "))
		}
	}
}

func TestSensitiveValuesNeverAppearInPlansShowApplyOrDebugLogs(t *testing.T) {
	t.Parallel()
	const token1, token2 = "tok-1-Zq8vYwXb", "tok-2-Hn4kLpRe"
	s := newStack(t, map[string]string{"main.tf": sensitiveConfig})
	s.setenv("TF_LOG", "debug")
	s.setenv("TF_VAR_token", token1)

	r := s.must(0, "plan", "-no-color")
	wantNoSecret(t, r, token1)
	wantContains(t, r, "(sensitive value)")
	r = s.must(0, "apply", "-auto-approve", "-no-color")
	wantNoSecret(t, r, token1)
	wantContains(t, r, "pw = <sensitive>", "token = <sensitive>")

	st := s.state()
	password := attr(t, st, "random_password.pw", "result")
	if len(password) != 32 {
		t.Fatalf("the state holds no password of length 32")
	}
	if got := s.read("app.conf"); got != "token="+token1+"\n" {
		t.Fatal("app.conf does not hold the token: the sensitive value must still reach the provider")
	}

	// A change that involves both secrets, old and new.
	s.env = []string{"TF_LOG=debug", "TF_VAR_token=" + token2}
	secrets := []string{token1, token2, password}
	for _, args := range [][]string{
		{"plan", "-no-color"},
		{"plan", "-json"},
		{"plan", "-refresh-only", "-no-color"},
		{"plan", "-out=tfplan", "-no-color"},
		{"show", "-no-color", "tfplan"},
		{"show", "-json", "tfplan"},
		{"show", "-no-color"},
		{"state", "show", "null_resource.uses"},
		{"state", "show", "local_file.config"},
		{"output"},
		{"apply", "-auto-approve", "-no-color"},
		{"destroy", "-auto-approve", "-no-color"},
	} {
		r := s.run(args...)
		if r.code != 0 {
			t.Fatalf("want exit code 0:\n%s", r)
		}
		wantNoSecret(t, r, secrets...)
	}
}

func TestOutputShowsSensitiveValuesOnlyWhenAskedForByNameOrJSON(t *testing.T) {
	t.Parallel()
	const token = "tok-Ux3mWq9s"
	s := newStack(t, map[string]string{"main.tf": sensitiveConfig})
	s.setenv("TF_VAR_token", token)
	s.must(0, "apply", "-auto-approve")
	password := attr(t, s.state(), "random_password.pw", "result")

	// As terraform output NAME does (testdata/terraform-sensitive-output.json).
	if got := s.must(0, "output", "pw").stdout; strings.TrimSpace(got) != `"`+password+`"` {
		t.Fatalf("output pw = %q, want the password quoted", got)
	}
	wantNoSecret(t, s.must(0, "output"), token, password)

	// As Terraform does, -json prints the values: it is for programs.
	var outs map[string]struct {
		Sensitive bool   `json:"sensitive"`
		Value     string `json:"value"`
	}
	r := s.must(0, "output", "-json")
	if err := json.Unmarshal([]byte(r.stdout), &outs); err != nil {
		t.Fatalf("output -json: %v\n%s", err, r)
	}
	if !outs["pw"].Sensitive || outs["pw"].Value != password || outs["token"].Value != token {
		t.Fatalf("output -json does not hold the sensitive values, marked sensitive")
	}
}

func TestPlanJSONMarksSensitiveAfterValues(t *testing.T) {
	t.Parallel()
	s := newStack(t, map[string]string{"main.tf": sensitiveConfig})
	s.setenv("TF_VAR_token", "tok-Ke7rPz2c")
	r := s.must(0, "plan", "-json")
	wantNoSecret(t, r, "tok-Ke7rPz2c")
	var p struct {
		ResourceChanges []struct {
			Address string `json:"address"`
			Change  struct {
				AfterSensitive map[string]any `json:"after_sensitive"`
			} `json:"change"`
		} `json:"resource_changes"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &p); err != nil {
		t.Fatalf("plan -json: %v\n%s", err, r)
	}
	marked := map[string]any{}
	for _, rc := range p.ResourceChanges {
		marked[rc.Address] = rc.Change.AfterSensitive
	}
	pw, _ := marked["random_password.pw"].(map[string]any)
	if pw["result"] != true {
		t.Errorf("random_password.pw after_sensitive = %v, want result marked true", marked["random_password.pw"])
	}
	conf, _ := marked["local_file.config"].(map[string]any)
	if conf["content"] != true {
		t.Errorf("local_file.config after_sensitive = %v, want content (derived from var.token) marked true", marked["local_file.config"])
	}
	uses, _ := marked["null_resource.uses"].(map[string]any)
	triggers, _ := uses["triggers"].(map[string]any)
	if triggers["token"] != true || triggers["pw"] != true {
		t.Errorf("null_resource.uses after_sensitive = %v, want triggers.token and triggers.pw marked true", marked["null_resource.uses"])
	}
}

func TestErrorsAboutSensitiveValuesDoNotPrintThem(t *testing.T) {
	t.Parallel()
	const token = "tok-Wm5nBv8x"
	s := newStack(t, map[string]string{
		"blocker": "a file where a directory is needed",
		"main.tf": `
variable "token" {
  type      = string
  sensitive = true

  validation {
    condition     = startswith(var.token, "tok-")
    error_message = "The token ${var.token} must start with tok-."
  }
}

resource "local_file" "fails" {
  filename = "${path.module}/blocker/app.conf"
  content  = "token=${var.token}\n"
}
`})
	s.setenv("TF_LOG", "debug")

	r := s.must(1, "plan", "-var", "token=bad-"+token, "-no-color")
	wantContains(t, r, "Invalid value for variable")
	wantNoSecret(t, r, token)

	s.setenv("TF_VAR_token", token)
	r = s.must(1, "apply", "-auto-approve", "-no-color")
	wantContains(t, r, "local_file.fails")
	wantNoSecret(t, r, token)
}

func TestOutputOfASensitiveValueMustBeDeclaredSensitive(t *testing.T) {
	t.Parallel()
	const token = "tok-Jd6tRc1v"
	s := newStack(t, map[string]string{"main.tf": `
variable "token" {
  type      = string
  sensitive = true
}

output "leak" {
  value = "token: ${var.token}"
}
`})
	s.setenv("TF_VAR_token", token)
	r := s.must(1, "apply", "-auto-approve", "-no-color")
	wantContains(t, r, "Output refers to sensitive values", "on main.tf line 8", "sensitive = true")
	wantNoSecret(t, r, token)
	if s.exists(stateFile) {
		if st := s.state(); len(st.Outputs) != 0 {
			t.Fatal("the refused output was recorded in state")
		}
	}
}

func TestSensitiveVariableDefaultsStayOutOfPlanJSON(t *testing.T) {
	t.Parallel()
	const secret = "default-secret-Wq7rTz"
	s := newStack(t, map[string]string{"main.tf": `
variable "token" {
  type      = string
  default   = "` + secret + `"
  sensitive = true
}

resource "null_resource" "uses" {
  triggers = { token = var.token }
}
`})
	for _, args := range [][]string{{"plan", "-json"}, {"plan", "-out=tfplan", "-no-color"}, {"show", "-json", "tfplan"}} {
		wantNoSecret(t, s.must(0, args...), secret)
	}
}

// TestProviderAndOSErrorsQuotingASecretAreRedacted: a sensitive variable
// used in a local_file's filename makes the operating system's error quote
// the secret ("mkdir out/SECRET: file name too long"); the engine redacts
// it where the error is raised, in text and -json output alike, and still
// says what went wrong.
func TestProviderAndOSErrorsQuotingASecretAreRedacted(t *testing.T) {
	t.Parallel()
	secret := strings.Repeat("Zq7-secret-", 30) // over the 255-byte name limit
	s := newStack(t, map[string]string{"main.tf": `
variable "secret" {
  type      = string
  sensitive = true
}

resource "local_file" "f" {
  filename = "${path.module}/out/${var.secret}/x"
  content  = "x"
}
`})
	s.setenv("TF_VAR_secret", secret)
	r := s.must(1, "apply", "-auto-approve", "-no-color")
	wantContains(t, r, "file name too long")
	wantContains(t, r, "out/(sensitive value)")
	wantNoSecret(t, r, "Zq7-secret")
	r = s.must(1, "apply", "-auto-approve", "-json")
	wantContains(t, r, "file name too long")
	wantNoSecret(t, r, "Zq7-secret")
}
