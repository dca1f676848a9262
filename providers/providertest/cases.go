package providertest

import (
	"testing"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/schema"
)

// TriggersCase is the case of a null-like resource type typ of p: one
// with a `triggers` map of strings whose change replaces the object, and
// nothing else to configure (null_resource, and the test plugins' fw_null
// and sdk_null). It is one case for built-in providers and plugins alike,
// so that both are held to the same contract by the same steps.
func TriggersCase(t testing.TB, p schema.Provider, typ string) Case {
	t.Helper()
	trig := func(v string) cty.Value {
		return ResourceConfig(t, p, typ, map[string]cty.Value{"triggers": cty.MapVal(map[string]cty.Value{"v": cty.StringVal(v)})})
	}
	var first cty.Value
	return Case{
		Name: typ + " replaced when triggers change",
		Type: typ,
		Steps: []Step{
			{Config: trig("1"), Check: func(t *testing.T, s cty.Value) { first = s.GetAttr("id") }},
			{Config: trig("2"), Replace: true, Check: func(t *testing.T, s cty.Value) {
				if s.GetAttr("id").RawEquals(first) {
					t.Errorf("the replacement kept id %s", first.GoString())
				}
			}},
			{Config: ResourceConfig(t, p, typ, nil), Replace: true},
		},
		StateOnly: true,
	}
}
