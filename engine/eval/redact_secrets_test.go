package eval

import (
	"fmt"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/engine/lang"
)

func TestRedactSecretsReplacesEverySensitiveStringAtAnyDepth(t *testing.T) {
	cfg := cty.ObjectVal(map[string]cty.Value{
		"name":  cty.StringVal("public-name"),
		"token": cty.StringVal("tok-123456").Mark(lang.Sensitive),
		"nested": cty.ObjectVal(map[string]cty.Value{
			"keys": cty.ListVal([]cty.Value{cty.StringVal("key-abc"), cty.StringVal("key-abcdef")}),
		}).Mark(lang.Sensitive),
		"short": cty.StringVal("on").Mark(lang.Sensitive),
	})
	diags := hcl.Diagnostics{{
		Severity: hcl.DiagError,
		Summary:  "bad tok-123456",
		Detail:   "public-name refused key-abcdef and key-abc; flag on",
	}}
	got := RedactSecrets(diags, cfg)[0]
	if got.Summary != "bad (sensitive value)" {
		t.Errorf("summary = %q", got.Summary)
	}
	// The longer secret is replaced whole, not as key-abc + "def"; a
	// secret shorter than three characters is left alone.
	if want := "public-name refused (sensitive value) and (sensitive value); flag on"; got.Detail != want {
		t.Errorf("detail = %q, want %q", got.Detail, want)
	}
}

func TestRedactSecretsLeavesDiagnosticsWithoutSecretsAlone(t *testing.T) {
	diags := hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "s", Detail: "d tok"}}
	got := RedactSecrets(diags, cty.StringVal("tok"), cty.NilVal)
	if got[0].Detail != "d tok" {
		t.Errorf("an unmarked value was redacted: %q", got[0].Detail)
	}
}

// TestRedactSecretsReplacesQuotedForms: a provider that quotes a secret
// holding quotes or backslashes with %q, or inside JSON, escapes it; the
// escaped form is redacted too.
func TestRedactSecretsReplacesQuotedForms(t *testing.T) {
	secret := `tok-"a&b\c<`
	v := cty.StringVal(secret).Mark(lang.Sensitive)
	diags := hcl.Diagnostics{{
		Severity: hcl.DiagError,
		Summary:  "refused",
		Detail:   `go "tok-\"a&b\\c<"; json "tok-\"a\u0026b\\c\u003c"; raw tok-"a&b\c<`,
	}}
	got := RedactSecrets(diags, v)[0].Detail
	if want := `go "(sensitive value)"; json "(sensitive value)"; raw (sensitive value)`; got != want {
		t.Errorf("detail = %q, want %q", got, want)
	}
}

// TestMarkDerivedMarksCopiesOfASecret: a string the provider built from a
// sensitive input (aws's tags_all from tags) is marked; others are not,
// and existing marks stay.
func TestMarkDerivedMarksCopiesOfASecret(t *testing.T) {
	cfg := cty.ObjectVal(map[string]cty.Value{"tags": cty.MapVal(map[string]cty.Value{"owner": cty.StringVal("sec-123456").Mark(lang.Sensitive)})})
	planned := cty.ObjectVal(map[string]cty.Value{
		"tags":     cty.MapVal(map[string]cty.Value{"owner": cty.StringVal("sec-123456").Mark(lang.Sensitive)}),
		"tags_all": cty.MapVal(map[string]cty.Value{"owner": cty.StringVal("sec-123456"), "env": cty.StringVal("dev")}),
		"arn":      cty.StringVal("arn:aws:s3:::b/sec-123456/x"),
		"id":       cty.StringVal("b"),
	})
	got := MarkDerived(planned, cfg)
	_, pvms := got.UnmarkDeepWithPaths()
	marked := map[string]bool{}
	for _, p := range SensitivePathsOf(pvms) {
		marked[fmt.Sprintf("%#v", p)] = true
	}
	for _, want := range []cty.Path{
		cty.GetAttrPath("tags").Index(cty.StringVal("owner")),
		cty.GetAttrPath("tags_all").Index(cty.StringVal("owner")),
		cty.GetAttrPath("arn"),
	} {
		if !marked[fmt.Sprintf("%#v", want)] {
			t.Errorf("%#v is not marked; marked: %v", want, marked)
		}
	}
	if len(marked) != 3 {
		t.Errorf("marked %d paths, want 3: %v", len(marked), marked)
	}
}

// TestMarkDerivedFromSkipsAConfigurationWithoutMarks: without marks the
// value is returned as it is, without a walk; with them (and the
// configuration unmarked), as MarkDerived.
func TestMarkDerivedFromSkipsAConfigurationWithoutMarks(t *testing.T) {
	v := cty.ObjectVal(map[string]cty.Value{"id": cty.StringVal("x-hunter2-y")})
	plainCfg := cty.ObjectVal(map[string]cty.Value{"s": cty.StringVal("hunter2"),
		"triggers": cty.MapVal(map[string]cty.Value{"a": cty.StringVal("1"), "b": cty.StringVal("2")})})
	if got := MarkDerivedFrom(v, plainCfg, nil); !got.RawEquals(v) {
		t.Errorf("MarkDerivedFrom with an unmarked configuration = %#v, want the value as it is", got)
	}
	// It does not walk the configuration for secrets it cannot hold.
	if n := testing.AllocsPerRun(10, func() { MarkDerivedFrom(v, plainCfg, nil) }); n != 0 {
		t.Errorf("MarkDerivedFrom with an unmarked configuration allocates %v times, want none", n)
	}
	// With marks, it is MarkDerived: a copy of a secret is marked.
	cfg := cty.ObjectVal(map[string]cty.Value{"s": cty.StringVal("hunter2").Mark(lang.Sensitive)})
	plain, marks := cfg.UnmarkDeepWithPaths()
	got := MarkDerivedFrom(v, plain, marks)
	if !got.GetAttr("id").HasMark(lang.Sensitive) {
		t.Errorf("MarkDerivedFrom with a marked secret = %#v, want id marked sensitive", got)
	}
}
