package plugin_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/trueup/trueup/providers/plugin"
	"github.com/trueup/trueup/providers/providertest"
	"github.com/trueup/trueup/schema"
	"github.com/zclconf/go-cty/cty"
)

// tokenConfig is an fw_token configuration; renewIn "" leaves renew_in
// null.
func tokenConfig(t *testing.T, p schema.Provider, name, renewIn string) cty.Value {
	t.Helper()
	e := p.GetSchema(context.Background()).Schema.EphemeralResources["fw_token"]
	if e == nil {
		t.Fatal("the fw provider's schema has no ephemeral resource type fw_token")
	}
	vals := map[string]cty.Value{"name": cty.StringVal(name)}
	if renewIn != "" {
		vals["renew_in"] = cty.StringVal(renewIn)
	}
	return providertest.Config(e.Block, vals)
}

// tokenLog is what the fw provider logged for the token name: its open,
// renew and close lines.
func tokenLog(t *testing.T, dir, name string) []string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "fw_token", name+".log"))
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	return strings.Fields(string(b))
}

func TestFrameworkTokenOpensRenewsAndClosesWithItsPrivateData(t *testing.T) {
	p, dir := start(t, "fw")
	ctx := context.Background()
	if e := p.GetSchema(ctx).Schema.EphemeralResources["fw_token"]; e == nil || !e.Block.Attributes["token"].Sensitive {
		t.Fatalf("fw_token schema = %+v, want a sensitive token attribute", e)
	}
	cfg := tokenConfig(t, p, "alpha", "1h")
	if d := p.ValidateEphemeralResource(ctx, schema.ValidateEphemeralResourceRequest{TypeName: "fw_token", Config: cfg}).Diagnostics; d.HasErrors() {
		t.Fatalf("validate: %v", d.Err())
	}

	before := time.Now()
	open := p.OpenEphemeralResource(ctx, schema.OpenEphemeralResourceRequest{TypeName: "fw_token", Config: cfg})
	if open.Diagnostics.HasErrors() {
		t.Fatalf("open: %v", open.Diagnostics.Err())
	}
	if open.Result == cty.NilVal || open.Result.IsNull() {
		t.Fatalf("open returned no result: %#v", open.Result)
	}
	if got := open.Result.GetAttr("token"); !got.RawEquals(cty.StringVal("token-for-alpha")) {
		t.Errorf("token = %#v, want token-for-alpha", got)
	}
	if len(open.Private) == 0 {
		t.Error("open returned no private data")
	}
	if lo, hi := before.Add(time.Hour), time.Now().Add(time.Hour); open.RenewAt.Before(lo.Add(-time.Second)) || open.RenewAt.After(hi.Add(time.Second)) {
		t.Errorf("RenewAt = %v, want an hour after the open (%v)", open.RenewAt, lo)
	}

	renew := p.RenewEphemeralResource(ctx, schema.RenewEphemeralResourceRequest{TypeName: "fw_token", Private: open.Private})
	if renew.Diagnostics.HasErrors() {
		t.Fatalf("renew: %v", renew.Diagnostics.Err())
	}
	// The renewal's private data replaces the open's, as the engine does.
	closed := p.CloseEphemeralResource(ctx, schema.CloseEphemeralResourceRequest{TypeName: "fw_token", Private: renew.Private})
	if closed.Diagnostics.HasErrors() {
		t.Fatalf("close: %v", closed.Diagnostics.Err())
	}
	// The provider finds the token's name in the private data only.
	if got, want := tokenLog(t, dir, "alpha"), []string{"open", "renew", "close"}; !slices.Equal(got, want) {
		t.Errorf("fw_token/alpha.log = %q, want %q (private data lost: %q)", got, want, tokenLog(t, dir, "unknown"))
	}
}

func TestFrameworkTokenWithoutRenewInNeedsNoRenewal(t *testing.T) {
	p, _ := start(t, "fw")
	open := p.OpenEphemeralResource(context.Background(), schema.OpenEphemeralResourceRequest{
		TypeName: "fw_token", Config: tokenConfig(t, p, "beta", "")})
	if open.Diagnostics.HasErrors() {
		t.Fatal(open.Diagnostics.Err())
	}
	if !open.RenewAt.IsZero() {
		t.Errorf("RenewAt = %v, want the zero time", open.RenewAt)
	}
}

func TestFrameworkTokenRefusalIsAnErrorDiagnostic(t *testing.T) {
	p, dir := start(t, "fw")
	open := p.OpenEphemeralResource(context.Background(), schema.OpenEphemeralResourceRequest{
		TypeName: "fw_token", Config: tokenConfig(t, p, "fail", "")})
	if !hasError(open.Diagnostics, "Token refused") {
		t.Errorf("open of fail: %+v, want the error Token refused", open.Diagnostics)
	}
	if got := tokenLog(t, dir, "fail"); len(got) != 0 {
		t.Errorf("a refused token was logged: %q", got)
	}
}

// An ephemeral resource type the provider lacks is an error diagnostic
// from every call, with the plugin still serving afterwards; the sdk
// provider (protocol 5) has no ephemeral resources at all.
func TestUnknownEphemeralTypeIsAnErrorDiagnostic(t *testing.T) {
	for _, typ := range []string{"fw", "sdk"} {
		t.Run(typ, func(t *testing.T) {
			p, _ := start(t, typ)
			ctx := context.Background()
			name := typ + "_nothing"
			cfg := cty.EmptyObjectVal
			for call, diags := range map[string]schema.Diagnostics{
				"validate": p.ValidateEphemeralResource(ctx, schema.ValidateEphemeralResourceRequest{TypeName: name, Config: cfg}).Diagnostics,
				"open":     p.OpenEphemeralResource(ctx, schema.OpenEphemeralResourceRequest{TypeName: name, Config: cfg}).Diagnostics,
				"renew":    p.RenewEphemeralResource(ctx, schema.RenewEphemeralResourceRequest{TypeName: name, Private: []byte("x")}).Diagnostics,
				"close":    p.CloseEphemeralResource(ctx, schema.CloseEphemeralResourceRequest{TypeName: name, Private: []byte("x")}).Diagnostics,
			} {
				if !diags.HasErrors() || !strings.Contains(diags.Err().Error(), name) {
					t.Errorf("%s of %s: %v, want an error naming the type", call, name, diags.Err())
				}
			}
			if p.(*plugin.Provider).Exited() {
				t.Error("the plugin exited")
			}
		})
	}
}

func hasError(diags schema.Diagnostics, summary string) bool {
	for _, d := range diags {
		if d.Severity == schema.Error && d.Summary == summary {
			return true
		}
	}
	return false
}
