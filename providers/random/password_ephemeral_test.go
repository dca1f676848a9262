package random

import (
	"context"
	"strings"
	"testing"

	"github.com/zclconf/go-cty/cty"
	"golang.org/x/crypto/bcrypt"

	"github.com/trueup/trueup/providers/internal/kit"
	"github.com/trueup/trueup/providers/providertest"
	"github.com/trueup/trueup/schema"
)

// ephemeralConfig builds a configuration of p's ephemeral random_password.
func ephemeralConfig(t *testing.T, p schema.Provider, vals map[string]cty.Value) cty.Value {
	t.Helper()
	r, ok := p.GetSchema(context.Background()).Schema.EphemeralResources["random_password"]
	if !ok {
		t.Fatal("the schema lists no ephemeral random_password")
	}
	return providertest.Config(r.Block, vals)
}

func TestEphemeralPasswordSchema(t *testing.T) {
	r := New().GetSchema(context.Background()).Schema.EphemeralResources["random_password"]
	if r == nil {
		t.Fatal("the schema lists no ephemeral random_password")
	}
	b := r.Block
	if a := b.Attributes["length"]; a == nil || !a.Required {
		t.Error("length is not a required attribute")
	}
	for _, name := range []string{"result", "bcrypt_hash"} {
		if a := b.Attributes[name]; a == nil || !a.Computed || !a.Sensitive {
			t.Errorf("%s is not a computed, sensitive attribute", name)
		}
	}
	for _, name := range []string{"keepers", "id", "number"} {
		if _, ok := b.Attributes[name]; ok {
			t.Errorf("has %s, which only the managed random_password has", name)
		}
	}
}

func TestOpenEphemeralPassword(t *testing.T) {
	p := New()
	n := cty.NumberIntVal
	tests := []struct {
		name string
		vals map[string]cty.Value
		// allowed is every character the result may hold; atLeast maps a
		// class to the least number of its characters the result must hold.
		allowed string
		atLeast map[string]int
	}{
		{name: "defaults draw 20 characters from all four classes", vals: map[string]cty.Value{"length": n(20)},
			allowed: upperChars + lowerChars + numericChars + specialChars},
		{name: "minimums are honoured", vals: map[string]cty.Value{"length": n(12), "override_special": cty.StringVal("!#@"),
			"min_lower": n(2), "min_upper": n(3), "min_special": n(1), "min_numeric": n(4)},
			allowed: upperChars + lowerChars + numericChars + "!#@",
			atLeast: map[string]int{lowerChars: 2, upperChars: 3, numericChars: 4, "!#@": 1}},
		{name: "disabled classes are left out", vals: map[string]cty.Value{"length": n(40),
			"upper": cty.False, "special": cty.False}, allowed: lowerChars + numericChars},
		{name: "override_special alone gives only its characters", vals: map[string]cty.Value{"length": n(4),
			"override_special": cty.StringVal("!"), "lower": cty.False, "upper": cty.False, "numeric": cty.False},
			allowed: "!"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := ephemeralConfig(t, p, tt.vals)
			resp := p.OpenEphemeralResource(context.Background(), schema.OpenEphemeralResourceRequest{TypeName: "random_password", Config: cfg})
			if resp.Diagnostics.HasErrors() {
				t.Fatal(resp.Diagnostics.Err())
			}
			if !resp.RenewAt.IsZero() {
				t.Errorf("RenewAt = %v, want zero: a password needs no renewal", resp.RenewAt)
			}
			v := resp.Result
			if want := cfg.Type(); !v.Type().Equals(want) {
				t.Fatalf("result has type %#v, want the schema's %#v", v.Type(), want)
			}
			got := kit.String(v, "result")
			if want := int(kit.Int(cfg, "length")); len([]rune(got)) != want {
				t.Errorf("result %q has %d characters, want %d", got, len([]rune(got)), want)
			}
			for _, r := range got {
				if !strings.ContainsRune(tt.allowed, r) {
					t.Errorf("result %q holds %q, outside %q", got, r, tt.allowed)
				}
			}
			for class, least := range tt.atLeast {
				if c := countIn(got, class); c < least {
					t.Errorf("result %q holds %d of %q, want at least %d", got, c, class, least)
				}
			}
			if err := bcrypt.CompareHashAndPassword([]byte(kit.String(v, "bcrypt_hash")), []byte(got)); err != nil {
				t.Errorf("bcrypt_hash does not match result: %v", err)
			}
		})
	}
}

func TestOpenEphemeralPasswordEchoesDefaults(t *testing.T) {
	p := New()
	cfg := ephemeralConfig(t, p, map[string]cty.Value{"length": cty.NumberIntVal(8), "lower": cty.False})
	v := p.OpenEphemeralResource(context.Background(), schema.OpenEphemeralResourceRequest{TypeName: "random_password", Config: cfg}).Result
	want := map[string]cty.Value{
		"special": cty.True, "upper": cty.True, "lower": cty.False, "numeric": cty.True,
		"min_numeric": cty.Zero, "min_upper": cty.Zero, "min_lower": cty.Zero, "min_special": cty.Zero,
		"length": cty.NumberIntVal(8), "override_special": cty.NullVal(cty.String),
	}
	for name, w := range want {
		if got := v.GetAttr(name); !got.RawEquals(w) {
			t.Errorf("%s = %#v, want %#v", name, got, w)
		}
	}
}

func TestEphemeralPasswordRefusesInvalidConfig(t *testing.T) {
	p := New()
	n := cty.NumberIntVal
	tests := []struct {
		name     string
		vals     map[string]cty.Value
		wantPath string
	}{
		{name: "zero length is an error at length", vals: map[string]cty.Value{"length": n(0)}, wantPath: "length"},
		{name: "minimums over length are an error at length", vals: map[string]cty.Value{"length": n(11),
			"min_upper": n(3), "min_lower": n(3), "min_numeric": n(3), "min_special": n(3)}, wantPath: "length"},
		{name: "fractional length is an error at length", vals: map[string]cty.Value{"length": cty.NumberFloatVal(4.5)},
			wantPath: "length"},
		{name: "every class off is an error at numeric", vals: map[string]cty.Value{"length": n(4),
			"special": cty.False, "upper": cty.False, "lower": cty.False, "numeric": cty.False}, wantPath: "numeric"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := ephemeralConfig(t, p, tt.vals)
			ctx := context.Background()
			vdiags := p.ValidateEphemeralResource(ctx, schema.ValidateEphemeralResourceRequest{TypeName: "random_password", Config: cfg}).Diagnostics
			if len(vdiags) != 1 || !vdiags[0].Attribute.Equals(cty.GetAttrPath(tt.wantPath)) {
				t.Errorf("validate: got %v, want one error at %s", vdiags, tt.wantPath)
			}
			resp := p.OpenEphemeralResource(ctx, schema.OpenEphemeralResourceRequest{TypeName: "random_password", Config: cfg})
			if !resp.Diagnostics.HasErrors() {
				t.Errorf("open: no error, result %#v", resp.Result)
			}
			if !resp.Result.IsNull() || !resp.Result.Type().Equals(cfg.Type()) {
				t.Errorf("open: result %#v, want a null of the schema's type", resp.Result)
			}
		})
	}
}

func TestValidateEphemeralPasswordWaitsForUnknowns(t *testing.T) {
	p := New()
	cfg := ephemeralConfig(t, p, map[string]cty.Value{"length": cty.UnknownVal(cty.Number), "min_upper": cty.NumberIntVal(2),
		"special": cty.False, "upper": cty.False, "lower": cty.UnknownVal(cty.Bool), "numeric": cty.False})
	diags := p.ValidateEphemeralResource(context.Background(), schema.ValidateEphemeralResourceRequest{TypeName: "random_password", Config: cfg}).Diagnostics
	if diags.HasErrors() {
		t.Errorf("unexpected errors: %v", diags.Err())
	}
}

func TestEphemeralPasswordRenewsAndClosesQuietly(t *testing.T) {
	p := New()
	ctx := context.Background()
	open := p.OpenEphemeralResource(ctx, schema.OpenEphemeralResourceRequest{TypeName: "random_password",
		Config: ephemeralConfig(t, p, map[string]cty.Value{"length": cty.NumberIntVal(8)})})
	renew := p.RenewEphemeralResource(ctx, schema.RenewEphemeralResourceRequest{TypeName: "random_password", Private: open.Private})
	if renew.Diagnostics.HasErrors() || !renew.RenewAt.IsZero() {
		t.Errorf("renew: diagnostics %v, RenewAt %v; want none and zero", renew.Diagnostics, renew.RenewAt)
	}
	closed := p.CloseEphemeralResource(ctx, schema.CloseEphemeralResourceRequest{TypeName: "random_password", Private: renew.Private})
	if closed.Diagnostics.HasErrors() {
		t.Errorf("close: %v", closed.Diagnostics.Err())
	}
}

func TestOpenUnknownEphemeralTypeFails(t *testing.T) {
	p := New()
	resp := p.OpenEphemeralResource(context.Background(), schema.OpenEphemeralResourceRequest{TypeName: "random_string",
		Config: cty.EmptyObjectVal})
	if len(resp.Diagnostics) != 1 || resp.Diagnostics[0].Summary != "Unsupported ephemeral resource type" {
		t.Errorf("got %v, want one Unsupported ephemeral resource type error", resp.Diagnostics)
	}
}
