package gcs_test

import (
	"context"
	"testing"

	"github.com/trueup/trueup/engine/sandbox"
	"github.com/trueup/trueup/engine/state"
	"github.com/trueup/trueup/engine/state/statetest"
)

func TestStateSurvivesSandboxRestart(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	sb, err := sandbox.Start(ctx, sandbox.Options{DataDir: dir, Buckets: []string{"persist"}})
	if err != nil {
		t.Fatal(err)
	}
	b := mustNew(t, config(sb.GCSURL(), "persist", "app"), nil)
	if _, err := b.Read(ctx); err != nil {
		t.Fatal(err)
	}
	want := statetest.Sample(state.New().Lineage, 7, "persisted")
	if err := b.Write(ctx, want); err != nil {
		t.Fatal(err)
	}
	if err := sb.Close(); err != nil {
		t.Fatalf("close sandbox: %v", err)
	}

	sb2 := startSandbox(t, sandbox.Options{DataDir: dir})
	got, err := mustNew(t, config(sb2.GCSURL(), "persist", "app"), nil).Read(ctx)
	if err != nil || got == nil || got.Serial != 7 || !got.SameContent(want) {
		t.Fatalf("state after restart = %+v, %v; want serial 7 as written", got, err)
	}
}

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
