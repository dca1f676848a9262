package terraform

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/providers/providertest"
	"github.com/trueup/trueup/schema"
)

// storedStates stands in for a backend: states keyed by "PATH/WORKSPACE".
type storedStates map[string]map[string]cty.Value

func (s storedStates) read(ctx context.Context, typ string, cfg cty.Value, workspace string) (map[string]cty.Value, error) {
	if typ != "local" {
		return nil, fmt.Errorf("unexpected backend %q", typ)
	}
	path := "terraform.tfstate"
	if v := cfg.GetAttr("path"); !v.IsNull() {
		path = v.AsString()
	}
	outs, ok := s[path+"/"+workspace]
	if !ok {
		return nil, fmt.Errorf("%s: %w", path, ErrNoState)
	}
	return outs, nil
}

func remoteStateProvider(states storedStates) schema.Provider {
	return New(Options{ReadOutputs: states.read, Backends: map[string]*schema.Block{
		"local": {Attributes: map[string]*schema.Attribute{"path": {Type: cty.String, Optional: true}}},
		"s3": {Attributes: map[string]*schema.Attribute{
			"bucket": {Type: cty.String, Required: true}, "key": {Type: cty.String, Required: true}}},
	}})
}

func TestRemoteStateRead(t *testing.T) {
	s := cty.StringVal
	states := storedStates{
		"a.tfstate/default": {"name": s("a"), "list": cty.TupleVal([]cty.Value{s("x")})},
		"a.tfstate/staging": {"name": s("staging")},
	}
	p := remoteStateProvider(states)
	block := p.GetSchema(context.Background()).Schema.DataSources["terraform_remote_state"].Block
	local := cty.ObjectVal(map[string]cty.Value{"path": s("a.tfstate")})
	tests := []struct {
		name        string
		vals        map[string]cty.Value
		wantOutputs cty.Value
		wantErr     string
	}{
		{name: "outputs of the default workspace",
			vals:        map[string]cty.Value{"backend": s("local"), "config": local},
			wantOutputs: cty.ObjectVal(map[string]cty.Value{"name": s("a"), "list": cty.TupleVal([]cty.Value{s("x")})})},
		{name: "a named workspace, defaults under the stored outputs",
			vals: map[string]cty.Value{"backend": s("local"), "config": local, "workspace": s("staging"),
				"defaults": cty.ObjectVal(map[string]cty.Value{"name": s("d"), "extra": cty.NumberIntVal(1)})},
			wantOutputs: cty.ObjectVal(map[string]cty.Value{"name": s("staging"), "extra": cty.NumberIntVal(1)})},
		{name: "a workspace with no state is an error",
			vals:    map[string]cty.Value{"backend": s("local"), "config": local, "workspace": s("nope")},
			wantErr: "Unable to find remote state"},
		{name: "an unknown backend type is an error",
			vals:    map[string]cty.Value{"backend": s("consul")},
			wantErr: `There is no backend type named "consul"`},
		{name: "a setting the backend does not have is an error",
			vals: map[string]cty.Value{"backend": s("local"),
				"config": cty.ObjectVal(map[string]cty.Value{"path": s("a.tfstate"), "bucket": s("b")})},
			wantErr: `unsupported argument "bucket"`},
		{name: "a missing required setting is an error",
			vals:    map[string]cty.Value{"backend": s("s3"), "config": cty.ObjectVal(map[string]cty.Value{"bucket": s("b")})},
			wantErr: `the argument "key" is required`},
		{name: "defaults that are not an object are an error",
			vals:    map[string]cty.Value{"backend": s("local"), "config": local, "defaults": s("x")},
			wantErr: "Invalid default values"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			config := providertest.Config(block, tt.vals)
			resp := p.ReadData(context.Background(), schema.ReadDataRequest{TypeName: "terraform_remote_state", Config: config})
			if tt.wantErr != "" {
				err := resp.Diagnostics.Err()
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want one containing %q", err, tt.wantErr)
				}
				vresp := p.ValidateResource(context.Background(), schema.ValidateResourceRequest{
					TypeName: "terraform_remote_state", DataSource: true, Config: config})
				if strings.Contains(tt.name, "no state") == vresp.Diagnostics.HasErrors() {
					t.Errorf("validate diagnostics %v: only a missing state is left for the read", vresp.Diagnostics)
				}
				return
			}
			if resp.Diagnostics.HasErrors() {
				t.Fatal(resp.Diagnostics.Err())
			}
			if got := resp.State.GetAttr("outputs"); !got.RawEquals(tt.wantOutputs) {
				t.Errorf("outputs = %#v, want %#v", got, tt.wantOutputs)
			}
			for _, name := range []string{"backend", "config", "defaults", "workspace"} {
				if !resp.State.GetAttr(name).RawEquals(config.GetAttr(name)) {
					t.Errorf("%s = %#v, want the configured %#v", name, resp.State.GetAttr(name), config.GetAttr(name))
				}
			}
		})
	}
}
