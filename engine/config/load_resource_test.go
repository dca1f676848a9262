package config

import (
	"reflect"
	"testing"

	"github.com/hashicorp/hcl/v2"

	"github.com/trueup/trueup/engine/addrs"
)

func TestLoadValidFixtureResources(t *testing.T) {
	mod := mustLoad(t, everythingDir)
	if len(mod.ManagedResources) != 4 || len(mod.DataResources) != 2 {
		t.Fatalf("managed = %d, data = %d", len(mod.ManagedResources), len(mod.DataResources))
	}
	counted := mod.ManagedResources["null_resource.counted"]
	if counted == nil || counted.Count == nil || counted.ForEach != nil || counted.ProviderKey() != "null" {
		t.Fatalf("null_resource.counted = %+v", counted)
	}
	each := mod.ResourceByAddr(addrs.Resource{Mode: addrs.ManagedResourceMode, Type: "aws_s3_bucket", Name: "each"})
	if each == nil || each.ForEach == nil || each.Count != nil {
		t.Fatalf("aws_s3_bucket.each = %+v", each)
	}
	if each.ProviderKey() != "aws.west" || each.ProviderConfigRef.Name != "aws" || each.ProviderConfigRef.Alias != "west" {
		t.Errorf("provider ref = %+v", each.ProviderConfigRef)
	}
	m := each.Managed
	if !m.CreateBeforeDestroy || m.PreventDestroy || m.IgnoreAllChanges || len(m.IgnoreChanges) != 2 {
		t.Errorf("lifecycle = %+v", m)
	}
	if len(each.DependsOn) != 2 {
		t.Errorf("depends_on = %v", each.DependsOn)
	}
	if frozen := mod.ManagedResources["aws_s3_bucket.frozen"]; !frozen.Managed.IgnoreAllChanges {
		t.Errorf("ignore_changes = all not recorded")
	}
	data := mod.ResourceByAddr(addrs.Resource{Mode: addrs.DataResourceMode, Type: "aws_caller_identity", Name: "me"})
	if data == nil || data.Managed != nil || data.Addr().String() != "data.aws_caller_identity.me" {
		t.Errorf("data.aws_caller_identity.me = %+v", data)
	}
	dataEach := mod.DataResources["data.local_file.each"]
	if dataEach == nil || dataEach.ForEach == nil || dataEach.ProviderKey() != "local" || len(dataEach.DependsOn) != 1 {
		t.Errorf("data.local_file.each = %+v", dataEach)
	}
	fromJSON := mod.ManagedResources["null_resource.from_json"]
	if fromJSON == nil || fromJSON.Count == nil || len(fromJSON.DependsOn) != 1 || len(fromJSON.Managed.IgnoreChanges) != 1 {
		t.Errorf("null_resource.from_json = %+v", fromJSON)
	}
}

// The provider schema decodes Config: every meta-argument must be gone
// from it, and the provider's own attributes and blocks must remain.
func TestResourceConfigHoldsNoMetaArguments(t *testing.T) {
	mod := mustLoad(t, everythingDir)
	tests := []struct {
		addr   string
		schema *hcl.BodySchema
	}{
		{"aws_s3_bucket.each", &hcl.BodySchema{
			Attributes: []hcl.AttributeSchema{{Name: "bucket"}, {Name: "tags"}},
			Blocks:     []hcl.BlockHeaderSchema{{Type: "dynamic", LabelNames: []string{"type"}}},
		}},
		{"null_resource.counted", &hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "triggers"}}}},
		{"null_resource.from_json", &hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "triggers"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.addr, func(t *testing.T) {
			content, diags := mod.ManagedResources[tt.addr].Config.Content(tt.schema)
			if diags.HasErrors() {
				t.Fatalf("Config holds arguments beyond the provider's: %s", diags.Error())
			}
			if len(content.Attributes) != len(tt.schema.Attributes) {
				t.Errorf("Config lost provider attributes: %v", content.Attributes)
			}
		})
	}
}

// Resource blocks without lifecycle, provisioner or connection blocks
// share one ManagedResource; a block with one has its own, and setting it
// leaves the others' alone.
func TestManagedSharedOnlyWithoutMetaBlocks(t *testing.T) {
	mod := mustLoadFiles(t, map[string]string{"main.tf": `
resource "null_resource" "a" {}
resource "null_resource" "b" {}
resource "null_resource" "c" {
  lifecycle {
    create_before_destroy = true
  }
}
resource "null_resource" "d" {
  provisioner "local-exec" {
    command = "true"
  }
}
resource "null_resource" "e" {}
`})
	r := func(name string) *ManagedResource { return mod.ManagedResources["null_resource."+name].Managed }
	if r("a") != r("b") || r("a") != r("e") || r("a") == nil {
		t.Error("resources without meta blocks do not share their ManagedResource")
	}
	if r("c") == r("a") || r("d") == r("a") || r("c") == r("d") {
		t.Error("a resource with a lifecycle or provisioner block shares its ManagedResource")
	}
	if !r("c").CreateBeforeDestroy || len(r("d").Provisioners) != 1 {
		t.Errorf("c: %+v, d: %+v", r("c"), r("d"))
	}
	if a := r("a"); a.CreateBeforeDestroy || len(a.Provisioners) != 0 || a.Connection != nil {
		t.Errorf("the shared ManagedResource was set: %+v", r("a"))
	}
}

// The blocks without count, for_each, provider, depends_on or conditions
// share one ResourceExtras; a block with one has its own, and setting it
// leaves the others' alone. The type label's range, kept as columns on
// the declaration's line, reads back as hcl gave it, in native syntax and
// in JSON (whose labels are on lines of their own).
func TestResourceExtrasAreSharedOnlyWhenEmpty(t *testing.T) {
	mod := mustLoadFiles(t, map[string]string{
		"main.tf": `resource "null_resource" "a" {}
resource "null_resource" "b" {
  triggers = {}
}
resource   "null_resource" "counted" {
  count = 2
}
data "null_data_source" "d" {
  depends_on = [null_resource.a]
}
check "c" {
  data "null_data_source" "in_check" {}
  assert {
    condition     = null_resource.a.id != ""
    error_message = "x"
  }
}
`,
		"extra.tf.json": `{
  "resource": {
    "null_resource": {
      "j": {}
    }
  }
}`,
	})
	a, b := mod.ManagedResources["null_resource.a"], mod.ManagedResources["null_resource.b"]
	counted, j := mod.ManagedResources["null_resource.counted"], mod.ManagedResources["null_resource.j"]
	d, inCheck := mod.DataResources["data.null_data_source.d"], mod.DataResources["data.null_data_source.in_check"]
	if a.ResourceExtras != b.ResourceExtras || a.ResourceExtras != noExtras {
		t.Errorf("two blocks without extras have their own: %p, %p", a.ResourceExtras, b.ResourceExtras)
	}
	if counted.ResourceExtras == noExtras || counted.Count == nil {
		t.Errorf("null_resource.counted has no count of its own: %+v", counted.ResourceExtras)
	}
	if d.ResourceExtras == noExtras || len(d.DependsOn) != 1 || inCheck.ResourceExtras == noExtras || inCheck.Container == nil {
		t.Errorf("the data blocks' depends_on and check: %+v, %+v", d.ResourceExtras, inCheck.ResourceExtras)
	}
	if !reflect.DeepEqual(*noExtras, ResourceExtras{}) {
		t.Errorf("the shared extras were set: %+v", noExtras)
	}
	for _, tc := range []struct {
		r    *Resource
		want hcl.Range
	}{
		{a, hcl.Range{Filename: "main.tf", Start: hcl.Pos{Line: 1, Column: 10, Byte: 9}, End: hcl.Pos{Line: 1, Column: 25, Byte: 24}}},
		{counted, hcl.Range{Filename: "main.tf", Start: hcl.Pos{Line: 5, Column: 12, Byte: 92}, End: hcl.Pos{Line: 5, Column: 27, Byte: 107}}},
		{j, hcl.Range{Filename: "extra.tf.json", Start: hcl.Pos{Line: 3, Column: 5, Byte: 22}, End: hcl.Pos{Line: 3, Column: 20, Byte: 37}}},
	} {
		if got := tc.r.TypeRange(); got != tc.want {
			t.Errorf("%s: TypeRange() = %#v, want %#v", tc.r.Addr(), got, tc.want)
		}
	}
	if j.typeRange == nil {
		t.Errorf("null_resource.j: the JSON block's type label, on its own line, was not kept whole")
	}
}
