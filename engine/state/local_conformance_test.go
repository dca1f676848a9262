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
