package render

import (
	"strings"
	"testing"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/engine/plans"
	"github.com/trueup/trueup/schema"
)

// planBlockSchema has one nested block type of each nesting mode.
func planBlockSchema() *schema.Block {
	inner := schema.Block{Attributes: map[string]*schema.Attribute{
		"port":  {Type: cty.Number, Optional: true},
		"token": {Type: cty.String, Optional: true, Sensitive: true},
	}}
	return &schema.Block{
		Attributes: map[string]*schema.Attribute{
			"id":   {Type: cty.String, Computed: true},
			"note": {Type: cty.String, Optional: true},
		},
		BlockTypes: map[string]*schema.NestedBlock{
			"listener":   {Nesting: schema.NestingMap, Block: inner},
			"rule":       {Nesting: schema.NestingList, Block: inner},
			"member":     {Nesting: schema.NestingSet, Block: inner},
			"versioning": {Nesting: schema.NestingSingle, Block: inner},
		},
	}
}

var taggedSchema = &schema.Block{Attributes: map[string]*schema.Attribute{
	"id":   {Type: cty.String, Computed: true},
	"tags": {Type: cty.Map(cty.String), Optional: true},
}}

var planBlockInner = cty.Object(map[string]cty.Type{"port": cty.Number, "token": cty.String})

func blk(port int64) cty.Value {
	return cty.ObjectVal(map[string]cty.Value{"port": cty.NumberIntVal(port), "token": cty.NullVal(cty.String)})
}

// planBlockObject builds an object of planBlockSchema; nil blocks are null
// or empty.
func planBlockObject(note string, versioning cty.Value, rules, members []cty.Value, listeners map[string]cty.Value) cty.Value {
	list := func(vs []cty.Value) cty.Value {
		if len(vs) == 0 {
			return cty.ListValEmpty(planBlockInner)
		}
		return cty.ListVal(vs)
	}
	set := cty.SetValEmpty(planBlockInner)
	if len(members) > 0 {
		set = cty.SetVal(members)
	}
	lmap := cty.MapValEmpty(planBlockInner)
	if len(listeners) > 0 {
		lmap = cty.MapVal(listeners)
	}
	if versioning == cty.NilVal {
		versioning = cty.NullVal(planBlockInner)
	}
	return cty.ObjectVal(map[string]cty.Value{
		"id": cty.StringVal("i-1"), "note": cty.StringVal(note),
		"versioning": versioning, "rule": list(rules), "member": set, "listener": lmap,
	})
}

func TestPlanRendersNestedBlocksAsTerraformDoes(t *testing.T) {
	secret := cty.ObjectVal(map[string]cty.Value{"port": cty.NumberIntVal(1), "token": cty.StringVal("hunter2").Mark(sensitiveMark)})
	secret2 := cty.ObjectVal(map[string]cty.Value{"port": cty.NumberIntVal(1), "token": cty.StringVal("hunter3").Mark(sensitiveMark)})
	for _, tc := range []struct {
		name          string
		action        plans.Action
		before, after cty.Value
		replace       []cty.Path
		block         *schema.Block // planBlockSchema when nil
		want          string
	}{{
		name:   "a created object's blocks are created blocks, empty strings left out",
		action: plans.Create,
		before: cty.NullVal(planBlockObject("", cty.NilVal, nil, nil, nil).Type()),
		after:  planBlockObject("", blk(1), []cty.Value{blk(80)}, nil, map[string]cty.Value{"a": blk(8)}),
		want: `      + id = "i-1"

      + listener "a" {
          + port = 8
        }

      + rule {
          + port = 80
        }

      + versioning {
          + port = 1
        }
`,
	}, {
		name:   "a changed block is updated in place, unchanged ones counted",
		action: plans.Update,
		before: planBlockObject("n", blk(1), []cty.Value{blk(80), blk(53)}, []cty.Value{blk(5)}, nil),
		after:  planBlockObject("n", blk(2), []cty.Value{blk(8080), blk(53)}, []cty.Value{blk(5)}, nil),
		want: `        id   = "i-1"
        # (1 unchanged attribute hidden)

      ~ rule {
          ~ port = 80 -> 8080
        }

      ~ versioning {
          ~ port = 1 -> 2
        }

        # (2 unchanged blocks hidden)
`,
	}, {
		name:   "a changed tags map shows its unchanged entries too",
		action: plans.Update,
		before: tagged(map[string]string{"env": "prod", "team": "a"}),
		after:  tagged(map[string]string{"env": "prod", "team": "b"}),
		block:  taggedSchema,
		want: `        id   = "i-1"
      ~ tags = {
            "env"  = "prod"
          ~ "team" = "a" -> "b"
        }
`,
	}, {
		name:   "set elements are removed and added, a removed value ends in -> null",
		action: plans.Update,
		before: planBlockObject("n", cty.NilVal, nil, []cty.Value{blk(5), blk(6)}, nil),
		after:  planBlockObject("n", cty.NilVal, nil, []cty.Value{blk(5), blk(7)}, nil),
		want: `        id   = "i-1"
        # (1 unchanged attribute hidden)

      - member {
          - port = 6 -> null
        }
      + member {
          + port = 7
        }

        # (1 unchanged block hidden)
`,
	}, {
		name:    "a block that forces replacement says so, sensitive values are masked",
		action:  plans.DeleteThenCreate,
		before:  planBlockObject("n", secret, nil, nil, nil),
		after:   planBlockObject("n", secret2, nil, nil, nil),
		replace: []cty.Path{cty.GetAttrPath("versioning")},
		want: `        id   = "i-1"
        # (1 unchanged attribute hidden)

      ~ versioning { # forces replacement
          ~ token = (sensitive value)
            # (1 unchanged attribute hidden)
        }
`,
	}, {
		// As Terraform 1.11 writes a destroyed object (recorded in
		// cmd/trueup/testdata/plugin-compat/plantext.json, "destroy").
		name:   "a destroyed object's values and blocks end in -> null",
		action: plans.Delete,
		before: planBlockObject("n", cty.NilVal, []cty.Value{blk(80)}, nil, nil),
		after:  cty.NullVal(planBlockObject("", cty.NilVal, nil, nil, nil).Type()),
		want: `      - id   = "i-1" -> null
      - note = "n" -> null

      - rule {
          - port = 80 -> null
        }
`,
	}} {
		t.Run(tc.name, func(t *testing.T) {
			rc := &plans.ResourceChange{
				Addr:   addrs.Resource{Mode: addrs.ManagedResourceMode, Type: "x_thing", Name: "t"}.Instance(addrs.NoKey),
				Action: tc.action, Before: tc.before, After: tc.after, RequiredReplace: tc.replace,
			}
			var b strings.Builder
			block := tc.block
			if block == nil {
				block = planBlockSchema()
			}
			Change(&b, rc, NoColor, block)
			got := b.String()
			if i := strings.Index(got, "{\n"); i >= 0 {
				got = strings.TrimSuffix(got[i+2:], "    }\n")
			}
			if got != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
			if strings.Contains(b.String(), "hunter") {
				t.Error("a sensitive value is shown")
			}
		})
	}
}

// tagged is an object of a block with an id and a tags map.
func tagged(tags map[string]string) cty.Value {
	m := map[string]cty.Value{}
	for k, v := range tags {
		m[k] = cty.StringVal(v)
	}
	return cty.ObjectVal(map[string]cty.Value{"id": cty.StringVal("i-1"), "tags": cty.MapVal(m)})
}
