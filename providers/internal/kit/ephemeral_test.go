package kit

import (
	"context"
	"testing"
	"time"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/schema"
)

// tokenProvider has two ephemeral types. token: Validate refuses the name
// "bad"; Open returns the name, scope and value (not note or the tag
// blocks), a renewal a day later and the name as private data, which Renew
// keeps and Close records. plain: only Open.
func tokenProvider(closed *[]string) *Provider {
	return &Provider{EphemeralResources: map[string]EphemeralResource{
		"token": {
			Schema: &schema.Resource{Block: &schema.Block{
				Attributes: map[string]*schema.Attribute{
					"name":  {Type: cty.String, Required: true},
					"scope": {Type: cty.String, Optional: true, Computed: true},
					"note":  {Type: cty.String, Optional: true},
					"value": {Type: cty.String, Computed: true, Sensitive: true},
				},
				BlockTypes: map[string]*schema.NestedBlock{
					"tag": {Nesting: schema.NestingList, Block: schema.Block{
						Attributes: map[string]*schema.Attribute{"k": {Type: cty.String, Optional: true}}}},
				},
			}},
			Defaults: map[string]cty.Value{"scope": cty.StringVal("read")},
			Validate: func(config cty.Value) schema.Diagnostics {
				if v := config.GetAttr("name"); v.IsKnown() && v.AsString() == "bad" {
					return schema.Errorf(cty.GetAttrPath("name"), "Invalid name", "bad is not a name.")
				}
				return nil
			},
			Open: func(ctx context.Context, config cty.Value) (cty.Value, []byte, time.Time, schema.Diagnostics) {
				return cty.ObjectVal(map[string]cty.Value{
					"name":  config.GetAttr("name"),
					"scope": config.GetAttr("scope"),
					"value": cty.StringVal("secret-" + config.GetAttr("name").AsString()),
				}), []byte(config.GetAttr("name").AsString()), time.Unix(86400, 0), nil
			},
			Renew: func(ctx context.Context, private []byte) ([]byte, time.Time, schema.Diagnostics) {
				return private, time.Unix(2*86400, 0), nil
			},
			Close: func(ctx context.Context, private []byte) schema.Diagnostics {
				*closed = append(*closed, string(private))
				return nil
			},
		},
		"plain": {
			Schema: &schema.Resource{Block: &schema.Block{Attributes: map[string]*schema.Attribute{
				"value": {Type: cty.String, Computed: true}}}},
			Open: func(ctx context.Context, config cty.Value) (cty.Value, []byte, time.Time, schema.Diagnostics) {
				return cty.ObjectVal(map[string]cty.Value{"value": cty.StringVal("v")}), nil, time.Time{}, nil
			},
		},
	}}
}

func tokenConfig(name string) cty.Value {
	return cty.ObjectVal(map[string]cty.Value{
		"name": cty.StringVal(name), "scope": cty.NullVal(cty.String), "note": cty.NullVal(cty.String),
		"value": cty.NullVal(cty.String), "tag": cty.ListValEmpty(cty.Object(map[string]cty.Type{"k": cty.String})),
	})
}

func TestEphemeralSchemaListsEveryType(t *testing.T) {
	s := tokenProvider(nil).GetSchema(context.Background()).Schema
	if len(s.EphemeralResources) != 2 || s.EphemeralResources["token"] == nil || s.EphemeralResources["plain"] == nil {
		t.Errorf("ephemeral resources %v, want token and plain", s.EphemeralResources)
	}
}

func TestOpenEphemeralFillsDefaultsAndConforms(t *testing.T) {
	p := tokenProvider(nil)
	resp := p.OpenEphemeralResource(context.Background(), schema.OpenEphemeralResourceRequest{TypeName: "token", Config: tokenConfig("ci")})
	if resp.Diagnostics.HasErrors() {
		t.Fatal(resp.Diagnostics.Err())
	}
	b := p.EphemeralResources["token"].Schema.Block
	want := cty.ObjectVal(map[string]cty.Value{
		"name": cty.StringVal("ci"), "scope": cty.StringVal("read"), "note": cty.NullVal(cty.String),
		"value": cty.StringVal("secret-ci"), "tag": cty.ListValEmpty(b.BlockTypes["tag"].Block.ImpliedType()),
	})
	if !resp.Result.RawEquals(want) {
		t.Errorf("result %#v, want %#v", resp.Result, want)
	}
	if string(resp.Private) != "ci" || !resp.RenewAt.Equal(time.Unix(86400, 0)) {
		t.Errorf("private %q, renew at %v; want %q and what Open returned", resp.Private, resp.RenewAt, "ci")
	}
}

func TestOpenEphemeralValidatesFirst(t *testing.T) {
	p := tokenProvider(nil)
	resp := p.OpenEphemeralResource(context.Background(), schema.OpenEphemeralResourceRequest{TypeName: "token", Config: tokenConfig("bad")})
	if len(resp.Diagnostics) != 1 || resp.Diagnostics[0].Summary != "Invalid name" {
		t.Errorf("diagnostics %v, want Validate's one error", resp.Diagnostics)
	}
	if b := p.EphemeralResources["token"].Schema.Block; !resp.Result.RawEquals(b.Null()) {
		t.Errorf("result %#v, want a null of the schema's type", resp.Result)
	}
	vresp := p.ValidateEphemeralResource(context.Background(), schema.ValidateEphemeralResourceRequest{TypeName: "token", Config: tokenConfig("bad")})
	if len(vresp.Diagnostics) != 1 {
		t.Errorf("validate: diagnostics %v, want one error", vresp.Diagnostics)
	}
}

func TestRenewAndCloseEphemeral(t *testing.T) {
	var closed []string
	p := tokenProvider(&closed)
	ctx := context.Background()
	renew := p.RenewEphemeralResource(ctx, schema.RenewEphemeralResourceRequest{TypeName: "token", Private: []byte("ci")})
	if renew.Diagnostics.HasErrors() || string(renew.Private) != "ci" || !renew.RenewAt.Equal(time.Unix(2*86400, 0)) {
		t.Errorf("renew: %+v, want Renew's private data and time", renew)
	}
	if resp := p.CloseEphemeralResource(ctx, schema.CloseEphemeralResourceRequest{TypeName: "token", Private: []byte("ci")}); resp.Diagnostics.HasErrors() {
		t.Fatal(resp.Diagnostics.Err())
	}
	if len(closed) != 1 || closed[0] != "ci" {
		t.Errorf("closed %q, want [ci]", closed)
	}

	// A type without Renew or Close keeps its private data and closes
	// without a word.
	renew = p.RenewEphemeralResource(ctx, schema.RenewEphemeralResourceRequest{TypeName: "plain", Private: []byte("p")})
	if renew.Diagnostics.HasErrors() || string(renew.Private) != "p" || !renew.RenewAt.IsZero() {
		t.Errorf("renew plain: %+v, want its private data back and no renewal", renew)
	}
	if resp := p.CloseEphemeralResource(ctx, schema.CloseEphemeralResourceRequest{TypeName: "plain"}); resp.Diagnostics.HasErrors() {
		t.Error(resp.Diagnostics.Err())
	}
}

func TestUnknownEphemeralTypeIsAnError(t *testing.T) {
	p := tokenProvider(nil)
	ctx := context.Background()
	calls := map[string]schema.Diagnostics{
		"validate": p.ValidateEphemeralResource(ctx, schema.ValidateEphemeralResourceRequest{TypeName: "nope", Config: cty.EmptyObjectVal}).Diagnostics,
		"open":     p.OpenEphemeralResource(ctx, schema.OpenEphemeralResourceRequest{TypeName: "nope", Config: cty.EmptyObjectVal}).Diagnostics,
		"renew":    p.RenewEphemeralResource(ctx, schema.RenewEphemeralResourceRequest{TypeName: "nope"}).Diagnostics,
		"close":    p.CloseEphemeralResource(ctx, schema.CloseEphemeralResourceRequest{TypeName: "nope"}).Diagnostics,
	}
	for call, diags := range calls {
		if len(diags) != 1 || diags[0].Summary != "Unsupported ephemeral resource type" || diags[0].Severity != schema.Error {
			t.Errorf("%s: diagnostics %v, want one Unsupported ephemeral resource type error", call, diags)
		}
	}
}
