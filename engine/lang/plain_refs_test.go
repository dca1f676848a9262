package lang

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/dynblock"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/engine/config"
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

// resourceMetaSchema is what a resource block's remaining body hides, as
// config.decodeResource hid it with PartialContent before RemainBody.
var resourceMetaSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "count"}, {Name: "for_each"}, {Name: "provider"}, {Name: "depends_on"}},
	Blocks: []hcl.BlockHeaderSchema{
		{Type: "lifecycle"}, {Type: "connection"},
		{Type: "provisioner", LabelNames: []string{"type"}}, {Type: "_"},
	},
}

// hclRemainder is hcl's remainder of a resource body without its
// meta-arguments: what the walk read before RemainBody.
func hclRemainder(body hcl.Body) hcl.Body {
	_, remain, _ := body.PartialContent(resourceMetaSchema)
	return remain
}

// unconfigurableStrings lists checkUnconfigurable's diagnostics, and what
// PartialContent lists for them, sorted.
func unconfigurableStrings(body, walked hcl.Body, b *schema.Block) (got, want []string) {
	for _, d := range checkUnconfigurable(body, b) {
		got = append(got, d.Detail+" at "+d.Subject.String())
	}
	if bs := unconfigurableSchema(b); bs != nil {
		content, _, _ := walked.PartialContent(bs)
		for n, attr := range content.Attributes {
			want = append(want, unconfigurableDiag(n, attr.Range).Detail+" at "+attr.Range.String())
		}
	}
	slices.Sort(got)
	slices.Sort(want)
	return got, want
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
	syntax := whole.(*hclsyntax.Body)
	for mode, rb := range map[string]*config.RemainBody{
		"managed": config.HideMetaArguments(syntax, addrs.ManagedResourceMode),
		"data":    config.HideMetaArguments(syntax, addrs.DataResourceMode),
	} {
		got, ok := plainVariables(rb, b)
		if !ok {
			t.Fatalf("%s: a resource body without blocks was not read in place", mode)
		}
		// The walk over hcl's remainder, as before RemainBody, and over
		// the RemainBody itself (its PartialContent).
		for name, walked := range map[string]hcl.Body{"hcl's remainder": hclRemainder(whole), "RemainBody": rb} {
			want := dynblock.VariablesHCLDec(walked, DecoderSpec(b))
			if g, w := traversalStrings(got), traversalStrings(want); !slices.Equal(g, w) {
				t.Errorf("%s: got %q, want the walk's over %s %q", mode, g, name, w)
			}
			// The computed-only attributes given, as PartialContent lists them.
			if g, w := unconfigurableStrings(rb, walked, b); !slices.Equal(g, w) {
				t.Errorf("%s: unconfigurable %q, want %q over %s", mode, g, w, name)
			}
		}
		if len(got) != 4 {
			t.Errorf("%s: %d traversals, want 4 (var.prefix, local.suffix, null_resource.a.id, count.index): count is hidden", mode, len(got))
		}
		if ds := checkUnconfigurable(rb, b); len(ds) != 1 {
			t.Errorf("%s: with arn given: %d diagnostics, want 1", mode, len(ds))
		}
	}

	// Any other body takes the walk: a native body (which may be hcl's
	// remainder, hiding names nothing outside hcl can read), a body with
	// nested blocks, hidden or not, and other syntaxes.
	_, allHidden, _ := whole.PartialContent(&hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "name"}, {Name: "tags"}, {Name: "count"}, {Name: "other"}, {Name: "arn"}}})
	for name, body := range map[string]hcl.Body{"whole": whole, "hcl's remainder": hclRemainder(whole), "all hidden": allHidden} {
		if _, ok := plainVariables(body, b); ok {
			t.Errorf("%s: read in place", name)
		}
		refs, _ := ReferencesInBlock(body, b)
		want := dynblock.VariablesHCLDec(body, DecoderSpec(b))
		if len(refs) != len(want) {
			t.Errorf("%s: %d references, want the walk's %d", name, len(refs), len(want))
		}
		if g, w := unconfigurableStrings(body, body, b); !slices.Equal(g, w) {
			t.Errorf("%s: unconfigurable %q, want %q", name, g, w)
		}
	}
	withBlock := mustBody(t, "b.tf", "name = var.a\nlifecycle {\n  create_before_destroy = true\n}\n")
	for name, body := range map[string]hcl.Body{
		"block":        withBlock,
		"hidden block": config.HideMetaArguments(withBlock.(*hclsyntax.Body), addrs.ManagedResourceMode),
		"json":         mustBody(t, "c.tf.json", `{"name": "${var.a}"}`),
	} {
		if _, ok := plainVariables(body, b); ok {
			t.Errorf("%s: read in place", name)
		}
		refs, diags := ReferencesInBlock(body, b)
		if diags.HasErrors() || len(refs) != 1 {
			t.Errorf("%s: references %v, %v; want var.a", name, refs, diags)
		}
	}
}

// On every resource and data block of the repository's configurations,
// the references read in place from the RemainBody are the walk's over
// hcl's remainder, with every argument the body holds declared (count
// too, which must stay hidden).
func TestPlainVariablesOnEveryTestdataResource(t *testing.T) {
	var files []string
	for _, pattern := range []string{"../../testdata/*/*.tf", "../../testdata/*/*/*.tf", "../../testdata/*/*/*/*.tf", "../../testdata/*/*/*/*/*.tf", "../../examples/*/*.tf"} {
		m, _ := filepath.Glob(pattern)
		files = append(files, m...)
	}
	if len(files) < 20 {
		t.Fatalf("found %d .tf files", len(files))
	}
	resources, inPlace := 0, 0
	for _, path := range files {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		f, diags := hclsyntax.ParseConfig(src, path, hcl.InitialPos)
		if diags.HasErrors() {
			continue // the syntax-error fixture
		}
		for _, blk := range f.Body.(*hclsyntax.Body).Blocks {
			mode := addrs.ManagedResourceMode
			switch {
			case blk.Type == "data":
				mode = addrs.DataResourceMode
			case blk.Type != "resource":
				continue
			}
			resources++
			b := &schema.Block{Attributes: map[string]*schema.Attribute{"count": {Type: cty.Number, Optional: true}}}
			for name := range blk.Body.Attributes {
				b.Attributes[name] = &schema.Attribute{Type: cty.DynamicPseudoType, Optional: true}
			}
			rb := config.HideMetaArguments(blk.Body, mode)
			walked := hclRemainder(blk.Body)
			if mode == addrs.DataResourceMode {
				_, walked, _ = blk.Body.PartialContent(&hcl.BodySchema{
					Attributes: resourceMetaSchema.Attributes,
					Blocks:     []hcl.BlockHeaderSchema{{Type: "lifecycle"}, {Type: "_"}},
				})
			}
			want := traversalStrings(dynblock.VariablesHCLDec(walked, DecoderSpec(b)))
			got, ok := plainVariables(rb, b)
			if !ok {
				refs, _ := ReferencesInBlock(rb, b)
				if len(refs) != len(want) {
					t.Errorf("%s:%d: %d references walked, want %d", path, blk.TypeRange.Start.Line, len(refs), len(want))
				}
				continue
			}
			inPlace++
			if g := traversalStrings(got); !slices.Equal(g, want) {
				t.Errorf("%s:%d: in place %q, want the walk's %q", path, blk.TypeRange.Start.Line, g, want)
			}
		}
	}
	if resources < 20 || inPlace < 10 {
		t.Errorf("%d resources, %d read in place: too few to tell", resources, inPlace)
	}
	t.Logf("%d files, %d resources, %d read in place", len(files), resources, inPlace)
}
