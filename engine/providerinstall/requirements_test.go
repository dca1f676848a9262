package providerinstall

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/trueup/trueup/engine/config"
	"github.com/trueup/trueup/engine/getproviders"
)

// writeTree writes files (path relative to the root) and loads the
// configuration tree rooted there.
func writeTree(t *testing.T, files map[string]string) *config.Config {
	t.Helper()
	dir := t.TempDir()
	for name, src := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	root, diags := config.Load(dir)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	cfg, diags := config.BuildTree(root, config.DirSource{RootDir: dir})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	return cfg
}

func TestFromConfigMergesEveryModule(t *testing.T) {
	cfg := writeTree(t, map[string]string{
		"main.tf": `terraform {
  required_providers {
    null = { source = "hashicorp/null", version = ">= 3.0" }
  }
}
module "net" {
  source = "./modules/net"
}
resource "null_resource" "a" {}
`,
		"modules/net/main.tf": `terraform {
  required_providers {
    rnd  = { source = "hashicorp/random", version = "~> 3.1" }
    null = { version = "< 4.0" }
  }
}
module "inner" {
  source = "./inner"
}
resource "random_id" "x" {
  provider    = rnd
  byte_length = 2
}
`,
		"modules/net/inner/main.tf": "resource \"local_file\" \"f\" {\n  filename = \"x\"\n  content  = \"y\"\n}\n",
	})
	reqs, diags := FromConfig(cfg)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	got := map[string]Requirement{}
	for _, r := range reqs {
		got[r.Provider.String()] = r
	}
	if len(got) != 3 {
		t.Fatalf("requirements = %+v, want local, null and random", reqs)
	}
	null := got["registry.terraform.io/hashicorp/null"]
	if cs := getproviders.ConstraintsString(null.Constraints); cs != ">= 3.0.0, < 4.0.0" {
		t.Errorf("null constraints = %q, want both modules' ANDed", cs)
	}
	if len(null.Modules) != 2 || null.Modules[0] != "" || null.Modules[1] != "module.net" {
		t.Errorf("null modules = %q", null.Modules)
	}
	rnd := got["registry.terraform.io/hashicorp/random"]
	if len(rnd.LocalNames) != 1 || rnd.LocalNames[0] != "rnd" || getproviders.ConstraintsString(rnd.Constraints) != "~> 3.1" {
		t.Errorf("random = %+v", rnd)
	}
	local := got["registry.terraform.io/hashicorp/local"]
	if len(local.Modules) != 1 || local.Modules[0] != "module.net.module.inner" {
		t.Errorf("local, implied two modules down: %+v", local)
	}
}

func TestFromConfigLocatesBadConstraintsInChildModules(t *testing.T) {
	cfg := writeTree(t, map[string]string{
		"main.tf":       "module \"m\" {\n  source = \"./m\"\n}\n",
		"m/versions.tf": "terraform {\n  required_providers {\n    x = { source = \"acme/x\", version = \">= one\" }\n  }\n}\n",
	})
	_, diags := FromConfig(cfg)
	if !diags.HasErrors() || diags[0].Subject == nil || filepath.Base(diags[0].Subject.Filename) != "versions.tf" || diags[0].Subject.Start.Line != 3 {
		t.Fatalf("diags = %v", diags)
	}
}
