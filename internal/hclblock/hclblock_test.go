package hclblock

import (
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

type rawThing struct {
	Size      int       `hcl:"size"`
	SizeRange hcl.Range `hcl:"size,attr_value_range"`
}

func parseBlocks(t *testing.T, src string) []*hcl.Block {
	t.Helper()
	f, diags := hclsyntax.ParseConfig([]byte(src), "things.hcl", hcl.InitialPos)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	content, diags := f.Body.Content(&hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{{Type: "thing", LabelNames: []string{"name"}}}})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	return content.Blocks
}

// TestDecodeAndBlockErrorsPointAtTheSource: a block decodes into its raw
// struct with the ranges of its attributes; a second declaration of a
// name and a second block of a kind there may be one of are errors at
// the label and at the block.
func TestDecodeAndBlockErrorsPointAtTheSource(t *testing.T) {
	blocks := parseBlocks(t, "thing \"a\" {\n  size = 3\n}\n\nthing \"a\" {\n  size = \"x\"\n}\n")
	raw, diags := Decode[rawThing](blocks[0])
	if diags.HasErrors() || raw.Size != 3 || raw.SizeRange.Start.Line != 2 || raw.SizeRange.Start.Column != 10 {
		t.Errorf("Decode = %+v, %v", raw, diags)
	}
	if _, diags := Decode[rawThing](blocks[1]); !diags.HasErrors() || diags[0].Subject.Start.Line != 6 {
		t.Errorf("Decode of a string size: %v, want an error on line 6", diags)
	}

	d := Redeclared("thing", "a", blocks[1].LabelRanges[0], blocks[0].DefRange)
	if d.Summary != "Duplicate thing" || d.Detail != `The thing "a" is already declared at things.hcl:1,1-10.` || d.Subject.Start.Line != 5 || d.Subject.Start.Column != 7 {
		t.Errorf("Redeclared = %q %q at %v", d.Summary, d.Detail, d.Subject)
	}

	diags = ExtraBlocks(blocks, "thing", func(b *hcl.Block) hcl.Range { return b.DefRange })
	if len(diags) != 1 || diags[0].Summary != "Duplicate thing block" || diags[0].Detail != "Only one thing block is allowed." || diags[0].Subject.Start.Line != 5 {
		t.Errorf("ExtraBlocks = %v", diags)
	}
	if diags := ExtraBlocks(blocks[:1], "thing", func(b *hcl.Block) hcl.Range { return b.DefRange }); diags != nil {
		t.Errorf("ExtraBlocks of one block = %v", diags)
	}
}
