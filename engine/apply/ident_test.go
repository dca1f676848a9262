package apply

import (
	"testing"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/engine/lang"
)

// TestObjectIdentNamesObjectsAsTerraformWithoutSecrets checks the "[id=X]"
// of progress lines: the id, else (before an action) the name or the
// tags' Name, and never a sensitive value.
func TestObjectIdentNamesObjectsAsTerraformWithoutSecrets(t *testing.T) {
	obj := func(attrs map[string]cty.Value) cty.Value { return cty.ObjectVal(attrs) }
	tags := cty.MapVal(map[string]cty.Value{"Name": cty.StringVal("web")})
	for _, tc := range []struct {
		name   string
		v      cty.Value
		orName bool
		want   string
	}{
		{"id", obj(map[string]cty.Value{"id": cty.StringVal("i-1"), "name": cty.StringVal("n")}), true, "id=i-1"},
		{"name when no id", obj(map[string]cty.Value{"id": cty.NullVal(cty.String), "name": cty.StringVal("n")}), true, "name=n"},
		{"no name after the action", obj(map[string]cty.Value{"id": cty.StringVal(""), "name": cty.StringVal("n")}), false, ""},
		{"tags.Name", obj(map[string]cty.Value{"tags": tags}), true, "tags.Name=web"},
		{"sensitive id", obj(map[string]cty.Value{"id": cty.StringVal("hunter2").Mark(lang.Sensitive)}), true, ""},
		{"sensitive object", obj(map[string]cty.Value{"id": cty.StringVal("hunter2")}).Mark(lang.Sensitive), true, ""},
		{"unknown id", obj(map[string]cty.Value{"id": cty.UnknownVal(cty.String)}), true, ""},
		{"null object", cty.NullVal(cty.Object(map[string]cty.Type{"id": cty.String})), true, ""},
	} {
		if got := objectIdent(tc.v, tc.orName); got != tc.want {
			t.Errorf("%s: objectIdent = %q, want %q", tc.name, got, tc.want)
		}
	}
}
