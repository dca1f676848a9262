package lang

import (
	"slices"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/dynblock"
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/schema"
)

// traversalStrings returns the traversals as source text, sorted: the walk
// lists them in a map's order.
func traversalStrings(ts []hcl.Traversal) []string {
	var out []string
	for _, t := range ts {
		s := t.RootName()
		for _, step := range t[1:] {
			if a, ok := step.(hcl.TraverseAttr); ok {
				s += "." + a.Name
			} else {
				s += "[]"
			}
		}
		out = append(out, s)
	}
	slices.Sort(out)
	return out
}

func TestPlainVariablesFindWhatTheWalkFinds(t *testing.T) {
	b := &schema.Block{Attributes: map[string]*schema.Attribute{
		"name":  {Type: cty.String, Required: true},
		"tags":  {Type: cty.Map(cty.String), Optional: true},
		"count": {Type: cty.Number, Optional: true}, // hidden below, as a meta-argument is
		"arn":   {Type: cty.String, Computed: true},
	}}
	src := `
name  = "${var.prefix}-${local.suffix}"
tags  = { owner = null_resource.a.id, n = count.index }
count = length(var.names)
other = data.x.y.id
arn   = "set by mistake"
`
	whole := mustBody(t, "a.tf", src)
	// A resource body without its meta-arguments, as config.decodeResource
	// makes it: count is hidden.
	_, remain, _ := whole.PartialContent(&hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "count"}}})
	// A body whose attributes were all read, as an outer decoder leaves it.
	_, allHidden, _ := whole.PartialContent(&hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "name"}, {Name: "tags"}, {Name: "count"}, {Name: "other"}, {Name: "arn"}}})

	for name, body := range map[string]hcl.Body{"whole": whole, "meta-arguments hidden": remain, "all hidden": allHidden} {
		got, ok := plainVariables(body, b)
		if !ok {
			t.Fatalf("%s: a native body without blocks was not read in place", name)
		}
		want := dynblock.VariablesHCLDec(body, DecoderSpec(b))
		if g, w := traversalStrings(got), traversalStrings(want); !slices.Equal(g, w) {
			t.Errorf("%s: got %q, want the walk's %q", name, g, w)
		}

		// The computed-only attributes given, as PartialContent lists them.
		var gotDiags, wantDiags []string
		for _, d := range checkUnconfigurable(body, b) {
			gotDiags = append(gotDiags, d.Detail+" at "+d.Subject.String())
		}
		content, _, _ := body.PartialContent(unconfigurableSchema(b))
		for n, attr := range content.Attributes {
			wantDiags = append(wantDiags, unconfigurableDiag(n, attr.Range).Detail+" at "+attr.Range.String())
		}
		slices.Sort(gotDiags)
		slices.Sort(wantDiags)
		if !slices.Equal(gotDiags, wantDiags) {
			t.Errorf("%s: unconfigurable %q, want %q", name, gotDiags, wantDiags)
		}
	}
	if ds := checkUnconfigurable(remain, b); len(ds) != 1 {
		t.Errorf("with arn given: %d diagnostics, want 1", len(ds))
	}
	if got, _ := plainVariables(remain, b); len(got) != 4 {
		t.Errorf("with count hidden: %d traversals, want 4 (var.prefix, local.suffix, null_resource.a.id, count.index)", len(got))
	}

	// Nested blocks, hidden or not, and other syntaxes take the walk.
	withBlock := mustBody(t, "b.tf", "name = var.a\nlifecycle {\n  create_before_destroy = true\n}\n")
	_, withHiddenBlock, _ := withBlock.PartialContent(&hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{{Type: "lifecycle"}}})
	for name, body := range map[string]hcl.Body{"block": withBlock, "hidden block": withHiddenBlock, "json": mustBody(t, "c.tf.json", `{"name": "${var.a}"}`)} {
		if _, ok := plainVariables(body, b); ok {
			t.Errorf("%s: read in place", name)
		}
		refs, diags := ReferencesInBlock(body, b)
		if diags.HasErrors() || len(refs) != 1 {
			t.Errorf("%s: references %v, %v; want var.a", name, refs, diags)
		}
	}
}
