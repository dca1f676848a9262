package state_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/trueup/trueup/engine/encryption"
	"github.com/trueup/trueup/engine/state"
	"github.com/trueup/trueup/engine/state/statetest"
)

// mustCodec is the encrypting codec of the package's tests.
func mustCodec(t *testing.T) state.Codec {
	return statetest.PassphraseCodec(t, "a passphrase for the conformance suite")
}

// TestLocalConformanceEncrypted runs the backend suite on an encrypted
// state file: conditional writes, locks and history hold when every
// stored version's bytes differ.
func TestLocalConformanceEncrypted(t *testing.T) {
	codec := mustCodec(t)
	statetest.Run(t, func(t *testing.T) func() state.Backend {
		path := filepath.Join(t.TempDir(), "terraform.tfstate")
		t.Cleanup(func() {
			if b, err := os.ReadFile(path); err == nil && len(bytes.TrimSpace(b)) > 0 && !encryption.IsEncrypted(b) {
				t.Errorf("the suite left a plain state file:\n%s", b)
			}
		})
		return func() state.Backend { return state.NewLocalWith(path, codec) }
	})
}
