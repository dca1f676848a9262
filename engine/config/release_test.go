package config

import (
	"bytes"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
)

const releaseSrc = `resource "null_resource" "a" {
  triggers = { n = "1" }
}

resource "null_resource" "b" {
  count    = 2
  triggers = { n = "2" }
}
`

// A released body reports an internal error naming its resource on every
// use, instead of reading as an empty body; what the walk still needs
// (count, the declaration) stays.
func TestReleasedBodyFailsLoudly(t *testing.T) {
	mod := mustLoadFiles(t, map[string]string{"main.tf": releaseSrc})
	b := mod.ManagedResources["null_resource.b"]
	schema := &hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "triggers"}}}
	before, diags := b.Config.Content(schema)
	if diags.HasErrors() || before.Attributes["triggers"] == nil {
		t.Fatalf("before release: %v %v", before, diags)
	}
	b.ReleaseBody()
	b.ReleaseBody() // twice is harmless
	if !b.IsBodyReleased() || mod.ManagedResources["null_resource.a"].IsBodyReleased() {
		t.Fatal("only null_resource.b should be released")
	}
	if b.Count == nil {
		t.Error("count was dropped with the body")
	}
	if b.remain.Syntax != nil {
		t.Error("the released body is still held by the resource")
	}
	_, diags = b.Config.Content(schema)
	_, _, pdiags := b.Config.PartialContent(schema)
	_, jdiags := b.Config.JustAttributes()
	for _, ds := range []hcl.Diagnostics{diags, pdiags, jdiags} {
		if !ds.HasErrors() || !strings.Contains(ds[0].Summary, "Internal error") || !strings.Contains(ds[0].Detail, "null_resource.b") {
			t.Fatalf("use after release: %v", ds)
		}
		if ds[0].Subject == nil || ds[0].Subject.Start.Line != 5 {
			t.Errorf("subject = %v, want the block at line 5", ds[0].Subject)
		}
	}
	// Body parses it again, meta-arguments hidden, at its place in the file.
	again, diags := b.Body().Content(schema)
	if diags.HasErrors() || again.Attributes["triggers"] == nil {
		t.Fatalf("Body after release: %v %v", again, diags)
	}
	if got, want := again.Attributes["triggers"].Expr.Range(), before.Attributes["triggers"].Expr.Range(); got != want {
		t.Errorf("parsed again at %v, want %v", got, want)
	}
	if !b.IsBodyReleased() {
		t.Error("Body kept the parsed body")
	}

	// The body parsed again hides the meta-arguments as the loaded one did.
	if rb, ok := b.Body().(*RemainBody); !ok || !rb.HidesAttribute("count") || rb.Syntax.Attributes["count"] == nil {
		t.Errorf("body parsed again %T hides no meta-argument", b.Body())
	}
}

// Once loaded, a native-syntax file keeps its bytes but not its parsed
// tree; a diagnostic still names the block it is in, as hcl prints it.
func TestLoadedFileKeepsSourceOnly(t *testing.T) {
	mod := mustLoadFiles(t, map[string]string{"main.tf": releaseSrc})
	var file *hcl.File
	for _, f := range mod.Files {
		file = f
	}
	if file == nil || file.Body != nil || string(file.Bytes) != releaseSrc {
		t.Fatalf("kept file = %+v", file)
	}
	b := mod.ManagedResources["null_resource.b"]
	b.ReleaseBody()
	_, diags := b.Config.JustAttributes()
	var out bytes.Buffer
	w := hcl.NewDiagnosticTextWriter(&out, map[string]*hcl.File{b.DeclRange.Filename: file}, 100, false)
	if err := w.WriteDiagnostics(diags); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), `in resource "null_resource" "b"`) || !strings.Contains(out.String(), `resource "null_resource" "b" {`) {
		t.Errorf("diagnostic:\n%s", out.String())
	}
}

// A released body parses again as it was parsed with its file: a
// single-line block's (whose body hcl ranges over its one argument), an
// empty one's, a block's with nested blocks; with the same ranges.
func TestReleasedBodyParsesAgainAsLoaded(t *testing.T) {
	mod := mustLoadFiles(t, map[string]string{"main.tf": `variable "n" {}
resource "terraform_data" "one" { input = "s3-${var.n}" }
resource "terraform_data" "empty" {}
resource "terraform_data" "nested" {
  count = 1
  input = "x"
  lifecycle {
    create_before_destroy = true
  }
}
`})
	for _, name := range []string{"one", "empty", "nested"} {
		r := mod.ManagedResources["terraform_data."+name]
		before := *r.Config.(*RemainBody).Syntax
		r.ReleaseBody()
		if !r.IsBodyReleased() {
			t.Fatalf("%s: not released", name)
		}
		rb, ok := r.Body().(*RemainBody)
		if !ok {
			t.Fatalf("%s: parsed again as %T", name, r.Body())
		}
		after := rb.Syntax
		if after.SrcRange != before.SrcRange || after.EndRange != before.EndRange || after.MissingItemRange() != before.MissingItemRange() {
			t.Errorf("%s: ranges %v %v, want %v %v", name, after.SrcRange, after.EndRange, before.SrcRange, before.EndRange)
		}
		if len(after.Attributes) != len(before.Attributes) || len(after.Blocks) != len(before.Blocks) {
			t.Errorf("%s: %d arguments and %d blocks, want %d and %d", name, len(after.Attributes), len(after.Blocks), len(before.Attributes), len(before.Blocks))
		}
		for n, a := range before.Attributes {
			if b := after.Attributes[n]; b == nil || b.SrcRange != a.SrcRange {
				t.Errorf("%s: argument %s at %v, want %v", name, n, b, a.SrcRange)
			}
		}
	}
}

// A resource merged from an override file is not the block at its place
// in the file: its body is kept, not released to be parsed from there.
func TestOverriddenResourceBodyIsKept(t *testing.T) {
	mod := mustLoadFiles(t, map[string]string{
		"main.tf":     "resource \"terraform_data\" \"a\" {\n  input = \"base\"\n}\n",
		"override.tf": "resource \"terraform_data\" \"a\" {\n  input = \"override\"\n}\n",
	})
	r := mod.ManagedResources["terraform_data.a"]
	r.ReleaseBody()
	if r.IsBodyReleased() {
		t.Fatal("the merged body was released")
	}
	attrs, _ := r.Body().JustAttributes()
	if v, _ := attrs["input"].Expr.Value(nil); v.AsString() != "override" {
		t.Errorf("input = %#v", v)
	}
}
