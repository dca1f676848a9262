package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trueup/trueup/engine/getmodules/modtest"
)

// moduleWorld is a git repository of modules and a TLS module registry
// the binary trusts (SSL_CERT_FILE), with a stack calling both.
func moduleWorld(t *testing.T) (*stack, *modtest.Repo, *modtest.Registry) {
	repo := modtest.NewRepo(t, t.TempDir(), "modules")
	repo.Commit("one", map[string]string{"net/main.tf": "module \"sub\" {\n  source = \"../sub\"\n}\n", "sub/main.tf": "# sub one\n"})
	reg := modtest.StartRegistry(t)
	reg.AddArchive(t, "acme/vpc/aws", "1.4.0", "", map[string]string{"main.tf": "# vpc 1.4.0\n"})
	reg.AddArchive(t, "acme/vpc/aws", "2.0.0", "", map[string]string{"main.tf": "# vpc 2.0.0\n"})
	s := newStack(t, map[string]string{
		"main.tf": `module "net" {
  source = "git::` + repo.FileURL() + `//net?ref=main"
}
module "vpc" {
  source  = "` + reg.Host + `/acme/vpc/aws"
  version = "~> 1.0"
}
module "local" {
  source = "./modules/local"
}
`,
		"modules/local/main.tf": "# local\n",
	})
	certFile := filepath.Join(t.TempDir(), "registry.pem")
	if err := os.WriteFile(certFile, pemCert(reg), 0o644); err != nil {
		t.Fatal(err)
	}
	s.setenv("SSL_CERT_FILE", certFile)
	s.setenv("XDG_CACHE_HOME", t.TempDir())
	for _, kv := range modtest.GitEnv() {
		if strings.HasPrefix(kv, "GIT_") {
			s.setenv(strings.SplitN(kv, "=", 2)[0], strings.SplitN(kv, "=", 2)[1])
		}
	}
	return s, repo, reg
}

func TestGetInstallsModulesAndUpdateReResolves(t *testing.T) {
	t.Parallel()
	s, repo, reg := moduleWorld(t)
	r := s.must(0, "get")
	want := strings.Join([]string{
		"- local in modules/local",
		"Downloading git::" + repo.FileURL() + "?ref=main for net...",
		"- net in .terraform/modules/net/net",
		"- net.sub in .terraform/modules/net/sub",
		"Downloading " + reg.Host + "/acme/vpc/aws 1.4.0 for vpc...",
		"- vpc in .terraform/modules/vpc",
	}, "\n") + "\n"
	if r.stdout != want {
		t.Errorf("stdout:\n%s\nwant:\n%s", r.stdout, want)
	}
	if got := s.read(".terraform/modules/vpc/main.tf"); got != "# vpc 1.4.0\n" {
		t.Errorf("vpc: %q", got)
	}
	manifest := s.read(".terraform/modules/modules.json")
	if !strings.Contains(manifest, `{"Key":"net.sub","Source":"../sub","Dir":".terraform/modules/net/sub"}`) ||
		!strings.Contains(manifest, `"Version":"1.4.0"`) {
		t.Errorf("modules.json: %s", manifest)
	}

	repo.Commit("two", map[string]string{"sub/main.tf": "# sub two\n"})
	if r := s.must(0, "get"); r.stdout != "" {
		t.Errorf("a second get reinstalled: %s", r.stdout)
	}
	if s.read(".terraform/modules/net/sub/main.tf") != "# sub one\n" {
		t.Error("get without -update moved a branch module forward")
	}
	r = s.must(0, "get", "-update")
	if !strings.Contains(r.stdout, "Downloading git::") || s.read(".terraform/modules/net/sub/main.tf") != "# sub two\n" {
		t.Errorf("get -update did not re-resolve the branch:\n%s", r)
	}
}

func TestInitModuleThatCannotBeFetchedIsLocatedAndChangesNothing(t *testing.T) {
	t.Parallel()
	s, repo, _ := moduleWorld(t)
	s.write("main.tf", `module "net" {
  source = "git::`+repo.FileURL()+`//net?ref=v9.9.9"
}
`)
	r := s.must(1, "init", "-no-color")
	for _, want := range []string{"Initializing modules...", "Downloading git::"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, r)
		}
	}
	// The detail is wrapped to the terminal's width, wherever the temporary
	// directory's length puts the breaks: compare with spaces collapsed.
	flat := strings.Join(strings.Fields(r.stderr), " ")
	for _, want := range []string{"Error: Failed to download module", "on main.tf line 2, in module \"net\":", `module "net"`, "v9.9.9", "unknown ref"} {
		if !strings.Contains(flat, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r)
		}
	}
	if s.exists(".terraform") {
		t.Errorf("a failed init left .terraform behind")
	}
}

func TestInitWithoutModulesSaysNothingAboutThem(t *testing.T) {
	t.Parallel()
	s := newStack(t, map[string]string{"main.tf": `output "x" { value = 1 }`})
	r := s.must(0, "init")
	if strings.Contains(r.stdout, "Initializing modules") || s.exists(".terraform/modules") {
		t.Errorf("init of a stack without modules:\n%s", r)
	}
}

func TestInitThenPlanUsesModulesFromGitAndTheRegistry(t *testing.T) {
	t.Parallel()
	s, repo, reg := moduleWorld(t)
	repo.Commit("outputs", map[string]string{"net/outputs.tf": "output \"cidr\" {\n  value = \"10.0.0.0/16\"\n}\n"})
	reg.AddArchive(t, "acme/vpc/aws", "1.5.0", "", map[string]string{"main.tf": "variable \"name\" {}\noutput \"id\" {\n  value = \"vpc-${var.name}\"\n}\n"})
	s.write("main.tf", `module "net" {
  source = "git::`+repo.FileURL()+`//net?ref=main"
}
module "vpc" {
  source  = "`+reg.Host+`/acme/vpc/aws"
  version = "~> 1.0"
  name    = "blue"
}
output "summary" {
  value = "${module.vpc.id} ${module.net.cidr}"
}
`)
	r := s.must(1, "validate", "-no-color")
	if !strings.Contains(r.stderr, "Error: Module not installed") || !strings.Contains(r.stderr, "on main.tf line 1") {
		t.Errorf("validate before init:\n%s", r)
	}
	r = s.must(0, "init", "-no-color")
	for _, want := range []string{"Initializing modules...", "Downloading " + reg.Host + "/acme/vpc/aws 1.5.0 for vpc...", "- net.sub in .terraform/modules/net/sub", "successfully initialized"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("init output lacks %q:\n%s", want, r)
		}
	}
	s.must(0, "validate")
	r = s.must(0, "apply", "-auto-approve", "-no-color")
	if !strings.Contains(r.stdout, `summary = "vpc-blue 10.0.0.0/16"`) {
		t.Errorf("apply output:\n%s", r)
	}

	s.write("main.tf", strings.Replace(s.read("main.tf"), "?ref=main", "?ref=v2", 1))
	r = s.must(1, "plan", "-no-color")
	if !strings.Contains(r.stderr, "Error: Module source has changed") || !strings.Contains(r.stderr, "on main.tf line 2, in module \"net\"") {
		t.Errorf("plan after changing a source:\n%s", r)
	}
}
