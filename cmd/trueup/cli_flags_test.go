package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestChdirRunsTheCommandInAnotherDirectory(t *testing.T) {
	t.Parallel()
	s := newStack(t, map[string]string{"infra/main.tf": `
resource "local_file" "f" {
  filename = "${path.module}/f.txt"
  content  = "x"
}
`})
	s.must(0, "-chdir=infra", "apply", "-auto-approve")
	if !s.exists("infra/f.txt") || !s.exists("infra/"+stateFile) {
		t.Fatal("-chdir=infra did not apply in infra/")
	}
	if s.exists(stateFile) || s.exists("f.txt") {
		t.Fatal("-chdir=infra wrote into the current directory")
	}
	s.must(0, "--chdir=infra", "plan", "-detailed-exitcode")

	r := s.must(1, "-chdir=does-not-exist", "plan")
	wantContains(t, r, "does-not-exist")
}

func TestDoubleDashFlagsWorkLikeSingleDashFlags(t *testing.T) {
	t.Parallel()
	s := newStack(t, map[string]string{"main.tf": `
variable "v" {
  default = "default"
}

resource "null_resource" "n" {
  triggers = { v = var.v }
}

output "v" {
  value = var.v
}
`})
	s.must(0, "apply", "--auto-approve", "--var", "v=double", "--no-color")
	if got := s.must(0, "output", "--raw", "v").stdout; got != "double" {
		t.Fatalf("output --raw v = %q", got)
	}
	s.must(0, "plan", "--detailed-exitcode", "--var=v=double", "--lock-timeout=1s")
	s.must(2, "plan", "--detailed-exitcode", "--var", "v=changed")
	s.must(0, "destroy", "--auto-approve", "--var=v=double")
	if st := s.state(); len(addresses(st)) != 0 {
		t.Fatalf("destroy --auto-approve left %v", addresses(st))
	}
}

func TestNoColorOutputHasNoEscapeCodes(t *testing.T) {
	t.Parallel()
	s := newStack(t, map[string]string{"main.tf": `
resource "null_resource" "n" {}

resource "null_resourc" "typo" {}
`})
	r := s.must(1, "validate", "-no-color")
	if strings.Contains(r.output(), "\x1b[") {
		t.Fatalf("validate -no-color printed escape codes:\n%q", r.output())
	}
	s.write("main.tf", `resource "null_resource" "n" {}`)
	for _, args := range [][]string{
		{"plan", "-no-color"},
		{"apply", "-auto-approve", "-no-color"},
		{"show", "-no-color"},
		{"plan", "-destroy", "-no-color"},
	} {
		r := s.must(0, args...)
		if strings.Contains(r.output(), "\x1b[") {
			t.Fatalf("trueup %v printed escape codes:\n%q", args, r.output())
		}
	}
}

func TestVersionPrintsTheLinkedVersionAndCommit(t *testing.T) {
	t.Parallel()
	s := newStack(t, nil)
	for _, args := range [][]string{{"version"}, {"-version"}, {"--version"}} {
		r := s.must(0, args...)
		wantContains(t, r, e2eVersion, e2eCommit, "go1.")
	}
	var v map[string]any
	r := s.must(0, "version", "-json")
	if err := json.Unmarshal([]byte(r.stdout), &v); err != nil || v["trueup_version"] != e2eVersion {
		t.Fatalf("version -json = %v (%v)\n%s", v, err, r)
	}
}

// versionLockFile selects two providers, as `init` writes it.
const versionLockFile = `provider "registry.terraform.io/hashicorp/null" {
  version     = "3.2.3"
  constraints = "~> 3.2"
  hashes = [
    "h1:I0Um8UkrMUb81Fxq/dxbr3HLP2cecTH2WMJiwKSrwQY=",
  ]
}

provider "registry.example.com/acme/thing" {
  version = "0.1.0"
  hashes = [
    "h1:I0Um8UkrMUb81Fxq/dxbr3HLP2cecTH2WMJiwKSrwQY=",
  ]
}
`

// TestVersionListsTheSelectedProvidersAsTerraform compares version's
// platform and the providers the lock file selects, in both forms.
func TestVersionListsTheSelectedProvidersAsTerraform(t *testing.T) {
	t.Parallel()
	compareWithTerraform(t, "../../testdata/e2e/version-providers/terraform-1.11.4.json", func(t *testing.T, dir string, run runFunc) string {
		if err := os.WriteFile(filepath.Join(dir, ".terraform.lock.hcl"), []byte(versionLockFile), 0o644); err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		_, out := run(nil, "version")
		for _, line := range strings.Split(out, "\n") {
			if strings.HasPrefix(line, "on ") || strings.HasPrefix(line, "+ provider ") {
				b.WriteString(line + "\n")
			}
		}
		_, out = run(nil, "version", "-json")
		var v struct {
			Platform   string            `json:"platform"`
			Selections map[string]string `json:"provider_selections"`
		}
		if err := json.Unmarshal([]byte(out[:strings.LastIndex(out, "}")+1]), &v); err != nil {
			t.Fatalf("version -json: %v\n%s", err, out)
		}
		fmt.Fprintf(&b, "%s %v\n", v.Platform, v.Selections)
		return b.String()
	})
}

func TestUnknownCommandsAndFlagsExitOneWithUsage(t *testing.T) {
	t.Parallel()
	s := newStack(t, map[string]string{"main.tf": `resource "null_resource" "n" {}`})
	r := s.must(1, "frobnicate")
	wantContains(t, r, "frobnicate", "Usage")
	r = s.must(1, "plan", "-no-such-flag")
	wantContains(t, r, "no-such-flag")
	if s.exists(stateFile) {
		t.Fatal("a command with a bad flag wrote state")
	}
}

func TestStateFlagSelectsAnotherStateFile(t *testing.T) {
	t.Parallel()
	s := newStack(t, map[string]string{"main.tf": `resource "null_resource" "n" {}`})
	alt := filepath.Join("states", "alt.tfstate")
	if err := os.MkdirAll(s.path("states"), 0o755); err != nil {
		t.Fatal(err)
	}
	s.must(0, "apply", "-auto-approve", "-state="+alt)
	if s.exists(stateFile) || !s.exists(alt) {
		t.Fatal("-state did not select the state file")
	}
	if got := strings.TrimSpace(s.must(0, "state", "list", "-state="+alt).stdout); got != "null_resource.n" {
		t.Fatalf("state list -state = %q", got)
	}
	s.must(0, "plan", "-state="+alt, "-detailed-exitcode")
}

func TestFlagsAfterPositionalArgumentsWork(t *testing.T) {
	t.Parallel()
	s := newStack(t, map[string]string{"main.tf": `
resource "null_resource" "n" {}

output "answer" {
  value = 42
}
`})
	s.must(0, "plan", "-out=tfplan")
	r := s.must(0, "apply", "tfplan", "-no-color")
	wantContains(t, r, "Apply complete! Resources: 1 added")
	if got := strings.TrimSpace(s.must(0, "output", "answer", "-json").stdout); got != "42" {
		t.Fatalf("output answer -json = %q", got)
	}
	r = s.must(0, "state", "rm", "null_resource.n", "-dry-run")
	wantContains(t, r, "Would remove null_resource.n")
	r = s.must(0, "state", "rm", "-dry-run", "--", "null_resource.n")
	wantContains(t, r, "Would remove null_resource.n")
	wantAddresses(t, s.state(), "null_resource.n")

	const id = "5d6c8a1e-0000-4000-8000-00000000abcd"
	s.write(lockFile, `{"ID": "`+id+`", "Operation": "apply", "Who": "ghost@gone", "Version": "v0", "Created": "2024-01-01T00:00:00Z"}`)
	s.must(0, "force-unlock", id, "-force")
	if s.exists(lockFile) {
		t.Fatal("force-unlock ID -force left the lock")
	}
}

// TestTerraformsOtherFlagsAreAccepted runs the commands with flags that
// CI scripts written for Terraform pass and that change nothing here
// (HCP Terraform's version check, `terraform test` files), or that init
// takes for its migration lock.
func TestTerraformsOtherFlagsAreAccepted(t *testing.T) {
	t.Parallel()
	s := newStack(t, map[string]string{"main.tf": "resource \"terraform_data\" \"a\" {}\n"})
	s.must(0, "init", "-lock-timeout=5s", "-ignore-remote-version", "-test-directory=tests")
	s.must(0, "validate", "-no-tests", "-test-directory=tests")
	s.must(0, "get", "-test-directory=tests")
	s.must(0, "providers", "-test-directory=tests")
	s.must(0, "apply", "-auto-approve")
	s.must(0, "state", "list", "-ignore-remote-version")
	s.must(0, "taint", "-ignore-remote-version", "terraform_data.a")
	s.must(0, "untaint", "-ignore-remote-version", "terraform_data.a")
}
