package addrs

import (
	"reflect"
	"strings"
	"testing"

	"github.com/zclconf/go-cty/cty"
)

func TestParseTarget(t *testing.T) {
	bucket := Resource{Mode: ManagedResourceMode, Type: "aws_s3_bucket", Name: "logs"}
	tests := []struct {
		name    string
		input   string
		want    Targetable
		wantErr string
	}{
		{"type.name is the whole resource", "aws_s3_bucket.logs", bucket, ""},
		{"int key is one instance", "aws_s3_bucket.logs[0]", bucket.Instance(IntKey(0)), ""},
		{"string key is one instance", `aws_s3_bucket.logs["k"]`, bucket.Instance(StringKey("k")), ""},
		{"data prefix makes a data resource", "data.a.b", Resource{Mode: DataResourceMode, Type: "a", Name: "b"}, ""},
		{"data instance", "data.a.b[2]", Resource{Mode: DataResourceMode, Type: "a", Name: "b"}.Instance(IntKey(2)), ""},
		{"missing name is an error", "aws_s3_bucket", nil, "resource type and a name"},
		{"data with one label is an error", "data.a", nil, "resource type and a name"},
		{"attribute after name is an error", "aws_s3_bucket.logs.arn", nil, "Only an instance key"},
		{"extra operators after key are an error", "aws_s3_bucket.logs[0].x", nil, "Unexpected extra operators"},
		{"module prefix places the resource", "module.a.b.c", Resource{Module: "module.a", Mode: ManagedResourceMode, Type: "b", Name: "c"}, ""},
		{"keyed nested modules", `module.a["x"].module.b[0].data.t.n[3]`, Resource{Module: `module.a["x"].module.b[0]`, Mode: DataResourceMode, Type: "t", Name: "n"}.Instance(IntKey(3)), ""},
		{"a module alone is a module target", `module.app["eu"]`, ModuleInstance(`module.app["eu"]`), ""},
		{"module without a name is an error", "module", nil, "module call's name"},
		{"garbage is a parse error", "aws_s3_bucket.logs[", nil, "could not be parsed"},
		{"negative key is an error", "a.b[-1]", nil, "could not be parsed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, diags := ParseTarget(tt.input)
			if tt.wantErr != "" {
				if !diags.HasErrors() || !strings.Contains(diags[0].Detail, tt.wantErr) {
					t.Fatalf("want error containing %q, got %v", tt.wantErr, diags)
				}
				if diags[0].Summary != "Invalid address" {
					t.Errorf("summary = %q", diags[0].Summary)
				}
				return
			}
			if diags.HasErrors() {
				t.Fatalf("unexpected error: %s", diags)
			}
			if got.Subject != tt.want {
				t.Errorf("subject = %#v, want %#v", got.Subject, tt.want)
			}
			if got.String() != tt.input {
				t.Errorf("String() = %q, want the input %q", got.String(), tt.input)
			}
		})
	}
}

func TestTargetContains(t *testing.T) {
	r := Resource{Mode: ManagedResourceMode, Type: "null_resource", Name: "a"}
	other := Resource{Mode: ManagedResourceMode, Type: "null_resource", Name: "b"}
	whole, _ := ParseTarget("null_resource.a")
	one, _ := ParseTarget("null_resource.a[1]")
	tests := []struct {
		name   string
		target Target
		ri     ResourceInstance
		want   bool
	}{
		{"whole resource contains every instance", whole, r.Instance(IntKey(3)), true},
		{"whole resource contains the unkeyed instance", whole, r.Instance(NoKey), true},
		{"whole resource does not contain another resource", whole, other.Instance(NoKey), false},
		{"instance target contains itself", one, r.Instance(IntKey(1)), true},
		{"instance target does not contain a sibling", one, r.Instance(IntKey(0)), false},
		{"root resource target does not contain the same resource in a module", whole, r.InModule("module.m").Instance(NoKey), false},
		{"module target contains its resources", mustTarget(t, "module.m"), r.InModule("module.m").Instance(IntKey(0)), true},
		{"module target contains nested modules", mustTarget(t, "module.m"), r.InModule(`module.m.module.n["x"]`).Instance(NoKey), true},
		{"unkeyed module target contains every instance", mustTarget(t, "module.m"), r.InModule(`module.m[2]`).Instance(NoKey), true},
		{"keyed module target contains only its instance", mustTarget(t, "module.m[1]"), r.InModule(`module.m[2]`).Instance(NoKey), false},
		{"module target does not contain a module with a longer name", mustTarget(t, "module.m"), r.InModule("module.mm").Instance(NoKey), false},
		{"resource in unkeyed module matches every module instance", mustTarget(t, "module.m.null_resource.a"), r.InModule(`module.m["k"]`).Instance(IntKey(0)), true},
		{"resource instance in a module", mustTarget(t, `module.m["k"].null_resource.a[0]`), r.InModule(`module.m["k"]`).Instance(IntKey(0)), true},
		{"module target does not contain root resources", mustTarget(t, "module.m"), r.Instance(NoKey), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.target.Contains(tt.ri); got != tt.want {
				t.Errorf("Contains(%s) = %v", tt.ri, got)
			}
		})
	}
}

func TestParseResourceInstance(t *testing.T) {
	ri, diags := ParseResourceInstance("null_resource.a")
	if diags.HasErrors() || ri.Key != NoKey || ri.String() != "null_resource.a" {
		t.Fatalf("got %v %v", ri, diags)
	}
	ri, diags = ParseResourceInstance(`x.y["k"]`)
	if diags.HasErrors() || ri.Key != StringKey("k") || ri.String() != `x.y["k"]` {
		t.Fatalf("got %v %v", ri, diags)
	}
}

func TestKeyFromValue(t *testing.T) {
	tests := []struct {
		name    string
		in      cty.Value
		want    InstanceKey
		wantErr string
	}{
		{"whole number is an int key", cty.NumberIntVal(3), IntKey(3), ""},
		{"string is a string key", cty.StringVal("a"), StringKey("a"), ""},
		{"fraction is an error", cty.NumberFloatVal(1.5), nil, "whole number"},
		{"negative is an error", cty.NumberIntVal(-1), nil, "whole number"},
		{"unknown is an error", cty.UnknownVal(cty.String), nil, "known"},
		{"null is an error", cty.NullVal(cty.String), nil, "null"},
		{"bool is an error", cty.True, nil, "number or a string"},
		{"sensitive is an error", cty.StringVal("s").Mark("sensitive"), nil, "sensitive"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := KeyFromValue(tt.in)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("want error containing %q, got %v", tt.wantErr, err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("got %v, %v", got, err)
			}
			if !got.Value().RawEquals(tt.in) {
				t.Errorf("Value() = %#v, want %#v", got.Value(), tt.in)
			}
		})
	}
}

func mustTarget(t *testing.T, s string) Target {
	t.Helper()
	tg, diags := ParseTarget(s)
	if diags.HasErrors() {
		t.Fatalf("ParseTarget(%q): %s", s, diags)
	}
	return tg
}

func TestModuleInstanceSteps(t *testing.T) {
	m := RootModuleInstance.Child("app", StringKey("eu")).Child("db", IntKey(0)).Child("x", NoKey)
	if m != `module.app["eu"].module.db[0].module.x` {
		t.Fatalf("Child built %q", m)
	}
	steps := m.Steps()
	if len(steps) != 3 || steps[0] != (ModuleInstanceStep{"app", StringKey("eu")}) || steps[1] != (ModuleInstanceStep{"db", IntKey(0)}) || steps[2] != (ModuleInstanceStep{"x", NoKey}) {
		t.Fatalf("Steps() = %#v", steps)
	}
	if got := m.Module(); got != "module.app.module.db.module.x" || got.Key() != "app.db.x" {
		t.Errorf("Module() = %q (key %q)", got, got.Key())
	}
	parent, last := m.Parent()
	if parent != `module.app["eu"].module.db[0]` || last.Name != "x" {
		t.Errorf("Parent() = %q, %v", parent, last)
	}
	odd := RootModuleInstance.Child("k", StringKey("a.b\"c\""))
	if s := odd.Steps(); len(s) != 1 || s[0].Key != StringKey("a.b\"c\"") {
		t.Errorf("keys with dots and quotes survive: %#v", s)
	}
	if got, diags := ParseModuleInstance(string(m)); diags.HasErrors() || got != m {
		t.Errorf("ParseModuleInstance round trip: %q %v", got, diags)
	}
	if _, diags := ParseModuleInstance("aws_s3_bucket.x"); !diags.HasErrors() {
		t.Errorf("a resource address is not a module instance")
	}
}

// TestParseDottedIsHCLs: the fast path returns what hcl's path returns,
// range included, and takes the forms a state's dependencies have.
func TestParseDottedIsHCLs(t *testing.T) {
	fast := []string{"a.b", "data.a.b", "module.m", "module.m.a.b", "module.m.module.n", "module.m.module.n.data.a.b",
		"a-b.c_d", "_a.b", "A1.b2", "null_resource.x-1", "true.false", "null.x", "data.data.data", "module.data.a.b",
		"module.module.a.b", "a.b9"}
	other := []string{"", "a", "a.b.c", "module", "data.a", "1a.b", "-a.b", "a..b", ".a", "a.", "a.b[0]", `a.b["k"]`,
		"module.m[0].a.b", "é.b", "a.b ", " a.b", "module.m.a", "data.a.b.c", "a.b.c.d.e.f.g.h.i.j", "a/b.c", "a.b\n"}
	for _, s := range fast {
		got, ok := parseDotted(s)
		if !ok {
			t.Errorf("%q: not taken by the fast path", s)
			continue
		}
		want, diags := parseTargetHCL(s)
		if diags.HasErrors() {
			t.Errorf("%q: the fast path takes what hcl refuses: %s", s, diags.Error())
			continue
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%q: fast path %#v, hcl %#v", s, got, want)
		}
	}
	for _, s := range other {
		if got, ok := parseDotted(s); ok {
			want, diags := parseTargetHCL(s)
			if diags.HasErrors() || !reflect.DeepEqual(got, want) {
				t.Errorf("%q: fast path %#v, hcl %#v %s", s, got, want, diags.Error())
			}
		}
	}
}

func BenchmarkParseTargetDependency(b *testing.B) {
	for b.Loop() {
		if _, diags := ParseTarget("module.app.null_resource.chain_41"); diags.HasErrors() {
			b.Fatal(diags)
		}
	}
}
