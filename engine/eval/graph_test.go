package eval

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trueup/trueup/engine/config"
	"github.com/trueup/trueup/schema"
)

func loadModule(t *testing.T, files map[string]string) *config.Config {
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
	mod, diags := config.Load(dir)
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	cfg, diags := config.BuildTree(mod, config.DirSource{RootDir: dir})
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	return cfg
}

func TestModuleGraphConnectsReferencesThroughLocalsAndDependsOn(t *testing.T) {
	mod := loadModule(t, map[string]string{"main.tf": `
locals {
  name   = "app-${random_pet.p.id}"
  labels = { name = local.name }
}

resource "random_pet" "p" {}

resource "null_resource" "a" {
  count    = length(local.labels)
  triggers = local.labels
}

resource "null_resource" "b" {
  depends_on = [null_resource.a]
}

data "local_file" "f" {
  filename = "${path.module}/x"
}

output "ids" {
  value = null_resource.a[*].id
}
`})
	g, diags := BuildGraph(context.Background(), mod, NewProviders(schema.Registry{}))
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	want := strings.TrimSpace(`
data.local_file.f
local.labels
  local.name
local.name
  random_pet.p
null_resource.a
  local.labels
null_resource.b
  null_resource.a
output.ids
  null_resource.a
random_pet.p`)
	if got := strings.TrimSpace(g.String()); got != want {
		t.Fatalf("graph:\n%s\n\nwant:\n%s", got, want)
	}
	deps := g.ResourceDependencies("null_resource.a")
	if len(deps) != 1 || deps[0] != "random_pet.p" {
		t.Errorf("null_resource.a's resource dependencies through locals = %v, want [random_pet.p]", deps)
	}
}

func TestModuleGraphReportsEachCycleAtItsDeclaration(t *testing.T) {
	mod := loadModule(t, map[string]string{"main.tf": `
locals {
  a = local.b
  b = null_resource.c.id
}

resource "null_resource" "c" {
  triggers = { x = local.a }
}
`})
	_, diags := BuildGraph(context.Background(), mod, NewProviders(schema.Registry{}))
	if !diags.HasErrors() {
		t.Fatal("a cycle was not reported")
	}
	d := diags[0]
	for _, addr := range []string{"local.a", "local.b", "null_resource.c"} {
		if !strings.Contains(d.Detail, addr) {
			t.Errorf("the cycle diagnostic does not name %s: %s", addr, d.Detail)
		}
	}
	if d.Subject == nil || d.Subject.Start.Line == 0 {
		t.Errorf("the cycle diagnostic has no location: %+v", d)
	}
}
