package lang

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/schema"
)

// bucketSchema is a small provider schema with every nesting mode.
var bucketSchema = &schema.Block{
	Attributes: map[string]*schema.Attribute{
		"name": {Type: cty.String, Required: true},
		"tags": {Type: cty.Map(cty.String), Optional: true},
		"arn":  {Type: cty.String, Computed: true},
	},
	BlockTypes: map[string]*schema.NestedBlock{
		"rule": {Nesting: schema.NestingList, Block: schema.Block{Attributes: map[string]*schema.Attribute{
			"id":     {Type: cty.String, Required: true},
			"prefix": {Type: cty.String, Optional: true},
		}}},
		"grant": {Nesting: schema.NestingSet, Block: schema.Block{Attributes: map[string]*schema.Attribute{
			"who": {Type: cty.String, Required: true},
		}}},
		"setting": {Nesting: schema.NestingMap, Block: schema.Block{Attributes: map[string]*schema.Attribute{
			"value": {Type: cty.String, Optional: true},
		}}},
		"logging": {Nesting: schema.NestingSingle, Block: schema.Block{Attributes: map[string]*schema.Attribute{
			"target": {Type: cty.String, Optional: true},
			"id":     {Type: cty.String, Computed: true},
		}}},
	},
}

func mustBody(t testing.TB, filename, src string) hcl.Body {
	t.Helper()
	p := hclparse.NewParser()
	var f *hcl.File
	var diags hcl.Diagnostics
	if strings.HasSuffix(filename, ".json") {
		f, diags = p.ParseJSON([]byte(src), filename)
	} else {
		f, diags = p.ParseHCL([]byte(src), filename)
	}
	if diags.HasErrors() {
		t.Fatalf("parse: %s", diags.Error())
	}
	return f.Body
}

func rule(id, prefix string) cty.Value {
	return cty.ObjectVal(map[string]cty.Value{"id": cty.StringVal(id), "prefix": cty.StringVal(prefix)})
}

const dynamicRules = `
name = "b-${var.name}"
dynamic "rule" {
  for_each = var.rules
  content {
    id     = rule.key
    prefix = rule.value
  }
}
rule {
  id = "static"
  prefix = "s/"
}
grant { who = "me" }
setting "a" { value = "1" }
logging { target = local.prefix }
`

func TestEvalBlockExpandsDynamicBlocks(t *testing.T) {
	s := &Scope{Data: newTestData()}
	got, diags := s.EvalBlock(mustBody(t, "main.tf", dynamicRules), bucketSchema)
	if diags.HasErrors() {
		t.Fatalf("unexpected errors: %s", diags.Error())
	}
	if !got.Type().Equals(bucketSchema.ImpliedType()) {
		t.Fatalf("type = %#v, want the schema's implied type", got.Type())
	}
	wantRules := cty.ListVal([]cty.Value{rule("logs", "logs/"), rule("tmp", "tmp/"), rule("static", "s/")})
	if !got.GetAttr("rule").RawEquals(wantRules) {
		t.Errorf("rule = %#v, want %#v", got.GetAttr("rule"), wantRules)
	}
	checks := map[string]cty.Value{
		"name": cty.StringVal("b-web"),
		"arn":  cty.NullVal(cty.String),
		"tags": cty.NullVal(cty.Map(cty.String)),
	}
	for attr, want := range checks {
		if !got.GetAttr(attr).RawEquals(want) {
			t.Errorf("%s = %#v, want %#v", attr, got.GetAttr(attr), want)
		}
	}
	if v := got.GetAttr("setting").Index(cty.StringVal("a")).GetAttr("value"); !v.RawEquals(cty.StringVal("1")) {
		t.Errorf("setting[a] = %#v", v)
	}
	if v := got.GetAttr("logging").GetAttr("target"); !v.RawEquals(cty.StringVal("p")) {
		t.Errorf("logging.target = %#v", v)
	}
}

func TestEvalBlockDynamicEdgeCases(t *testing.T) {
	tests := []struct {
		name  string
		file  string
		src   string
		check func(t *testing.T, v cty.Value)
	}{
		{"unknown for_each makes the block list unknown", "main.tf",
			"name = \"x\"\ndynamic \"rule\" {\n  for_each = var.unknown_rules\n  content {\n    id = rule.key\n  }\n}\n",
			func(t *testing.T, v cty.Value) {
				if v.GetAttr("rule").IsKnown() {
					t.Errorf("rule = %#v, want unknown", v.GetAttr("rule"))
				}
			}},
		{"sensitive values inside dynamic content stay marked", "main.tf",
			"name = \"x\"\ndynamic \"rule\" {\n  for_each = var.secret_rules\n  content {\n    id = rule.key\n    prefix = rule.value\n  }\n}\n",
			func(t *testing.T, v cty.Value) {
				if !v.GetAttr("rule").Index(cty.NumberIntVal(0)).GetAttr("prefix").HasMark(Sensitive) {
					t.Errorf("rule[0].prefix lost its sensitive mark: %#v", v.GetAttr("rule"))
				}
			}},
		{"sensitive attribute stays marked", "main.tf", "name = var.pw\n",
			func(t *testing.T, v cty.Value) {
				if !v.GetAttr("name").HasMark(Sensitive) {
					t.Errorf("name lost its sensitive mark")
				}
			}},
		{"JSON body with a dynamic block", "main.tf.json",
			`{"name": "j", "dynamic": {"rule": {"for_each": "${var.rules}", "content": {"id": "${rule.key}"}}}}`,
			func(t *testing.T, v cty.Value) {
				if n := v.GetAttr("rule").LengthInt(); n != 2 {
					t.Errorf("rule has %d elements, want 2", n)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, diags := (&Scope{Data: newTestData()}).EvalBlock(mustBody(t, tt.file, tt.src), bucketSchema)
			if diags.HasErrors() {
				t.Fatalf("unexpected errors: %s", diags.Error())
			}
			tt.check(t, got)
		})
	}
}

func TestEvalBlockErrors(t *testing.T) {
	tests := []struct {
		name, src   string
		wantSummary string
		wantDetail  string
		wantLine    int
	}{
		{"misspelt argument suggests the right one", "nmae = \"x\"\n", "Unsupported argument", `Did you mean "name"?`, 1},
		{"misspelt block type suggests the right one", "name = \"x\"\nrules {\n  id = \"a\"\n}\n", "Unsupported block type", `Did you mean "rule"?`, 2},
		{"missing required argument", "tags = {}\n", "Missing required argument", `"name" is required`, 1},
		{"computed-only attribute cannot be set", "name = \"x\"\narn = \"y\"\n", "Value for unconfigurable attribute", `"arn"`, 2},
		{"computed-only attribute in a nested block", "name = \"x\"\nlogging {\n  id = \"y\"\n}\n", "Value for unconfigurable attribute", `"id"`, 3},
		{"wrong type names the attribute", "name = \"x\"\ntags = \"notamap\"\n", "Incorrect attribute value type", "map of string required", 2},
		{"dynamic block of an unknown type", "name = \"x\"\ndynamic \"nope\" {\n  for_each = []\n  content {}\n}\n", "Unsupported block type", "", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, diags := (&Scope{Data: newTestData()}).EvalBlock(mustBody(t, "main.tf", tt.src), bucketSchema)
			if !diags.HasErrors() {
				t.Fatalf("want an error, got %#v", got)
			}
			var d *hcl.Diagnostic
			for _, cand := range diags {
				if cand.Summary == tt.wantSummary {
					d = cand
					break
				}
			}
			if d == nil {
				t.Fatalf("no %q among %v", tt.wantSummary, diags)
			}
			if !strings.Contains(d.Detail, tt.wantDetail) {
				t.Errorf("detail %q does not contain %q", d.Detail, tt.wantDetail)
			}
			if d.Subject == nil || d.Subject.Start.Line != tt.wantLine {
				t.Errorf("subject = %v, want line %d", d.Subject, tt.wantLine)
			}
			if got.IsKnown() || !got.Type().Equals(bucketSchema.ImpliedType()) {
				t.Errorf("on error want an unknown value of the block type, got %#v", got)
			}
		})
	}
}

func TestReferencesInBlock(t *testing.T) {
	body := mustBody(t, "main.tf", dynamicRules)
	want := []string{"var.name", "var.rules", "local.prefix"}
	tests := []struct {
		name   string
		schema *schema.Block
	}{
		{"with the schema", bucketSchema},
		{"without a schema, walking the body as written", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			refs, diags := ReferencesInBlock(body, tt.schema)
			if diags.HasErrors() {
				t.Fatal(diags.Error())
			}
			got := map[string]bool{}
			for _, r := range refs {
				got[r.Subject.String()] = true
				if _, ok := r.Subject.(addrs.Resource); ok {
					t.Errorf("the dynamic iterator %s was taken for a resource", r.Subject)
				}
			}
			for _, w := range want {
				if !got[w] {
					t.Errorf("missing reference %s in %v", w, got)
				}
			}
			if len(got) != len(want) {
				t.Errorf("got references %v, want %v", got, want)
			}
		})
	}
}

func TestDecoderSpecDecodesToTheImpliedType(t *testing.T) {
	got, diags := (&Scope{Data: newTestData()}).EvalBlock(mustBody(t, "main.tf", `name = "x"`), bucketSchema)
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	if !got.Type().Equals(bucketSchema.ImpliedType()) {
		t.Errorf("type = %#v", got.Type())
	}
	if got.GetAttr("rule").LengthInt() != 0 || !got.GetAttr("logging").IsNull() {
		t.Errorf("absent blocks: rule = %#v, logging = %#v", got.GetAttr("rule"), got.GetAttr("logging"))
	}
}

// TestPlainBodyDecodesAsExpanded checks that a body without dynamic blocks,
// which EvalPrepared decodes without dynblock.Expand (plainBody), gives
// the value and the diagnostics that the expanding decoder gives, and
// that each evaluation's diagnostics are its own.
func TestPlainBodyDecodesAsExpanded(t *testing.T) {
	srcs := []string{
		"name = \"b-${var.name}\"\ntags = { a = local.prefix }\n",
		"name = \"x\"\narn = \"y\"\n",
		"nmae = \"x\"\n",
		"tags = {}\n",
		"name = \"x\"\ntags = \"notamap\"\narn = \"y\"\n",
	}
	for _, src := range srcs {
		body := mustBody(t, "main.tf", src)
		pb := PrepareBlock(body, bucketSchema)
		if !pb.plain {
			t.Fatalf("%q: not plain", src)
		}
		s := &Scope{Data: newTestData()}
		got, diags := s.EvalPrepared(pb)
		evalCtx, ctxDiags := s.EvalContext(pb.refs)
		want, wantDiags := decodeBlock(body, bucketSchema, pb.block.spec, evalCtx, append(pb.diags, ctxDiags...))
		if !got.RawEquals(want) {
			t.Errorf("%q: value %#v, the expanding decoder's %#v", src, got, want)
		}
		if diags.Error() != wantDiags.Error() || len(diags) != len(wantDiags) {
			t.Errorf("%q: diagnostics %v, the expanding decoder's %v", src, diags, wantDiags)
		}
		_, againDiags := s.EvalPrepared(pb)
		for i := range diags {
			if diags[i] == againDiags[i] {
				t.Errorf("%q: two evaluations share diagnostic %d", src, i)
			}
		}
	}
	for _, src := range []string{dynamicRules, "name = \"x\"\nrule {\n  id = \"a\"\n}\n"} {
		if PrepareBlock(mustBody(t, "main.tf", src), bucketSchema).plain {
			t.Errorf("%q: plain, but has blocks to expand", src)
		}
	}
}

// TestDeclaredConnectionBlockExpandsDynamic: where a schema declares a
// block named like a resource's meta-argument ("connection", as a provider
// or data source may), it is configuration, and a dynamic block inside it
// is expanded as any other's.
func TestDeclaredConnectionBlockExpandsDynamic(t *testing.T) {
	b := &schema.Block{BlockTypes: map[string]*schema.NestedBlock{
		"connection": {Nesting: schema.NestingSingle, Block: schema.Block{BlockTypes: map[string]*schema.NestedBlock{
			"opt": {Nesting: schema.NestingList, Block: schema.Block{Attributes: map[string]*schema.Attribute{
				"name": {Type: cty.String, Required: true},
			}}},
		}}},
	}}
	src := "connection {\n  dynamic \"opt\" {\n    for_each = var.rules\n    content {\n      name = opt.key\n    }\n  }\n}\n"
	pb := PrepareBlock(mustBody(t, "main.tf", src), b)
	got, diags := (&Scope{Data: newTestData()}).EvalPrepared(pb)
	if diags.HasErrors() {
		t.Fatalf("EvalPrepared: %s", diags.Error())
	}
	opts := got.GetAttr("connection").GetAttr("opt")
	if opts.LengthInt() != 2 || opts.Index(cty.NumberIntVal(0)).GetAttr("name").AsString() != "logs" {
		t.Errorf("connection.opt = %#v; want the two expanded blocks", opts)
	}
}

// TestDetachedBlockEvaluatesAsAttached prepares a plain body from its
// file's bytes and detaches it: the references keep no remaining steps
// (nothing of the traversals stays), and the values and diagnostics are
// the ones of the block before Detach, the diagnostic's from the body
// parsed again.
func TestDetachedBlockEvaluatesAsAttached(t *testing.T) {
	for _, src := range []string{
		`name = "b-${null_resource.counted[0].id}"
tags = { a = aws_s3_bucket.each["a"].arn, v = var.name, d = data.local_file.f.content }
`,
		`name = "x"
tags = { a = null_resource.one.nope }
`,
	} {
		parse := func() hcl.Body { return mustBody(t, "main.tf", src) }
		attached := (*Preparer)(nil).Prepare(parse(), bucketSchema)
		wantVal, wantDiags := (&Scope{Data: newTestData()}).EvalPrepared(attached)
		if strings.Contains(src, "nope") != wantDiags.HasErrors() {
			t.Fatalf("%s: attached diagnostics %v", src, wantDiags)
		}
		pb := (*Preparer)(nil).Prepare(parse(), bucketSchema)
		if !pb.Detach(parse) {
			t.Fatalf("%s: not detached", src)
		}
		refs, _ := pb.References()
		if len(refs) == 0 {
			t.Fatalf("%s: no references", src)
		}
		for _, ref := range refs {
			if ref.Remaining != nil {
				t.Errorf("%s: %s keeps its remaining steps %#v", src, ref.Subject, ref.Remaining)
			}
		}
		got, diags := (&Scope{Data: newTestData()}).EvalPrepared(pb)
		if !got.RawEquals(wantVal) {
			t.Errorf("%s: detached %#v, attached %#v", src, got, wantVal)
		}
		if diags.Error() != wantDiags.Error() || fmt.Sprint(diagRanges(diags)) != fmt.Sprint(diagRanges(wantDiags)) {
			t.Errorf("%s: detached %v %v, attached %v %v", src, diags, diagRanges(diags), wantDiags, diagRanges(wantDiags))
		}
	}
}

func diagRanges(diags hcl.Diagnostics) []string {
	var out []string
	for _, d := range diags {
		if d.Subject != nil {
			out = append(out, d.Subject.String())
		}
	}
	return out
}
