package main

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/engine/state"
	"github.com/trueup/trueup/engine/state/gcs"
	"github.com/trueup/trueup/engine/state/s3"
	"github.com/trueup/trueup/providers/terraform"
	"github.com/trueup/trueup/schema"
)

// terraformProvider is the built-in terraform provider, reading
// terraform_remote_state through trueup's own backends.
func terraformProvider() schema.Provider {
	return terraform.New(terraform.Options{ReadOutputs: readRemoteOutputs, Backends: remoteStateBackends()})
}

// remoteStateBackends are the configuration schemas terraform_remote_state
// accepts: those of backend blocks, the local one with Terraform's
// workspace_dir too.
func remoteStateBackends() map[string]*schema.Block {
	out := map[string]*schema.Block{}
	for name, bt := range backendTypes() {
		out[name] = bt.schema()
	}
	local := *out["local"]
	attrs := map[string]*schema.Attribute{}
	for n, a := range local.Attributes {
		attrs[n] = a
	}
	attrs["workspace_dir"] = &schema.Attribute{Type: cty.String, Optional: true,
		Description: `Directory of non-default workspaces' states (default "terraform.tfstate.d").`}
	local.Attributes = attrs
	out["local"] = &local
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

// openForWorkspace opens a backend at the workspace's state, laid out as
// Terraform lays it out: terraform.tfstate.d/NAME/terraform.tfstate,
// env:/NAME/KEY in S3, PREFIX/NAME.tfstate in GCS.
func openForWorkspace(ctx context.Context, typ string, cfg cty.Value, workspace string) (state.Backend, error) {
	switch typ {
	case "local":
		return state.NewLocal(localWorkspacePath(cfg, workspace)), nil
	case "s3":
		c, err := s3.ConfigFromValue(cfg)
		if err != nil {
			return nil, err
		}
		c.Workspace = workspace
		return s3.New(ctx, c, logger())
	case "gcs":
		c, err := gcs.ConfigFromValue(cfg)
		if err != nil {
			return nil, err
		}
		c.Workspace = workspace
		return gcs.New(ctx, c, logger())
	}
	return nil, fmt.Errorf("backend %q is not supported", typ)
}

func localWorkspacePath(cfg cty.Value, workspace string) string {
	str := func(name string, def string) string {
		if !cfg.Type().HasAttribute(name) {
			return def
		}
		if v := cfg.GetAttr(name); !v.IsNull() {
			return v.AsString()
		}
		return def
	}
	if workspace == "" || workspace == "default" {
		return str("path", defaultStatePath)
	}
	return filepath.Join(str("workspace_dir", "terraform.tfstate.d"), workspace, defaultStatePath)
}
