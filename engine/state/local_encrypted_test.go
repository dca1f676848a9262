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

// mustCodec is a state codec encrypting with a pbkdf2 passphrase.
func mustCodec(t *testing.T) state.Codec {
	t.Helper()
	cfg, diags := encryption.LoadEnv("test", `
key_provider "pbkdf2" "k" {
  passphrase = "a passphrase for the conformance suite"
  iterations = 200000
}
method "aes_gcm" "m" { keys = key_provider.pbkdf2.k }
state {
  method   = method.aes_gcm.m
  enforced = true
}
`)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	enc, diags := encryption.New(cfg, nil)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	return state.Codec{Sealer: enc.State()}
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
