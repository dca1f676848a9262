package eval

import (
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/engine/config"
)

func ignoreObj(name string, tags map[string]string) cty.Value {
	tv := cty.NullVal(cty.Map(cty.String))
	if tags != nil {
		m := map[string]cty.Value{}
		for k, v := range tags {
			m[k] = cty.StringVal(v)
		}
		tv = cty.MapValEmpty(cty.String)
		if len(m) > 0 {
			tv = cty.MapVal(m)
		}
	}
	return cty.ObjectVal(map[string]cty.Value{"name": cty.StringVal(name), "tags": tv})
}

func TestIgnoreChanges(t *testing.T) {
	prior := ignoreObj("old", map[string]string{"team": "core", "owner": "ana"})
	for _, tc := range []struct {
		name   string
		ignore []string
		all    bool
		cfg    cty.Value
		want   cty.Value
	}{
		{"no paths leave configuration as it is", nil, false,
			ignoreObj("new", map[string]string{"team": "x"}), ignoreObj("new", map[string]string{"team": "x"})},
		{"an attribute takes its prior value", []string{"name"}, false,
			ignoreObj("new", map[string]string{"team": "x"}), ignoreObj("old", map[string]string{"team": "x"})},
		{"all takes every prior value", nil, true,
			ignoreObj("new", nil), prior},
		{"a map key takes its prior value", []string{`tags["owner"]`}, false,
			ignoreObj("new", map[string]string{"team": "x", "owner": "bob"}), ignoreObj("new", map[string]string{"team": "x", "owner": "ana"})},
		{"a map key removed from configuration is kept", []string{`tags["owner"]`}, false,
			ignoreObj("old", map[string]string{"team": "core"}), prior},
		{"a map key prior lacks is dropped", []string{`tags["extra"]`}, false,
			ignoreObj("old", map[string]string{"team": "core", "owner": "ana", "extra": "1"}), prior},
		{"a map key of a null configured map is kept", []string{`tags["owner"]`}, false,
			ignoreObj("old", nil), ignoreObj("old", map[string]string{"owner": "ana"})},
		{"a whole map takes its prior value", []string{"tags"}, false,
			ignoreObj("old", nil), prior},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := &config.ManagedResource{IgnoreAllChanges: tc.all}
			for _, s := range tc.ignore {
				tr, diags := hclsyntax.ParseTraversalAbs([]byte(s), "", hcl.InitialPos)
				if diags.HasErrors() {
					t.Fatal(diags)
				}
				m.IgnoreChanges = append(m.IgnoreChanges, tr)
			}
			if got := IgnoreChanges(tc.cfg, prior, m); !got.RawEquals(tc.want) {
				t.Errorf("got %#v\nwant %#v", got, tc.want)
			}
		})
	}
}
