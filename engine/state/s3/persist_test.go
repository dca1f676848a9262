package s3_test

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
	b := mustNew(t, config(sb.S3URL(), "persist", "app.tfstate"), nil)
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
	got, err := mustNew(t, config(sb2.S3URL(), "persist", "app.tfstate"), nil).Read(ctx)
	if err != nil || got == nil || got.Serial != 7 || !got.SameContent(want) {
		t.Fatalf("state after restart = %+v, %v; want serial 7 as written", got, err)
	}
}
