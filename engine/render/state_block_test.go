package render

import (
	"strings"
	"testing"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/schema"
)

func TestStateObjectRendersBlocksAsTerraformShowDoes(t *testing.T) {
	inner := schema.Block{Attributes: map[string]*schema.Attribute{"port": {Type: cty.Number, Optional: true}}}
	block := &schema.Block{
		Attributes: map[string]*schema.Attribute{
			"id":     {Type: cty.String, Computed: true},
			"note":   {Type: cty.String, Optional: true},
			"secret": {Type: cty.String, Optional: true, Sensitive: true},
		},
		BlockTypes: map[string]*schema.NestedBlock{
			"listener": {Nesting: schema.NestingMap, Block: inner},
			"rule":     {Nesting: schema.NestingList, Block: inner},
			"timeouts": {Nesting: schema.NestingSingle, Block: inner},
		},
	}
	obj := func(port cty.Value) cty.Value { return cty.ObjectVal(map[string]cty.Value{"port": port}) }
	ety := cty.Object(map[string]cty.Type{"port": cty.Number})
	for _, tc := range []struct {
		name string
		val  cty.Value
		want string
	}{{
		name: "null attributes are left out, blocks follow a blank line, map blocks are labelled",
		val: cty.ObjectVal(map[string]cty.Value{
			"id": cty.StringVal("x"), "note": cty.NullVal(cty.String), "secret": cty.StringVal("hunter2").Mark(sensitiveMark),
			"listener": cty.MapVal(map[string]cty.Value{"b": obj(cty.NumberIntVal(2)), "a": obj(cty.NullVal(cty.Number))}),
			"rule":     cty.ListVal([]cty.Value{obj(cty.NumberIntVal(80)), obj(cty.NumberIntVal(443))}),
			"timeouts": cty.NullVal(ety),
		}),
		want: `{
    id     = "x"
    secret = (sensitive value)

    listener "a" {}
    listener "b" {
        port = 2
    }

    rule {
        port = 80
    }
    rule {
        port = 443
    }
}`,
	}, {
		name: "an object with nothing set is {}",
		val: cty.ObjectVal(map[string]cty.Value{
			"id": cty.NullVal(cty.String), "note": cty.NullVal(cty.String), "secret": cty.NullVal(cty.String),
			"listener": cty.MapValEmpty(ety), "rule": cty.ListValEmpty(ety), "timeouts": cty.NullVal(ety),
		}),
		want: "{}",
	}, {
		name: "blocks without attributes have no blank line before them",
		val: cty.ObjectVal(map[string]cty.Value{
			"id": cty.NullVal(cty.String), "note": cty.NullVal(cty.String), "secret": cty.NullVal(cty.String),
			"listener": cty.MapValEmpty(ety), "rule": cty.ListValEmpty(ety), "timeouts": obj(cty.NumberIntVal(5)),
		}),
		want: "{\n    timeouts {\n        port = 5\n    }\n}",
	}} {
		t.Run(tc.name, func(t *testing.T) {
			if got := formatObject(tc.val, block, 0); got != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
			if strings.Contains(formatObject(tc.val, block, 0), "hunter2") {
				t.Error("a sensitive value is shown")
			}
		})
	}
}
