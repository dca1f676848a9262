package state_test

import (
	"path/filepath"
	"testing"

	"github.com/trueup/trueup/engine/state"
	"github.com/trueup/trueup/engine/state/statetest"
)

// TestLocalConformance runs the backend suite with two clients as two
// NewLocal on the same path.
func TestLocalConformance(t *testing.T) {
	statetest.Run(t, func(t *testing.T) func() state.Backend {
		path := filepath.Join(t.TempDir(), "terraform.tfstate")
		return func() state.Backend { return state.NewLocal(path) }
	})
}

// TestLocalWorkspaces runs the workspace suite on terraform.tfstate and
// terraform.tfstate.d in a fresh directory.
func TestLocalWorkspaces(t *testing.T) {
	statetest.RunWorkspaces(t, func(t *testing.T) func() state.Store {
		dir := t.TempDir()
		return func() state.Store {
			return state.NewLocalStore(filepath.Join(dir, "terraform.tfstate"), filepath.Join(dir, "terraform.tfstate.d"))
		}
	})
}
