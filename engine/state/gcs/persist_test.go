package gcs_test

import (
	"context"
	"testing"

	"github.com/trueup/trueup/engine/sandbox"
	"github.com/trueup/trueup/engine/state"
	"github.com/trueup/trueup/engine/state/statetest"
)

func TestStorageEmulatorHostIsHonoured(t *testing.T) {
	ctx := context.Background()
	sb := startSandbox(t, sandbox.Options{Buckets: []string{"via-env"}})
	for _, kv := range sb.Env() {
		if k, v, _ := cut(kv); k == "STORAGE_EMULATOR_HOST" {
			t.Setenv(k, v)
		}
	}
	b := mustNew(t, gcsConfig("via-env"), nil)
	if _, err := b.Read(ctx); err != nil {
		t.Fatalf("Read through STORAGE_EMULATOR_HOST: %v", err)
	}
	want := statetest.Sample(state.New().Lineage, 1, "env")
	if err := b.Write(ctx, want); err != nil {
		t.Fatalf("Write through STORAGE_EMULATOR_HOST: %v", err)
	}
	got, _ := getObject(t, rawGCS(t, sb.GCSURL()), "via-env", "default.tfstate")
	if got == "" {
		t.Fatal("the state is not in the emulator's bucket")
	}
}
