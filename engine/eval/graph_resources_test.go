package eval

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/trueup/trueup/schema"
)

// TestResourceEdgesCollapseLocalsVariablesAndOutputs: the resource graph
// leads from a resource to the resources it reaches through locals, module
// variables, outputs and module calls, and stops at the first resource on
// each path (b depends on a, c on b: c's edge is to b only).
func TestResourceEdgesCollapseLocalsVariablesAndOutputs(t *testing.T) {
	mod := loadModule(t, map[string]string{
		"main.tf": `
resource "null_resource" "a" {}

locals {
  via = null_resource.a.id
}

resource "null_resource" "b" {
  triggers = { x = local.via }
}

resource "null_resource" "c" {
  triggers = { x = null_resource.b.id }
}

module "m" {
  source = "./m"
  in     = local.via
}

resource "null_resource" "d" {
  triggers = { x = module.m.out }
}

data "local_file" "f" {
  filename = "x"
}
`,
		"m/main.tf": `
variable "in" {}

resource "null_resource" "inner" {
  triggers = { x = var.in }
}

output "out" {
  value = null_resource.inner.id
}
`})
	g, diags := BuildGraph(context.Background(), mod, NewProviders(schema.Registry{}))
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	edges := g.ResourceEdges()
	var lines []string
	for k, deps := range edges {
		lines = append(lines, fmt.Sprintf("%s: %s", k, strings.Join(deps, ",")))
	}
	sort.Strings(lines)
	want := strings.TrimSpace(`
data.local_file.f: 
module.m.null_resource.inner: null_resource.a
null_resource.a: 
null_resource.b: null_resource.a
null_resource.c: null_resource.b
null_resource.d: module.m.null_resource.inner`)
	if got := strings.Join(lines, "\n"); got != want {
		t.Errorf("resource edges:\n%s\n\nwant:\n%s", got, want)
	}
}

// TestResourceDependenciesAreStateNames: a resource's dependencies are
// transitive, sorted, and named as state records them
// (module.m.data.t.n for a data source in a module), nil for none.
func TestResourceDependenciesAreStateNames(t *testing.T) {
	mod := loadModule(t, map[string]string{
		"main.tf": `
resource "null_resource" "a" {}

resource "null_resource" "b" {
  triggers = { x = null_resource.a.id }
}

module "m" {
  source   = "./m"
  for_each = { k = 1 }
  in       = null_resource.b.id
}

resource "null_resource" "z" {
  triggers = { x = module.m["k"].out }
}
`,
		"m/main.tf": `
variable "in" {}

data "local_file" "f" {
  filename = var.in
}

resource "null_resource" "inner" {
  triggers = { x = data.local_file.f.content }
}

output "out" {
  value = null_resource.inner.id
}
`})
	g, diags := BuildGraph(context.Background(), mod, NewProviders(schema.Registry{}))
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	want := []string{"module.m.data.local_file.f", "module.m.null_resource.inner", "null_resource.a", "null_resource.b"}
	got := g.ResourceDependencies("null_resource.z")
	if !slices.Equal(got, want) {
		t.Fatalf("null_resource.z's dependencies = %q, want %q", got, want)
	}
	for _, d := range got {
		addr := g.Nodes[d].Resource.Addr().InModule(g.Nodes[d].Config.Path.UnkeyedInstance())
		if addr.String() != d {
			t.Errorf("dependency %q is %s in state", d, addr)
		}
	}
	if got := g.ResourceDependencies("null_resource.a"); got != nil {
		t.Errorf("null_resource.a's dependencies = %q, want nil", got)
	}
}
