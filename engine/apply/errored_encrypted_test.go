package apply_test

import (
	"os"
	"testing"

	"github.com/trueup/trueup/engine/apply"
	"github.com/trueup/trueup/engine/encryption"
	"github.com/trueup/trueup/engine/state"
	"github.com/trueup/trueup/internal/enginetest"
)

// TestErroredStateIsEncryptedLikeTheBackend: when state encryption is
// configured, the state the backend refused goes to errored.tfstate
// encrypted, and the same codec reads it back.
func TestErroredStateIsEncryptedLikeTheBackend(t *testing.T) {
	t.Chdir(t.TempDir())
	cfg, diags := encryption.LoadEnv("test", `
key_provider "pbkdf2" "k" {
  passphrase = "errored state passphrase"
  iterations = 200000
}
method "aes_gcm" "m" { keys = key_provider.pbkdf2.k }
state { method = method.aes_gcm.m }
`)
	enc, d := encryption.New(cfg, nil)
	if diags = append(diags, d...); diags.HasErrors() {
		t.Fatal(diags)
	}
	codec := state.Codec{Sealer: enc.State()}
	s := enginetest.New(t, map[string]string{"main.tf": "resource \"test_thing\" \"a\" {\n  name = \"a\"\n}\n"})
	rogue := &rogueWriter{backend: state.NewLocal(s.Backend.Path())}
	_, diags = s.Apply(s.MustPlan(), func(o *apply.Options) { o.Hook = rogue; o.Codec = codec })
	if !diags.HasErrors() {
		t.Fatal("the refused write was not reported")
	}
	b, err := os.ReadFile(apply.ErroredStateFile)
	if err != nil {
		t.Fatalf("errored.tfstate: %v", err)
	}
	if !encryption.IsEncrypted(b) {
		t.Fatalf("errored.tfstate is written in clear:\n%s", b)
	}
	saved, err := codec.Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	if enginetest.Instance(saved, "test_thing.a") == nil {
		t.Error("errored.tfstate lost the created object")
	}
}
