package funcs

import (
	"slices"
	"strings"
	"testing"

	"github.com/zclconf/go-cty/cty"
)

// documented lists the functions the configuration language promises.
const documented = `abs ceil chomp chunklist coalescelist compact concat distinct element flatten floor format
formatdate formatlist indent join keys length log lower max merge min parseint pow range regex regexall
replace reverse setintersection setproduct setsubtract setunion signum slice sort split strrev substr
timeadd title trim trimprefix trimsuffix trimspace upper values zipmap file fileexists fileset filebase64
templatefile jsonencode jsondecode yamlencode yamldecode csvdecode cidrsubnet cidrhost cidrnetmask
cidrsubnets lookup contains one sum alltrue anytrue index transpose matchkeys coalesce try can tostring
tonumber tobool toset tolist tomap sha1 sha256 sha512 md5 base64encode base64decode base64gzip
base64sha256 base64sha512 urlencode uuid uuidv5 timestamp plantimestamp abspath dirname basename
pathexpand startswith endswith strcontains sensitive nonsensitive issensitive textencodebase64
textdecodebase64 bcrypt filemd5 filesha1 filesha256 filesha512 filebase64sha256 filebase64sha512 timecmp`

func TestTableHasEveryDocumentedFunction(t *testing.T) {
	for _, pureOnly := range []bool{false, true} {
		table := Table(t.TempDir(), pureOnly)
		for _, name := range strings.Fields(documented) {
			if _, ok := table[name]; !ok {
				t.Errorf("Table(pureOnly=%v) lacks %s", pureOnly, name)
			}
		}
	}
}

func TestTableIsFreshOnEachCall(t *testing.T) {
	a := Table(t.TempDir(), false)
	delete(a, "upper")
	if _, ok := Table(t.TempDir(), false)["upper"]; !ok {
		t.Fatal("changing one table changed the next")
	}
}

func TestUnknownArgumentsGiveUnknownResults(t *testing.T) {
	vars := map[string]cty.Value{
		"s": cty.UnknownVal(cty.String),
		"l": cty.UnknownVal(cty.List(cty.String)),
		"o": cty.ObjectVal(map[string]cty.Value{"id": cty.UnknownVal(cty.String), "n": cty.StringVal("x")}),
	}
	funcs := Table(t.TempDir(), false)
	tests := []struct {
		name string
		expr string
		ty   cty.Type
	}{
		{"upper of unknown", `upper(s)`, cty.String},
		{"sha256 of unknown", `sha256(s)`, cty.String},
		{"length of an unknown list", `length(l)`, cty.Number},
		{"jsonencode of an object with an unknown attribute", `jsonencode(o)`, cty.String},
		{"cidrsubnet of an unknown prefix", `cidrsubnet(s, 8, 1)`, cty.String},
		{"tonumber of unknown", `tonumber(s)`, cty.Number},
		{"file of an unknown path", `file(s)`, cty.String},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, diags := eval(t, funcs, vars, tt.expr)
			if diags.HasErrors() {
				t.Fatal(diags)
			}
			if got.IsKnown() || !got.Type().Equals(tt.ty) {
				t.Fatalf("%s = %#v, want unknown %s", tt.expr, got, tt.ty.FriendlyName())
			}
		})
	}
	// Refinements survive the sensitive-value guard: length is never null.
	got, _ := eval(t, funcs, vars, `length(l) == null`)
	if !got.RawEquals(cty.False) {
		t.Errorf("length(unknown) == null is %#v, want false (refined not null)", got)
	}
	if got, _ := eval(t, funcs, vars, `lookup(o, "n")`); !got.RawEquals(cty.StringVal("x")) {
		t.Errorf("lookup of a known attribute beside an unknown one = %#v", got)
	}
}

func TestImpureListIsInTable(t *testing.T) {
	table := Table(t.TempDir(), true)
	for _, name := range impure {
		if _, ok := table[name]; !ok || !slices.Contains(strings.Fields(documented), name) {
			t.Errorf("impure function %s is not a documented table entry", name)
		}
	}
}
