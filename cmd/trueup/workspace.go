package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/trueup/trueup/engine/config"
	"github.com/trueup/trueup/engine/state"
)

// environmentPath is where the selected workspace is kept, as Terraform
// keeps it: the name alone, in the data directory of the working
// directory.
const environmentPath = ".terraform/environment"

// workspaceEnv overrides the selected workspace, as in Terraform.
const workspaceEnv = "TF_WORKSPACE"

// errInvalidWorkspaceEnv is Terraform's error for an invalid TF_WORKSPACE.
var errInvalidWorkspaceEnv = errors.New("Invalid workspace name set using TF_WORKSPACE")

// currentWorkspace returns the workspace commands work on: TF_WORKSPACE
// when set (overridden), else the name in .terraform/environment, else
// "default".
func currentWorkspace() (name string, overridden bool, err error) {
	if env := os.Getenv(workspaceEnv); env != "" {
		if state.ValidateWorkspaceName(env) != nil {
			return "", true, errInvalidWorkspaceEnv
		}
		return env, true, nil
	}
	b, err := os.ReadFile(environmentPath)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return "", false, fmt.Errorf("reading the selected workspace: %w", err)
	}
	name = string(bytes.TrimSpace(b))
	if name == "" {
		return state.DefaultWorkspace, false, nil
	}
	if err := state.ValidateWorkspaceName(name); err != nil {
		return "", false, fmt.Errorf("%s: %w", environmentPath, err)
	}
	return name, false, nil
}

// workspaceOrDefault is the current workspace, or "default" when it cannot
// be determined: backendFor reports that error when the state is opened.
func workspaceOrDefault() string {
	name, _, err := currentWorkspace()
	if err != nil {
		return state.DefaultWorkspace
	}
	return name
}

// selectWorkspace records name in .terraform/environment.
func selectWorkspace(name string) error {
	if err := os.MkdirAll(filepath.Dir(environmentPath), 0o755); err != nil {
		return err
	}
	return os.WriteFile(environmentPath, []byte(name), 0o644)
}

// storeFor opens the backend the configuration selects, with all its
// workspaces, with what `trueup init` saved and -backend-config arguments
// merged in.
func (c *cli) storeFor(ctx context.Context, mod *config.Module, backendArgs []string) (state.Store, error) {
	codec, err := c.stateCodec(mod, nil)
	if err != nil {
		return nil, err
	}
	bs, err := c.backendSetting(ctx, mod, backendArgs, codec)
	if err != nil {
		return nil, err
	}
	return bs.open(ctx, codec)
}

// openWorkspace returns a client on the workspace's state, creating the
// workspace first when it is not the default one, as Terraform does for
// every command that uses a workspace's state (a directory for the local
// backend, an empty state object in S3 and GCS).
func openWorkspace(ctx context.Context, st state.Store, name string) (state.Backend, error) {
	if name != state.DefaultWorkspace {
		if err := st.CreateWorkspace(ctx, name); err != nil {
			return nil, err
		}
	}
	return st.Workspace(name)
}

// localStateLeft returns the path of the first local state file (of any
// workspace: terraform.tfstate, terraform.tfstate.d/NAME) that holds
// state, or "".
func localStateLeft(ctx context.Context, codec state.Codec) string {
	st := state.NewLocalStore(defaultStatePath, state.DefaultWorkspaceDir)
	st.Codec = codec
	names, err := st.Workspaces(ctx)
	if err != nil {
		return ""
	}
	for _, name := range names {
		b, err := st.Workspace(name)
		if err != nil {
			continue
		}
		if s, err := b.Read(ctx); err == nil && s != nil && !s.Empty() {
			if l, ok := b.(*state.Local); ok {
				return l.Path()
			}
			return b.String()
		}
	}
	return ""
}
