package config

import (
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
)

// literal returns the value of a literal argument of body.
func literal(t *testing.T, body hcl.Body, name string) cty.Value {
	t.Helper()
	attrs, _ := body.JustAttributes()
	a, ok := attrs[name]
	if !ok {
		t.Fatalf("no argument %q; have %v", name, attrNames(attrs))
	}
	v, diags := a.Expr.Value(nil)
	if diags.HasErrors() {
		t.Fatalf("%s: %s", name, diags.Error())
	}
	return v
}

func attrNames(attrs hcl.Attributes) []string {
	var out []string
	for n := range attrs {
		out = append(out, n)
	}
	return out
}

func blockTypes(t *testing.T, body hcl.Body, typ string) []*hcl.Block {
	t.Helper()
	content, _, _ := body.PartialContent(&hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{{Type: typ}}})
	return content.Blocks
}

func mustLoadFiles(t *testing.T, files map[string]string) *Module {
	t.Helper()
	srcs := map[string][]byte{}
	for n, s := range files {
		srcs[n] = []byte(s)
	}
	mod, diags := LoadSources("", srcs)
	if diags.HasErrors() {
		t.Fatalf("load: %s", diags.Error())
	}
	return mod
}

const overrideBase = `
terraform {
  required_version = ">= 1.0"
  required_providers {
    null   = { source = "hashicorp/null" }
    random = { source = "hashicorp/random", version = "~> 3.0" }
  }
  backend "local" {
    path = "base.tfstate"
  }
}

provider "aws" {
  alias  = "west"
  region = "us-west-1"
}

variable "size" {
  type    = number
  default = 1
}

locals {
  a = "base-a"
  b = "base-b"
}

locals {
  c = "base-c"
}

resource "null_resource" "web" {
  count    = 1
  triggers = { v = "base" }

  lifecycle {
    create_before_destroy = true
    ignore_changes        = [triggers]
  }

  dynamic_like {
    x = 1
  }
  dynamic_like {
    x = 2
  }
}

output "out" {
  value       = "base"
  description = "kept"
}

module "net" {
  source  = "app.example.com/team/net/aws"
  version = "~> 1.0"
  name    = "base"
  zone    = "z1"
}
`

// A module call merges argument by argument, as Terraform's
// ModuleCall.merge: source, version, count and inputs replaced, the rest
// kept.
func TestOverrideMergesAModuleCall(t *testing.T) {
	mod := mustLoadFiles(t, map[string]string{
		"main.tf": overrideBase,
		"override.tf": `
module "net" {
  source = "./modules/net"
  count  = 2
  zone   = "z2"
}
`,
	})
	c := mod.ModuleCalls["net"]
	if c.SourceAddr != "./modules/net" || c.Version != "~> 1.0" || c.Count == nil {
		t.Errorf("merged call: source %q, version %q, count %v", c.SourceAddr, c.Version, c.Count)
	}
	if c.SourceAddrRange.Filename != "override.tf" {
		t.Errorf("source located at %s, want the override's", c.SourceAddrRange)
	}
	attrs, diags := c.Config.JustAttributes()
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	for name, want := range map[string]string{"name": "base", "zone": "z2"} {
		if v, _ := attrs[name].Expr.Value(nil); v != cty.StringVal(want) {
			t.Errorf("input %s = %#v, want %q", name, v, want)
		}
	}
}

func TestOverrideMergesByTerraformsRules(t *testing.T) {
	mod := mustLoadFiles(t, map[string]string{
		"main.tf": overrideBase,
		"a_override.tf": `
resource "null_resource" "web" {
  count = 3
  triggers = { v = "first override" }
  lifecycle {
    prevent_destroy = true
  }
  dynamic_like {
    x = 9
  }
}
locals {
  b = "override-b"
  c = "override-c"
}
`,
		"override.tf": `
resource "null_resource" "web" {
  triggers = { v = "last override" }
}
variable "size" {
  default = 5
}
output "out" {
  value     = "overridden"
  sensitive = true
}
provider "aws" {
  alias  = "west"
  region = "us-west-2"
}
provider "google" {
  project = "p"
}
terraform {
  required_version = ">= 1.5"
  required_providers {
    random = { source = "hashicorp/random", version = "~> 3.6" }
  }
  backend "local" {
    path = "override.tfstate"
  }
}
`,
	})
	r := mod.ManagedResources["null_resource.web"]
	if v, _ := r.Count.Value(nil); !v.RawEquals(cty.NumberIntVal(3)) {
		t.Errorf("count = %#v, want 3 from a_override.tf", v)
	}
	if got := literal(t, r.Config, "triggers").GetAttr("v"); got != cty.StringVal("last override") {
		t.Errorf("triggers.v = %#v: override.tf comes after a_override.tf", got)
	}
	if !r.Managed.CreateBeforeDestroy || !r.Managed.PreventDestroy || len(r.Managed.IgnoreChanges) != 1 {
		t.Errorf("lifecycle %+v: arguments must merge one by one", r.Managed)
	}
	if blocks := blockTypes(t, r.Config, "dynamic_like"); len(blocks) != 1 || !literal(t, blocks[0].Body, "x").RawEquals(cty.NumberIntVal(9)) {
		t.Errorf("nested dynamic_like blocks %d: the override's replace all of the base's", len(blocks))
	}
	if !strings.HasSuffix(r.DeclRange.Filename, "main.tf") {
		t.Errorf("resource declared at %s, want the primary block", r.DeclRange)
	}
	for name, want := range map[string]string{"a": "base-a", "b": "override-b", "c": "override-c"} {
		if v, _ := mod.Locals[name].Expr.Value(nil); v != cty.StringVal(want) {
			t.Errorf("local.%s = %#v, want %q", name, v, want)
		}
	}
	if v := mod.Variables["size"]; v.Type != cty.Number || !v.Default.RawEquals(cty.NumberIntVal(5)) {
		t.Errorf("variable size: type %s default %#v, want number 5", v.Type.FriendlyName(), v.Default)
	}
	if o := mod.Outputs["out"]; !o.Sensitive || o.Description != "kept" {
		t.Errorf("output: sensitive %v description %q", o.Sensitive, o.Description)
	}
	if got := literal(t, mod.ProviderConfigs["aws.west"].Config, "region"); got != cty.StringVal("us-west-2") {
		t.Errorf("aws.west region = %#v", got)
	}
	if _, ok := mod.ProviderConfigs["google"]; !ok {
		t.Error("an override may introduce a default provider configuration")
	}
	if strings.Join(mod.RequiredVersion, ";") != ">= 1.5" {
		t.Errorf("required_version %q", mod.RequiredVersion)
	}
	if mod.RequiredProviders["random"].Version != "~> 3.6" || mod.RequiredProviders["null"] == nil {
		t.Errorf("required_providers merge entry by entry: %+v %+v", mod.RequiredProviders["random"], mod.RequiredProviders["null"])
	}
	if got := literal(t, mod.Backend.Config, "path"); got != cty.StringVal("override.tfstate") {
		t.Errorf("backend path %#v", got)
	}
}

func TestOverrideInJSON(t *testing.T) {
	mod := mustLoadFiles(t, map[string]string{
		"main.tf": overrideBase,
		"web_override.tf.json": `{
  "resource": {"null_resource": {"web": {"triggers": {"v": "json"}, "lifecycle": {"prevent_destroy": true}}}},
  "output": {"out": {"value": "from json"}}
}`,
	})
	r := mod.ManagedResources["null_resource.web"]
	if got := literal(t, r.Config, "triggers").GetAttr("v"); got != cty.StringVal("json") {
		t.Errorf("triggers.v = %#v", got)
	}
	if !r.Managed.CreateBeforeDestroy || !r.Managed.PreventDestroy {
		t.Errorf("lifecycle %+v: merged argument by argument from JSON too", r.Managed)
	}
	if v, _ := mod.Outputs["out"].Expr.Value(nil); v != cty.StringVal("from json") {
		t.Errorf("output = %#v", v)
	}
}

func TestOverrideErrors(t *testing.T) {
	tests := []struct {
		name, src, summary string
		line               int
	}{
		{"resource", "resource \"null_resource\" \"nope\" {}", "Missing resource to override", 1},
		{"data", "data \"a\" \"b\" {}", "Missing data resource to override", 1},
		{"variable", "\nvariable \"nope\" {}", "Missing base variable declaration to override", 2},
		{"output", "output \"nope\" {}", "Missing base output definition to override", 1},
		{"local", "locals {\n  a = 1\n  zz = 2\n}", "Missing base local value definition to override", 3},
		{"aliased provider", "provider \"aws\" {\n  alias = \"east\"\n}", "Missing base provider configuration for override", 1},
		{"moved", "moved {\n  from = a.b\n  to = a.c\n}", "Cannot override 'moved' blocks", 1},
		{"module call", "module \"nope\" {\n  x = 1\n}", "Missing module call to override", 1},
		{"module call's depends_on", "module \"net\" {\n  depends_on = [\n    null_resource.web,\n  ]\n}", "Unsupported override", 3},
		{"type that does not fit the base default", "variable \"size\" {\n  type = bool\n}", "Invalid default value for variable", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, diags := LoadSources("", map[string][]byte{"main.tf": []byte(overrideBase), "override.tf": []byte(tt.src)})
			d := findDiag(diags, tt.summary)
			if d == nil {
				t.Fatalf("no %q in %v", tt.summary, diags)
			}
			if tt.name != "type that does not fit the base default" && (d.Subject.Filename != "override.tf" || d.Subject.Start.Line != tt.line) {
				t.Errorf("subject %s, want override.tf line %d", d.Subject, tt.line)
			}
			if len(diags) != 1 {
				t.Errorf("want exactly one diagnostic, got %v", diags)
			}
		})
	}
}
