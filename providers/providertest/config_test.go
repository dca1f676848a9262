package providertest

import (
	"testing"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/schema"
)

func TestConfig(t *testing.T) {
	block := &schema.Block{
		Attributes: map[string]*schema.Attribute{
			"name": {Type: cty.String, Required: true},
			"tags": {Type: cty.Map(cty.String), Optional: true},
			"id":   {Type: cty.String, Computed: true},
		},
		BlockTypes: map[string]*schema.NestedBlock{
			"rule":   {Nesting: schema.NestingList, Block: schema.Block{Attributes: map[string]*schema.Attribute{"x": {Type: cty.Number, Optional: true}}}},
			"single": {Nesting: schema.NestingSingle, Block: schema.Block{}},
		},
	}
	got := Config(block, map[string]cty.Value{
		"name": cty.StringVal("n"),
		"tags": cty.ObjectVal(map[string]cty.Value{"a": cty.StringVal("b")}),
	})
	tests := []struct {
		name string
		attr string
		want cty.Value
	}{
		{name: "given value is kept", attr: "name", want: cty.StringVal("n")},
		{name: "object is converted to the map type", attr: "tags", want: cty.MapVal(map[string]cty.Value{"a": cty.StringVal("b")})},
		{name: "missing attribute is null", attr: "id", want: cty.NullVal(cty.String)},
		{name: "missing list block is empty", attr: "rule", want: cty.ListValEmpty(block.BlockTypes["rule"].Block.ImpliedType())},
		{name: "missing single block is null", attr: "single", want: cty.NullVal(cty.EmptyObject)},
	}
	if !got.Type().Equals(block.ImpliedType()) {
		t.Fatalf("type %s, want %s", got.Type().FriendlyName(), block.ImpliedType().FriendlyName())
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if v := got.GetAttr(tt.attr); !v.RawEquals(tt.want) {
				t.Errorf("%s = %#v, want %#v", tt.attr, v, tt.want)
			}
		})
	}
}

func TestConfigPanicsOnUnknownName(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("Config accepted an attribute the schema does not have")
		}
	}()
	Config(&schema.Block{}, map[string]cty.Value{"nope": cty.True})
}

func TestMatchesPlanned(t *testing.T) {
	obj := func(a, b cty.Value) cty.Value { return cty.ObjectVal(map[string]cty.Value{"a": a, "b": b}) }
	tests := []struct {
		name    string
		planned cty.Value
		actual  cty.Value
		want    int
	}{
		{name: "unknown planned value accepts anything", planned: obj(cty.StringVal("x"), cty.UnknownVal(cty.String)),
			actual: obj(cty.StringVal("x"), cty.StringVal("y")), want: 0},
		{name: "changed known value is reported", planned: obj(cty.StringVal("x"), cty.UnknownVal(cty.String)),
			actual: obj(cty.StringVal("z"), cty.StringVal("y")), want: 1},
		{name: "null planned value must stay null", planned: obj(cty.NullVal(cty.String), cty.UnknownVal(cty.String)),
			actual: obj(cty.StringVal("z"), cty.StringVal("y")), want: 1},
		{name: "list with an unknown element compares the others",
			planned: cty.ListVal([]cty.Value{cty.StringVal("a"), cty.UnknownVal(cty.String)}),
			actual:  cty.ListVal([]cty.Value{cty.StringVal("b"), cty.StringVal("c")}), want: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := matchesPlanned(tt.planned, tt.actual, nil); len(got) != tt.want {
				t.Errorf("differences %v, want %d", got, tt.want)
			}
		})
	}
}

func TestFormatRedactsSensitive(t *testing.T) {
	block := &schema.Block{Attributes: map[string]*schema.Attribute{
		"password": {Type: cty.String, Computed: true, Sensitive: true},
		"user":     {Type: cty.String, Optional: true},
	}}
	got := format(block, cty.ObjectVal(map[string]cty.Value{"password": cty.StringVal("hunter2"), "user": cty.StringVal("bob")}))
	if want := `{password = (sensitive), user = cty.StringVal("bob")}`; got != want {
		t.Errorf("format = %s, want %s", got, want)
	}
}
