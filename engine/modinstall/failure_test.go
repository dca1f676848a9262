package modinstall

import (
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"

	"github.com/trueup/trueup/engine/getmodules"
	"github.com/trueup/trueup/engine/getmodules/modtest"
)

// errorLines maps "file:line:column" of each error's subject to the
// summary of the first error there.
func errorLines(diags hcl.Diagnostics) map[string]string {
	got := map[string]string{}
	for _, d := range diags {
		if d.Severity != hcl.DiagError {
			continue
		}
		if d.Subject == nil {
			got["?"] = d.Summary
			continue
		}
		at := fmt.Sprintf("%s:%d:%d", filepath.Base(d.Subject.Filename), d.Subject.Start.Line, d.Subject.Start.Column)
		if _, seen := got[at]; !seen {
			got[at] = d.Summary // the first error at a place is the cause
		}
	}
	return got
}

func TestFailuresAreLocatedAndInstallNothing(t *testing.T) {
	base := t.TempDir()
	repo := modtest.NewRepo(t, base, "vpc")
	repo.Commit("one", map[string]string{"main.tf": "# vpc\n", "modules/a/main.tf": "module \"up\" {\n  source = \"../../../outside\"\n}\n"})
	repo.Tag("v1")
	reg := modtest.StartRegistry(t)
	reg.AddArchive(t, "acme/vpc/aws", "1.0.0", "", map[string]string{"main.tf": "# 1.0.0\n"})
	l, _ := net.Listen("tcp", "127.0.0.1:0")
	closed := l.Addr().String()
	l.Close()
	good := "module \"ok\" {\n  source = \"git::" + repo.FileURL() + "?ref=v1\"\n}\n"
	cases := []struct {
		name   string
		module string // a module block whose source is on its line 2, column 12
		want   string // "line:col summary"
		detail []string
	}{
		{"repository that does not exist", `source = "git::file://` + base + `/nothere"`, "Failed to download module", []string{`module "bad"`, "nothere"}},
		{"bad ref", `source = "git::` + repo.FileURL() + `?ref=v9"`, "Failed to download module", []string{"unknown ref", "v9"}},
		{"subdir not in the package", `source = "git::` + repo.FileURL() + `//nope?ref=v1"`, "Module subdirectory not found", []string{`"nope"`}},
		{"unreachable registry", `source = "` + closed + `/acme/vpc/aws"`, "Error accessing remote module registry", []string{"connection refused", `"bad"`}},
		{"unknown registry module", `source = "` + reg.Host + `/acme/nothing/aws"`, "Module not found", []string{"acme/nothing/aws"}},
		{"version nothing satisfies", "source = \"" + reg.Host + "/acme/vpc/aws\"\n  version = \"~> 2.0\"", "Unresolvable module version constraint", []string{"newest available version is 1.0.0", "~> 2.0"}},
		{"missing local directory", `source = "./modules/missing"`, "Unreadable module directory", []string{"modules/missing"}},
		{"local path leaving its package", `source = "git::` + repo.FileURL() + `//modules/a?ref=v1"`, "Local module path escapes module package", []string{"bad.up"}},
		{"relative path without ./", `source = "modules/x"`, "Invalid module source address", []string{`"./modules/x"`}},
		{"version on a git source", "source = \"git::" + repo.FileURL() + "\"\n  version = \"1.0\"", "Invalid registry module source address", []string{"version"}},
		{"archive 404", `source = "` + reg.URL + `/files/none.zip"`, "Failed to download module", []string{"404"}},
		{"hg repository that does not exist", `source = "hg::file:///nonexistent/hg-repo?rev=v1"`, "Failed to download module", []string{"hg clone", "nonexistent"}},
		{"not a literal", `source = var.where`, "Variables not allowed", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t, map[string]string{"main.tf": "module \"bad\" {\n  " + c.module + "\n}\n" + good})
			e.reg = reg
			_, _, diags := e.install(false)
			got := errorLines(diags)
			wantAt := "main.tf:2:12" // the source expression
			if c.want == "Unresolvable module version constraint" {
				wantAt = "main.tf:3:13" // the version expression
			}
			// The escaping call is line 2 of the module's own main.tf.
			if got[wantAt] != c.want || len(got) != 1 {
				t.Fatalf("errors %v, want exactly %q at %s", got, c.want, wantAt)
			}
			if c.want == "Local module path escapes module package" {
				if f := diags[0].Subject.Filename; !strings.HasSuffix(f, filepath.FromSlash(".terraform/modules/bad/modules/a/main.tf")) {
					t.Errorf("the error names %s, not where the module is installed", f)
				}
			}
			for _, d := range diags {
				for _, frag := range c.detail {
					if !strings.Contains(d.Detail, frag) {
						t.Errorf("detail %q lacks %q", d.Detail, frag)
					}
				}
			}
			if _, err := os.Stat(filepath.Join(e.stack, ".terraform")); err == nil {
				t.Errorf("a failed install left .terraform behind:\n%s", e.snapshot())
			}
		})
	}
}

func TestFailedReinstallKeepsWhatWasInstalled(t *testing.T) {
	base := t.TempDir()
	repo := modtest.NewRepo(t, base, "vpc")
	repo.Commit("one", map[string]string{"main.tf": "# one\n"})
	repo.Tag("v1")
	repo.Commit("two", map[string]string{"main.tf": "# two\n"})
	repo.Tag("v2")
	e := newEnv(t, map[string]string{"main.tf": `module "a" { source = "git::` + repo.FileURL() + `?ref=v1" }
module "b" { source = "git::` + repo.FileURL() + `?ref=v1" }`})
	e.mustInstall(false)
	before, manifest := e.snapshot(), e.manifestFile()
	modtest.WriteFiles(t, e.stack, map[string]string{"main.tf": `module "a" { source = "git::` + repo.FileURL() + `?ref=v2" }
module "b" { source = "git::` + repo.FileURL() + `?ref=v9" }`})
	_, _, diags := e.install(true)
	if !diags.HasErrors() {
		t.Fatal("installing a bad ref succeeded")
	}
	if after := e.snapshot(); after != before || e.manifestFile() != manifest {
		t.Errorf("a failed install changed the installed modules:\nbefore:\n%s\nafter:\n%s", before, after)
	}
	entries, _ := os.ReadDir(filepath.Join(e.stack, ".terraform", "modules"))
	for _, en := range entries {
		if strings.HasPrefix(en.Name(), ".") {
			t.Errorf("staging left behind: %s", en.Name())
		}
	}
}

func TestModuleCallingItselfIsACycle(t *testing.T) {
	e := newEnv(t, map[string]string{
		"main.tf":           `module "a" { source = "./modules/a" }`,
		"modules/a/main.tf": `module "again" { source = "../a" }`,
	})
	_, _, diags := e.install(false)
	got := errorLines(diags)
	if got["main.tf:1:27"] != "Module calls form a cycle" || !strings.Contains(diags[0].Subject.Filename, "modules/a") {
		t.Fatalf("errors %v", got)
	}
}

func TestCredentialsInSourcesAreNeverShown(t *testing.T) {
	base := t.TempDir()
	modtest.NewRepo(t, base, "vpc").Commit("one", map[string]string{"main.tf": "# vpc\n"})
	smart := modtest.StartHTTPGit(t, base)
	withPassword := strings.Replace(smart.URL, "http://", "http://deploy:s3cretpw@", 1)
	e := newEnv(t, map[string]string{"main.tf": `
module "ok" { source = "git::` + withPassword + `/vpc" }
module "bad" { source = "git::` + withPassword + `/missing?sshkey=c2VjcmV0a2V5" }
`})
	rec := &recorder{}
	_, diags := Install(context.Background(), Options{StackDir: e.stack, Hooks: rec, Fetcher: &getmodules.Fetcher{GitCacheDir: e.cache}})
	if !diags.HasErrors() {
		t.Fatal("a missing repository installed")
	}
	shown := strings.Join(rec.lines, "\n") + diags.Error()
	for _, d := range diags {
		shown += d.Detail
	}
	for _, secret := range []string{"s3cretpw", "c2VjcmV0a2V5"} {
		if strings.Contains(shown, secret) {
			t.Errorf("%s shown:\n%s", secret, shown)
		}
	}
	if !strings.Contains(shown, "deploy:***@") {
		t.Errorf("the redacted source should still be named:\n%s", shown)
	}
}
