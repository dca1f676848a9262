package statetest

import (
	"fmt"
	"testing"

	"github.com/trueup/trueup/engine/encryption"
	"github.com/trueup/trueup/engine/state"
)

// PassphraseCodec returns a state codec that encrypts with AES-GCM under
// a key derived from passphrase (pbkdf2), enforced: what a backend stores
// with it is ciphertext, and a codec of another passphrase cannot read it.
func PassphraseCodec(t testing.TB, passphrase string) state.Codec {
	t.Helper()
	cfg, diags := encryption.LoadEnv("test", fmt.Sprintf(`
key_provider "pbkdf2" "k" {
  passphrase = %q
  iterations = 200000
}
method "aes_gcm" "m" { keys = key_provider.pbkdf2.k }
state {
  method   = method.aes_gcm.m
  enforced = true
}
`, passphrase))
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	enc, diags := encryption.New(cfg, nil)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	return state.Codec{Sealer: enc.State()}
}
