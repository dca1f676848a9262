package render

import (
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/engine/plans"
	"github.com/trueup/trueup/schema"
)

// TestListOfPrimitivesIsDiffedElementByElement checks a typed list's (and
// set's)
// update as Terraform's list renderer writes it (the same renderer as for
// the JSON arrays recorded in testdata/e2e/plan-text-dynamic and
// plan-text-strings): paired by position when only elements changed,
// else along the longest common subsequence, unchanged elements counted
// but the one on each side of a change.
func TestListOfPrimitivesIsDiffedElementByElement(t *testing.T) {
	strs := func(ss ...string) cty.Value {
		var vs []cty.Value
		for _, s := range ss {
			vs = append(vs, cty.StringVal(s))
		}
		return cty.ListVal(vs)
	}
	nums := func(ns ...int64) cty.Value {
		var vs []cty.Value
		for _, n := range ns {
			vs = append(vs, cty.NumberIntVal(n))
		}
		return cty.ListVal(vs)
	}
	for _, tc := range []struct {
		name          string
		before, after cty.Value
		want          string
	}{{
		name:   "same length, elements changed",
		before: strs("a", "b", "c", "d"),
		after:  strs("a", "c", "d", "e"),
		want: `      ~ list = [
            "a",
          ~ "b" -> "c",
          ~ "c" -> "d",
          ~ "d" -> "e",
        ]
`,
	}, {
		name:   "one replaced, one added",
		before: nums(1, 2, 3, 4, 5, 6, 7),
		after:  nums(1, 2, 3, 9, 5, 6, 7, 8),
		want: `      ~ list = [
            # (2 unchanged elements hidden)
            3,
          - 4,
          + 9,
            5,
            # (1 unchanged element hidden)
            7,
          + 8,
        ]
`,
	}, {
		name:   "a JSON element",
		before: strs("x", `{"a":1}`),
		after:  strs("x", `{"a":2}`),
		want: `      ~ list = [
            "x",
          ~ jsonencode(
              ~ {
                  ~ a = 1 -> 2
                }
            ),
        ]
`,
	}, {
		// Terraform's set renderer: the elements only one side has, the
		// others counted.
		name:   "a set",
		before: cty.SetVal([]cty.Value{cty.StringVal("sg-1"), cty.StringVal("sg-2"), cty.StringVal("sg-3")}),
		after:  cty.SetVal([]cty.Value{cty.StringVal("sg-2"), cty.StringVal("sg-3"), cty.StringVal("sg-4")}),
		want: `      ~ list = [
          - "sg-1",
          + "sg-4",
            # (2 unchanged elements hidden)
        ]
`,
	}} {
		t.Run(tc.name, func(t *testing.T) {
			block := &schema.Block{Attributes: map[string]*schema.Attribute{
				"id":   {Type: cty.String, Computed: true},
				"list": {Type: tc.before.Type(), Optional: true},
			}}
			obj := func(list cty.Value) cty.Value {
				return cty.ObjectVal(map[string]cty.Value{"id": cty.StringVal("i-1"), "list": list})
			}
			rc := &plans.ResourceChange{
				Addr:   addrs.Resource{Mode: addrs.ManagedResourceMode, Type: "x_thing", Name: "t"}.Instance(addrs.NoKey),
				Action: plans.Update, Before: obj(tc.before), After: obj(tc.after),
			}
			var b strings.Builder
			Change(&b, rc, NoColor, block)
			got := b.String()
			got = got[strings.Index(got, "      ~ list"):]
			got = strings.TrimSuffix(got, "    }\n")
			if got != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
}

// TestValidIdentifierAgreesWithHCL checks the fast identifier test
// against hclsyntax.ValidIdentifier.
func TestValidIdentifierAgreesWithHCL(t *testing.T) {
	for _, name := range []string{"a", "_a", "a-b", "a_1", "A9", "", "1a", "-a", "a b", "a.b", "\"a\"", "with space", "é", "aé", "a-", "__", "a\n"} {
		if got, want := validIdentifier(name), hclsyntax.ValidIdentifier(name); got != want {
			t.Errorf("validIdentifier(%q) = %v, hclsyntax says %v", name, got, want)
		}
	}
}
