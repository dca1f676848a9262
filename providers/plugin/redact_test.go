package plugin

import (
	"context"
	"testing"

	"github.com/trueup/trueup/internal/testproviders/build"
	"github.com/trueup/trueup/providers/providertest"
	"github.com/trueup/trueup/schema"
	"github.com/zclconf/go-cty/cty"
)

// TestRedactorHidesEverySecretSentSoFar: the strings under sensitive
// attributes, nested blocks included, marked or not, and as %q writes
// them, are replaced in every line redacted after they were sent, also
// after the set grew since the last line; plain attributes are not.
func TestRedactorHidesEverySecretSentSoFar(t *testing.T) {
	block := redactBenchBlock()
	r := newRedactor()
	if got := r.text("nothing sent yet"); got != "nothing sent yet" {
		t.Fatalf("text before any add = %q", got)
	}
	v := redactBenchValue(1, true)
	r.add(block, v)
	if got := r.text(`password s3cr3t-0001, token tok-s3cr3t-0001, user ann`); got != "password (sensitive value), token (sensitive value), user ann" {
		t.Errorf("after the first object: %q", got)
	}
	// A second object, its password marked and holding a quote.
	attrs := redactBenchValue(2, true).AsValueMap()
	attrs["password"] = cty.StringVal(`pa"ss`).Mark("sensitive")
	r.add(block, cty.ObjectVal(attrs).Mark("sensitive"))
	for in, want := range map[string]string{
		`quoted "pa\"ss" and raw pa"ss`:         `quoted "(sensitive value)" and raw (sensitive value)`,
		"tok-s3cr3t-0002 and s3cr3t-0001 still": "(sensitive value) and (sensitive value) still",
		"value 3 of object 2":                   "value 3 of object 2",
	} {
		if got := r.text(in); got != want {
			t.Errorf("text(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestRedactorAddAllHidesEveryStringWhateverTheSchema: addAll records
// every known string at any depth, marked or not, and nothing else:
// numbers, bools, unknowns and nulls are left alone.
func TestRedactorAddAllHidesEveryStringWhateverTheSchema(t *testing.T) {
	r := newRedactor()
	r.addAll(cty.NilVal, cty.ObjectVal(map[string]cty.Value{
		"token":   cty.StringVal("tok-123"),
		"nested":  cty.ListVal([]cty.Value{cty.MapVal(map[string]cty.Value{"k": cty.StringVal("deep-pw").Mark("sensitive")})}),
		"port":    cty.NumberIntVal(5432),
		"enabled": cty.True,
		"later":   cty.UnknownVal(cty.String),
		"none":    cty.NullVal(cty.String),
	}))
	in := "token tok-123, password deep-pw, port 5432, enabled true, key k"
	want := "token (sensitive value), password (sensitive value), port 5432, enabled true, key k"
	if got := r.text(in); got != want {
		t.Errorf("text(%q) = %q, want %q", in, got, want)
	}
}

// TestOpenEphemeralResourceRedactsItsWholeResult: once an ephemeral
// resource is open, every string of its result is redacted from the
// plugin's output, sensitive in the schema or not; its configuration's
// plain strings are not redacted before.
func TestOpenEphemeralResourceRedactsItsWholeResult(t *testing.T) {
	bin := build.Provider(t, "fw")
	p := newProvider(Meta{Addr: bin.Addr, Version: bin.Version, Executable: bin.Path, SchemaCacheDir: t.TempDir()})
	t.Cleanup(func() { _ = p.Close() })
	providertest.Configure(t, p, map[string]cty.Value{"dir": cty.StringVal(t.TempDir())})
	ctx := context.Background()
	block := p.GetSchema(ctx).Schema.EphemeralResources["fw_token"].Block
	cfg := providertest.Config(block, map[string]cty.Value{"name": cty.StringVal("gamma"), "renew_in": cty.StringVal("10m")})

	_ = p.ValidateEphemeralResource(ctx, schema.ValidateEphemeralResourceRequest{TypeName: "fw_token", Config: cfg})
	if got := p.red.text("gamma 10m"); got != "gamma 10m" {
		t.Errorf("after validate: %q, want the plain configuration unredacted", got)
	}
	open := p.OpenEphemeralResource(ctx, schema.OpenEphemeralResourceRequest{TypeName: "fw_token", Config: cfg})
	if open.Diagnostics.HasErrors() {
		t.Fatal(open.Diagnostics.Err())
	}
	// name and renew_in are plain attributes, echoed in the result.
	if got, want := p.red.text("token-for-gamma name gamma renew 10m"), "(sensitive value) name (sensitive value) renew (sensitive value)"; got != want {
		t.Errorf("after open: %q, want %q", got, want)
	}
}
