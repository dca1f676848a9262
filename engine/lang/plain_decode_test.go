package lang

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hcldec"
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/schema"
)

// objectSchema has what the plain decoder fills without hcldec: attributes
// of every kind of type, set or not, and block types of every nesting
// that a body without blocks leaves empty.
var objectSchema = &schema.Block{
	Attributes: map[string]*schema.Attribute{
		"bucket":  {Type: cty.String, Required: true},
		"key":     {Type: cty.String, Optional: true},
		"size":    {Type: cty.Number, Optional: true},
		"enabled": {Type: cty.Bool, Optional: true},
		"tags":    {Type: cty.Map(cty.String), Optional: true},
		"ports":   {Type: cty.List(cty.Number), Optional: true},
		"any":     {Type: cty.DynamicPseudoType, Optional: true},
		"opts": {Type: cty.ObjectWithOptionalAttrs(map[string]cty.Type{"a": cty.String, "b": cty.Number}, []string{"b"}),
			Optional: true},
		"arn": {Type: cty.String, Computed: true},
	},
	BlockTypes: map[string]*schema.NestedBlock{
		"rule":    bucketSchema.BlockTypes["rule"],
		"grant":   bucketSchema.BlockTypes["grant"],
		"setting": bucketSchema.BlockTypes["setting"],
		"logging": bucketSchema.BlockTypes["logging"],
	},
}

// TestPlainDecoderDecodesAsHCLDec: a prepared plain body evaluates to the
// value and diagnostics of hcldec.Decode, whether the plain decoder
// decodes it (every attribute evaluates and converts) or hands it to
// hcldec (an expression's or a conversion's error).
func TestPlainDecoderDecodesAsHCLDec(t *testing.T) {
	tests := []struct {
		name string
		src  string
		// fast says the plain decoder decodes it itself.
		fast bool
		// exact says it builds the object with its type made once (no
		// attribute set of a dynamic or optional-attribute type).
		exact bool
	}{
		{"attributes converted", `
bucket  = "b-${var.name}"
key     = count.index == 0 ? "first" : "k${count.index}"
size    = "12"
enabled = "true"
tags    = { a = local.prefix, n = 1 }
ports   = [80, "443"]
any     = { x = [1, "y"] }
opts    = { a = "A" }
`, true, false},
		{"attributes converted, of exact types", `
bucket  = "b-${var.name}"
key     = count.index == 0 ? "first" : "k${count.index}"
size    = "12"
enabled = "true"
tags    = { a = local.prefix, n = 1 }
ports   = [80, "443"]
`, true, true},
		{"only what is required", `bucket = var.name`, true, true},
		{"unknown and sensitive values", `
bucket = null_resource.counted[1].id
key    = var.pw
`, true, true},
		{"a sensitive value nested", `
bucket = "b"
tags   = { a = "x", pw = var.pw }
`, true, true},
		{"a sensitive value nested in a dynamic attribute", `
bucket = "b"
any    = [{ x = var.pw }]
`, true, false},
		{"every kind of reference, read from the gathered values", `
bucket  = "${each.key}-${each.value}-${local.prefix}-${var.name}"
key     = "${null_resource.one.id}/${aws_s3_bucket.each["a"].arn}/${data.local_file.f.content}/${null_resource.counted[0].id}"
size    = var.count + count.index
enabled = var.rules["logs"] == "logs/"
tags    = var.rules
`, true, true},
		{"an attribute a resource does not have", "bucket = null_resource.one.nope\n", false, true},
		{"an unknown map indexed", "bucket = var.unknown_rules[\"x\"]\n", true, true},
		{"a value of the wrong type", "bucket = \"b\"\nsize = \"twelve\"\n", false, true},
		{"an object missing an attribute", "bucket = \"b\"\nopts = { b = 1 }\n", false, false},
		{"an expression's error", "bucket = \"b\"\nkey = upper(1, 2)\n", false, true},
		{"a missing required argument", `key = "k"`, false, false},
		{"an unsupported argument", "bucket = \"b\"\nbukcet = \"c\"\n", false, false},
	}
	for _, tt := range tests {
		for _, compact := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/compact=%v", tt.name, compact), func(t *testing.T) {
				testPlainDecoderDecodesAsHCLDec(t, tt.src, compact, tt.fast, tt.exact)
			})
		}
	}
}

// prepareCompact prepares body for b with compact expressions or
// without: Prepare or PrepareBlock.
func prepareCompact(body hcl.Body, b *schema.Block, compact bool) *PreparedBlock {
	return prepareBlock(body, (*Preparer)(nil).block(b), compact)
}

// testPlainDecoderDecodesAsHCLDec prepares text, with compact expressions
// or without, and compares EvalPrepared with hcldec.Decode.
func testPlainDecoderDecodesAsHCLDec(t *testing.T, text string, compact, fast, exact bool) {
	body := mustBody(t, "main.tf", text)
	pb := prepareCompact(body, objectSchema, compact)
	if !pb.plain {
		t.Fatal("not plain")
	}
	if pb.decoder != nil && (pb.decoder.code.nodes != nil) != compact {
		t.Errorf("compact expressions: %v", (pb.decoder.code.nodes != nil))
	}
	s := &Scope{Data: newTestData()}
	is := s.instanceScope(pb.refs)
	if len(is.diags) > 0 {
		t.Fatalf("context: %s", is.diags.Error())
	}
	if pb.decoder != nil {
		// The first decode builds its object with cty.ObjectVal, the
		// later ones (EvalPrepared's below) with the type made once when
		// exact.
		_, _, ok := pb.decoder.decode(is)
		if ok != fast {
			t.Fatalf("plain decoder decoded it: %v, want %v", ok, fast)
		}
		allCompact := true
		for _, a := range pb.decoder.attrs {
			allCompact = allCompact && a.expr == nil
		}
		if ok && allCompact && is.ctx != nil {
			t.Error("an hcl.EvalContext was made for compact code alone")
		}
		if pb.decoder.exact != exact {
			t.Errorf("object type made once: %v, want %v", pb.decoder.exact, exact)
		}
	} else if fast {
		t.Fatal("no plain decoder")
	}
	got, diags := s.EvalPrepared(pb)
	want, wantDiags := hcldec.Decode(body, pb.block.spec, is.evalContext())
	if len(wantDiags) == 0 && !got.RawEquals(want) {
		t.Errorf("value\n%#v\nhcldec's\n%#v", got, want)
	}
	if diags.HasErrors() != wantDiags.HasErrors() || (len(wantDiags) > 0 && diags.Error() != redact(wantDiags).Error()) {
		t.Errorf("diagnostics %v, hcldec's %v", diags, wantDiags)
	}
	// The value without its marks, and their paths, are UnmarkDeepWithPaths's.
	val, unmarked, marks, _ := s.EvalPreparedUnmarked(pb)
	wantUnmarked, wantMarks := val.UnmarkDeepWithPaths()
	if !val.RawEquals(got) || !unmarked.RawEquals(wantUnmarked) {
		t.Errorf("EvalPreparedUnmarked: value\n%#v\nunmarked\n%#v\nwant\n%#v", val, unmarked, wantUnmarked)
	}
	if got, want := pathMarksString(marks), pathMarksString(wantMarks); got != want {
		t.Errorf("EvalPreparedUnmarked: marks %s, want %s", got, want)
	}
}

// pathMarksString is pvms in a form to compare.
func pathMarksString(pvms []cty.PathValueMarks) string {
	var b strings.Builder
	for _, pvm := range pvms {
		for _, step := range pvm.Path {
			switch s := step.(type) {
			case cty.GetAttrStep:
				b.WriteString("." + s.Name)
			case cty.IndexStep:
				b.WriteString("[" + s.Key.GoString() + "]")
			}
		}
		fmt.Fprintf(&b, " %v; ", pvm.Marks)
	}
	return b.String()
}

// TestPlainDecoderHidesMetaArguments: a resource's remaining body hides its
// meta-arguments (count), which the decoder must not take as arguments.
func TestPlainDecoderHidesMetaArguments(t *testing.T) {
	file := mustBody(t, "main.tf", "count = 2\nbucket = \"b${count.index}\"\n")
	_, remain, diags := file.PartialContent(&hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "count"}}})
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	pb := PrepareBlock(remain, objectSchema)
	if pb.decoder == nil {
		t.Fatal("no plain decoder for a remaining body")
	}
	got, diags := (&Scope{Data: newTestData()}).EvalPrepared(pb)
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	if b := got.GetAttr("bucket"); !b.RawEquals(cty.StringVal("b1")) {
		t.Errorf("bucket = %#v", b)
	}
}

// BenchmarkEvalPreparedPlain evaluates a prepared plain body, with hcl's
// expressions (compact=false) and with compact ones where they have one
// (compact=true; the conditional stays hcl's).
func BenchmarkEvalPreparedPlain(b *testing.B) {
	src := `
bucket  = "bench"
key     = "objects/${count.index}"
content = count.index == 0 ? "v0" : "v${count.index}"
`
	body := mustBody(b, "main.tf", src)
	sch := &schema.Block{Attributes: map[string]*schema.Attribute{"content": {Type: cty.String, Optional: true}}, BlockTypes: objectSchema.BlockTypes}
	for name, a := range objectSchema.Attributes {
		sch.Attributes[name] = a
	}
	for _, name := range []string{"acl", "cache_control", "content_base64", "content_disposition", "content_encoding",
		"content_language", "content_type", "etag", "force_destroy", "kms_key_id", "server_side_encryption",
		"source", "source_hash", "storage_class", "version_id", "website_redirect", "id"} {
		sch.Attributes[name] = &schema.Attribute{Type: cty.String, Optional: true, Computed: true}
	}
	for _, compact := range []bool{false, true} {
		b.Run(fmt.Sprintf("compact=%v", compact), func(b *testing.B) {
			pb := prepareCompact(body, sch, compact)
			scope := &Scope{Data: newTestData()}
			b.ReportAllocs()
			for b.Loop() {
				if _, diags := scope.EvalPrepared(pb); diags.HasErrors() {
					b.Fatal(diags.Error())
				}
			}
		})
	}
}
