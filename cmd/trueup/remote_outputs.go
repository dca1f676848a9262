package main

import (
	"context"
	"fmt"
	"os"
	"sync"

	"github.com/trueup/trueup/engine/config"
	"github.com/trueup/trueup/engine/run"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/engine/state"
	"github.com/trueup/trueup/providers/terraform"
	"github.com/trueup/trueup/schema"
)

// terraformProvider is the built-in terraform provider, reading
// terraform_remote_state through trueup's own backends.
func terraformProvider() schema.Provider {
	return terraform.New(terraform.Options{ReadOutputs: readRemoteOutputs, Backends: remoteStateBackends()})
}

// remoteStateBackends are the configuration schemas terraform_remote_state
// accepts: those of backend blocks (the local one with workspace_dir, as
// in Terraform).
func remoteStateBackends() map[string]*schema.Block {
	out := map[string]*schema.Block{}
	for name, bt := range backendTypes() {
		out[name] = bt.schema()
	}
	return out
}

// readRemoteOutputs opens the backend for workspace and returns its state's
// root outputs, or terraform.ErrNoState.
func readRemoteOutputs(ctx context.Context, typ string, cfg cty.Value, workspace string) (map[string]cty.Value, error) {
	b, err := openForWorkspace(ctx, typ, cfg, workspace)
	if err != nil {
		return nil, err
	}
	s, err := b.Read(ctx)
	if err != nil {
		return nil, err
	}
	if s == nil {
		return nil, fmt.Errorf("%s: %w", b, terraform.ErrNoState)
	}
	out := make(map[string]cty.Value, len(s.Outputs))
	for name, o := range s.Outputs {
		out[name] = o.Value
	}
	return out, nil
}

// openForWorkspace opens a backend at the workspace's state through the
// backend's state.Store, which lays workspaces out as Terraform does:
// terraform.tfstate.d/NAME/terraform.tfstate, env:/NAME/KEY in S3,
// PREFIX/NAME.tfstate in GCS.
func openForWorkspace(ctx context.Context, typ string, cfg cty.Value, workspace string) (state.Backend, error) {
	bt, ok := backendTypes()[typ]
	if !ok {
		return nil, fmt.Errorf("backend %q is not supported", typ)
	}
	codec, err := remoteStateCodec()
	if err != nil {
		return nil, err
	}
	st, err := bt.open(ctx, cfg, codec, logger())
	if err != nil {
		return nil, err
	}
	if workspace == "" {
		workspace = state.DefaultWorkspace
	}
	return st.Workspace(workspace)
}

// remoteStateCodec decrypts what terraform_remote_state reads: the
// remote_state_data_sources target of the encryption configured in the
// working directory's stack and TF_ENCRYPTION. Built once per process.
var remoteStateCodec = sync.OnceValues(func() (state.Codec, error) {
	mod, diags := config.Load(".")
	if diags.HasErrors() {
		mod = nil
	}
	enc, diags := run.Encryption(".", mod, os.Environ(), nil)
	if diags.HasErrors() {
		return state.Codec{}, fmt.Errorf("encryption configuration: %s", diags.Error())
	}
	if t := enc.RemoteState(); t != nil {
		return state.Codec{Sealer: t}, nil
	}
	return state.Codec{}, nil
})
