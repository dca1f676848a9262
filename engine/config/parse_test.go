package config

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
)

// bigSource is a file of n resource blocks with the things a split must
// not cut: a heredoc holding lines "}" and "resource ...", a comment
// holding whole blocks, and CRLF line ends in part.
func bigSource(n int, tail string) string {
	var b strings.Builder
	for i := range n {
		switch i % 50 {
		case 7:
			fmt.Fprintf(&b, "resource \"null_resource\" \"r%d\" {\n  triggers = { doc = <<EOT\n{\n}\nresource \"x\" \"y\" {\n}\nEOT\n  }\n}\n", i)
		case 9:
			fmt.Fprintf(&b, "/*\nresource \"null_resource\" \"hidden%d\" {\n}\nresource \"null_resource\" \"hidden%db\" {\n}\n*/\n", i, i)
			fmt.Fprintf(&b, "resource \"null_resource\" \"r%d\" {\n}\n", i)
		case 11:
			fmt.Fprintf(&b, "resource \"null_resource\" \"r%d\" {\r\n  triggers = { n = \"%d\" }\r\n}\r\n", i, i)
		default:
			fmt.Fprintf(&b, "resource \"null_resource\" \"r%d\" {\n  triggers = { n = \"%d\", prev = null_resource.r%d.id }\n}\n", i, i, max(i-1, 0))
		}
	}
	return b.String() + tail
}

// loadWhole loads src as one piece, as hcl parses a file.
func loadWhole(t *testing.T, src string) (*Module, hcl.Diagnostics) {
	t.Helper()
	defer func(size int) { pieceSize = size }(pieceSize)
	pieceSize = len(src) + 1
	return LoadSources("", map[string][]byte{"main.tf": []byte(src)})
}

// A large file is parsed in pieces: the blocks, their bodies and every
// source range are those of the file parsed whole.
func TestLoadLargeFileInPieces(t *testing.T) {
	src := bigSource(3000, "")
	if len(src) < 3*pieceSize {
		t.Fatalf("source of %d bytes is not several pieces", len(src))
	}
	if files, diags := parseNative([]byte(src), "main.tf"); diags != nil || len(files) < 3 {
		t.Fatalf("%d pieces, %v", len(files), diags)
	}
	got, diags := LoadSources("", map[string][]byte{"main.tf": []byte(src)})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	want, _ := loadWhole(t, src)
	if len(got.ManagedResources) != 3000 || len(want.ManagedResources) != 3000 {
		t.Fatalf("%d resources in pieces, %d whole", len(got.ManagedResources), len(want.ManagedResources))
	}
	schema := &hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "triggers"}}}
	for key, w := range want.ManagedResources {
		g := got.ManagedResources[key]
		if g == nil || g.DeclRange != w.DeclRange || g.TypeRange() != w.TypeRange() {
			t.Fatalf("%s: %+v, want %+v", key, g, w)
		}
		gc, _ := g.Config.Content(schema)
		wc, _ := w.Config.Content(schema)
		ga, wa := gc.Attributes["triggers"], wc.Attributes["triggers"]
		if (ga == nil) != (wa == nil) || ga != nil && (ga.Range != wa.Range || ga.Expr.Range() != wa.Expr.Range()) {
			t.Fatalf("%s triggers: %v, want %v", key, ga, wa)
		}
	}
}

// An error anywhere, or top-level content hcl reports, gives the
// diagnostics of the file parsed whole.
func TestLoadLargeInvalidFileAsWhole(t *testing.T) {
	for _, tail := range []string{
		"resource \"null_resource\" \"bad\" {\n  triggers = {\n}\n",
		"bogus = 1\n",
		"unknown \"x\" {\n}\n",
		"resource \"null_resource\" \"r5\" {\n}\n", // a duplicate
	} {
		src := bigSource(2000, tail)
		_, got := LoadSources("", map[string][]byte{"main.tf": []byte(src)})
		_, want := loadWhole(t, src)
		if !got.HasErrors() || got.Error() != want.Error() {
			t.Errorf("tail %q: %v\nwant %v", tail, got, want)
		}
	}
}
