package addrs

import (
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

func TestParseRef(t *testing.T) {
	tests := []struct {
		name      string
		input     string
		want      Referenceable
		wantRange string // the text the SourceRange covers
		remaining int
		wantErr   string
	}{
		{"var with name is an input variable", "var.region", InputVariable{Name: "region"}, "var.region", 0, ""},
		{"var attribute access stays in Remaining", "var.obj.a[1]", InputVariable{Name: "obj"}, "var.obj", 2, ""},
		{"local is a local value", "local.tags", LocalValue{Name: "tags"}, "local.tags", 0, ""},
		{"count.index is a count attribute", "count.index", CountAttr{Name: "index"}, "count.index", 0, ""},
		{"each.value with attribute", "each.value.id", ForEachAttr{Name: "value"}, "each.value", 1, ""},
		{"path.module is a path attribute", "path.module", PathAttr{Name: "module"}, "path.module", 0, ""},
		{"terraform.workspace", "terraform.workspace", TerraformAttr{Name: "workspace"}, "terraform.workspace", 0, ""},
		{"managed resource without index is the whole resource", "aws_s3_bucket.logs.arn",
			Resource{Mode: ManagedResourceMode, Type: "aws_s3_bucket", Name: "logs"}, "aws_s3_bucket.logs", 1, ""},
		{"managed resource with int index is an instance", "null_resource.a[0].id",
			ResourceInstance{Resource: Resource{Mode: ManagedResourceMode, Type: "null_resource", Name: "a"}, Key: IntKey(0)}, "null_resource.a[0]", 1, ""},
		{"data resource with string key is an instance", `data.local_file.x["k"]`,
			ResourceInstance{Resource: Resource{Mode: DataResourceMode, Type: "local_file", Name: "x"}, Key: StringKey("k")}, `data.local_file.x["k"]`, 0, ""},
		{"data resource", "data.local_file.x.content",
			Resource{Mode: DataResourceMode, Type: "local_file", Name: "x"}, "data.local_file.x", 1, ""},
		{"var without a name is an error", "var", nil, "", 0, `The "var" object cannot be accessed directly`},
		{"var with index is an error", `var["x"]`, nil, "", 0, `The "var" object does not support this operation`},
		{"data with one label is an error", "data.local_file", nil, "", 0, "must be followed by two attribute names"},
		{"resource type alone is an error", "aws_s3_bucket", nil, "", 0, "must be followed by at least one attribute access"},
		{"resource with fractional key is an error", "null_resource.a[1.5]", nil, "", 0, "Invalid resource instance key"},
		{"module reference names the call", "module.net.id", ModuleCall{Name: "net"}, "module.net", 1, ""},
		{"module without a name is an error", "module", nil, "", 0, `The "module" object cannot be accessed directly`},
		{"self is reserved", "self.id", nil, "", 0, "reserved"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			trav, diags := hclsyntax.ParseTraversalAbs([]byte(tt.input), "x.tf", hcl.InitialPos)
			if diags.HasErrors() {
				t.Fatalf("test input does not parse: %s", diags)
			}
			ref, diags := ParseRef(trav)
			if tt.wantErr != "" {
				if !diags.HasErrors() || !strings.Contains(diags[0].Detail, tt.wantErr) {
					t.Fatalf("want error containing %q, got %v", tt.wantErr, diags)
				}
				if diags[0].Subject == nil || diags[0].Subject.Filename != "x.tf" {
					t.Errorf("error has no source range: %#v", diags[0].Subject)
				}
				return
			}
			if diags.HasErrors() {
				t.Fatalf("unexpected error: %s", diags)
			}
			if ref.Subject != tt.want {
				t.Errorf("subject = %#v, want %#v", ref.Subject, tt.want)
			}
			got := tt.input[ref.SourceRange.Start.Byte:ref.SourceRange.End.Byte]
			if got != tt.wantRange {
				t.Errorf("range covers %q, want %q", got, tt.wantRange)
			}
			if len(ref.Remaining) != tt.remaining {
				t.Errorf("remaining has %d steps, want %d", len(ref.Remaining), tt.remaining)
			}
		})
	}
}

func TestReferenceablesAreMapKeys(t *testing.T) {
	seen := map[Referenceable]bool{}
	seen[Resource{Mode: ManagedResourceMode, Type: "a", Name: "b"}.Instance(StringKey("x"))] = true
	if !seen[ResourceInstance{Resource: Resource{Mode: ManagedResourceMode, Type: "a", Name: "b"}, Key: StringKey("x")}] {
		t.Fatal("equal instance addresses are not equal map keys")
	}
	if seen[Resource{Mode: ManagedResourceMode, Type: "a", Name: "b"}.Instance(IntKey(0))] {
		t.Fatal("different keys compare equal")
	}
}
