package modinstall

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trueup/trueup/engine/getmodules"
	"github.com/trueup/trueup/engine/getmodules/modtest"
	"github.com/trueup/trueup/engine/modsdir"
)

func TestInstallRegistryModulesAndArchives(t *testing.T) {
	e := newEnv(t, nil)
	e.reg = modtest.StartRegistry(t)
	e.reg.AddArchive(t, "acme/vpc/aws", "1.0.0", "", map[string]string{"main.tf": "# vpc 1.0.0\n"})
	e.reg.AddArchive(t, "acme/vpc/aws", "1.2.0", "", map[string]string{"main.tf": "# vpc 1.2.0\n", "modules/subnets/main.tf": "# subnets\n"})
	e.reg.AddArchive(t, "acme/vpc/aws", "2.0.0", "", map[string]string{"main.tf": "# vpc 2.0.0\n"})
	e.reg.AddArchive(t, "acme/vpc/aws", "2.1.0-beta1", "", map[string]string{"main.tf": "# beta\n"})
	e.reg.AddArchive(t, "acme/dns/aws", "0.3.0", "dns-0.3.0", map[string]string{"dns-0.3.0/main.tf": "# dns\n"})
	zipURL := e.reg.ServeFile("app.zip", modtest.Zip(t, map[string]string{"app/main.tf": "module \"vpc\" {\n  source = \"../vpcwrap\"\n}\n", "vpcwrap/main.tf": "# wrap\n"}))
	modtest.WriteFiles(t, e.stack, map[string]string{"main.tf": `
module "vpc" {
  source  = "` + e.reg.Host + `/acme/vpc/aws"
  version = "~> 1.0"
}
module "subnets" {
  source  = "` + e.reg.Host + `/acme/vpc/aws//modules/subnets"
  version = ">= 1.1, < 2.0.0"
}
module "dns" {
  source = "` + e.reg.Host + `/acme/dns/aws"
}
module "app" {
  source = "` + zipURL + `//app"
}
`})
	m, lines := e.mustInstall(false)
	host := e.reg.Host
	want := []string{
		"Downloading " + zipURL + " for app...",
		"- app in .terraform/modules/app/app",
		"- app.vpc in .terraform/modules/app/vpcwrap",
		"Downloading " + host + "/acme/dns/aws 0.3.0 for dns...",
		"- dns in .terraform/modules/dns/dns-0.3.0", // the registry's //subdir: the package is whole

		"Downloading " + host + "/acme/vpc/aws 1.2.0 for subnets...",
		"- subnets in .terraform/modules/subnets/modules/subnets",
		"Downloading " + host + "/acme/vpc/aws 1.2.0 for vpc...",
		"- vpc in .terraform/modules/vpc",
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("progress:\n%s\nwant:\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
	if got := e.read(".terraform/modules/vpc/main.tf"); got != "# vpc 1.2.0\n" {
		t.Errorf("vpc installed %q, want the newest 1.x", got)
	}
	if got := e.read(".terraform/modules/dns/dns-0.3.0/main.tf"); got != "# dns\n" {
		t.Errorf("dns: %q", got)
	}
	if got := e.read(".terraform/modules/app/vpcwrap/main.tf"); got != "# wrap\n" {
		t.Errorf("app.vpc: %q", got)
	}
	wantManifest := `{"Modules":[{"Key":"","Source":"","Dir":"."},` +
		`{"Key":"app","Source":"` + zipURL + `//app","Dir":".terraform/modules/app/app"},` +
		`{"Key":"app.vpc","Source":"../vpcwrap","Dir":".terraform/modules/app/vpcwrap"},` +
		`{"Key":"dns","Source":"` + host + `/acme/dns/aws","Version":"0.3.0","Dir":".terraform/modules/dns/dns-0.3.0"},` +
		`{"Key":"subnets","Source":"` + host + `/acme/vpc/aws//modules/subnets","Version":"1.2.0","Dir":".terraform/modules/subnets/modules/subnets"},` +
		`{"Key":"vpc","Source":"` + host + `/acme/vpc/aws","Version":"1.2.0","Dir":".terraform/modules/vpc"}]}`
	if got := e.manifestFile(); got != wantManifest {
		t.Errorf("modules.json:\n%s\nwant\n%s", got, wantManifest)
	}
	if m["vpc"].Version != "1.2.0" {
		t.Errorf("returned manifest: %+v", m["vpc"])
	}
	downloads := 0
	for _, r := range e.reg.Requests() {
		if strings.HasSuffix(r.Path, "/versions") {
			downloads++
		}
	}
	if downloads != 2 {
		t.Errorf("asked for versions %d times, want once per package (2)", downloads)
	}
}

func TestReinstallReusesAndUpgradeRefetches(t *testing.T) {
	base := t.TempDir()
	repo := modtest.NewRepo(t, base, "net")
	repo.Commit("one", map[string]string{"main.tf": "# one\n"})
	smart := modtest.StartHTTPGit(t, base)
	e := newEnv(t, map[string]string{"main.tf": `module "net" { source = "git::` + smart.URL + `/net?ref=main" }`})
	_, lines := e.mustInstall(false)
	if len(lines) != 2 || e.read(".terraform/modules/net/main.tf") != "# one\n" {
		t.Fatalf("first install: %v", lines)
	}
	repo.Commit("two", map[string]string{"main.tf": "# two\n"})
	before := smart.Requests()
	_, lines = e.mustInstall(false)
	if len(lines) != 0 || smart.Requests() != before {
		t.Errorf("second install fetched again: %v, %d requests", lines, smart.Requests()-before)
	}
	if e.read(".terraform/modules/net/main.tf") != "# one\n" {
		t.Error("an unchanged source was re-resolved without -upgrade")
	}
	_, lines = e.mustInstall(true)
	if len(lines) != 2 || e.read(".terraform/modules/net/main.tf") != "# two\n" {
		t.Errorf("upgrade: %v, main.tf %q", lines, e.read(".terraform/modules/net/main.tf"))
	}
	repo.Tag("v2")
	modtest.WriteFiles(t, e.stack, map[string]string{"main.tf": `module "net" { source = "git::` + smart.URL + `/net//?ref=v2" }`})
	_, lines = e.mustInstall(false)
	if len(lines) != 2 || !strings.Contains(e.manifestFile(), `"Source":"git::`+smart.URL+`/net?ref=v2"`) {
		t.Errorf("a changed source was not reinstalled: %v\n%s", lines, e.manifestFile())
	}
}

func TestInstallWithoutModuleCallsTouchesNothing(t *testing.T) {
	e := newEnv(t, map[string]string{"main.tf": `resource "null_resource" "x" {}`})
	m, lines := e.mustInstall(false)
	if len(lines) != 0 || len(m) != 1 || m[""].Dir != "." {
		t.Errorf("lines %v manifest %v", lines, m)
	}
	if _, err := os.Stat(filepath.Join(e.stack, ".terraform")); err == nil {
		t.Error("a stack without modules got a .terraform directory, which terraform init does not make")
	}
}

func TestInstallOutsideAReadOnlyCheckout(t *testing.T) {
	base := t.TempDir()
	repo := modtest.NewRepo(t, base, "net")
	repo.Commit("one", map[string]string{"main.tf": "module \"sub\" {\n  source = \"./sub\"\n}\n", "sub/main.tf": "# sub\n"})
	repo.Tag("v1")
	e := newEnv(t, map[string]string{
		"main.tf":             `module "net" { source = "git::` + repo.FileURL() + `?ref=v1" }` + "\n" + `module "loc" { source = "./modules/loc" }`,
		"modules/loc/main.tf": "# loc\n",
	})
	filepath.Walk(e.stack, func(p string, info os.FileInfo, err error) error {
		if err == nil && info.IsDir() {
			os.Chmod(p, 0o555)
		}
		return nil
	})
	t.Cleanup(func() { os.Chmod(e.stack, 0o755) })
	data := filepath.Join(t.TempDir(), "run", "modules")
	m, diags := Install(context.Background(), Options{StackDir: e.stack, ModulesDir: data,
		Fetcher: &getmodules.Fetcher{GitCacheDir: e.cache}})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	if m["net.sub"].Dir != filepath.Join(data, "net", "sub") || m["loc"].Dir != filepath.Join("modules", "loc") {
		t.Errorf("manifest: %+v", m)
	}
	back, err := modsdir.ReadFile(filepath.Join(data, "modules.json"))
	if err != nil {
		t.Fatal(err)
	}
	dir, rdiags := back.Resolve(e.stack, []string{"net", "sub"}, modsdir.Call{Name: "sub", Source: "./sub"})
	if rdiags.HasErrors() || dir != filepath.Join(data, "net", "sub") {
		t.Errorf("Resolve = %q %v", dir, rdiags)
	}
	if _, err := os.Stat(filepath.Join(e.stack, ".terraform")); err == nil {
		t.Error("installation wrote into the checkout")
	}
}

// Public registries answer with a git address for modules published from
// a repository: the registry module is then fetched with git, at the tag.
func TestRegistryModuleFromGit(t *testing.T) {
	base := t.TempDir()
	repo := modtest.NewRepo(t, base, "terraform-aws-vpc")
	repo.Commit("v5.1.0", map[string]string{"main.tf": "# vpc 5.1.0\n", "modules/flow-logs/main.tf": "# flow logs\n"})
	repo.Tag("v5.1.0")
	repo.Commit("later", map[string]string{"main.tf": "# unreleased\n"})
	smart := modtest.StartHTTPGit(t, base)
	e := newEnv(t, nil)
	e.reg = modtest.StartRegistry(t)
	e.reg.AddLocation("terraform-aws-modules/vpc/aws", "5.1.0", "git::"+smart.URL+"/terraform-aws-vpc?ref=v5.1.0")
	modtest.WriteFiles(t, e.stack, map[string]string{"main.tf": `
module "vpc" {
  source  = "` + e.reg.Host + `/terraform-aws-modules/vpc/aws"
  version = "5.1.0"
}
module "flow_logs" {
  source  = "` + e.reg.Host + `/terraform-aws-modules/vpc/aws//modules/flow-logs"
  version = "5.1.0"
}
`})
	m, _ := e.mustInstall(false)
	if e.read(".terraform/modules/vpc/main.tf") != "# vpc 5.1.0\n" || e.read(".terraform/modules/flow_logs/modules/flow-logs/main.tf") != "# flow logs\n" {
		t.Errorf("not the tagged release: %s", e.snapshot())
	}
	if m["flow_logs"].Dir != filepath.FromSlash(".terraform/modules/flow_logs/modules/flow-logs") || m["vpc"].Version != "5.1.0" {
		t.Errorf("manifest: %+v", m)
	}
}
