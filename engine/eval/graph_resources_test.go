package eval

import (
	"context"
	"fmt"
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
