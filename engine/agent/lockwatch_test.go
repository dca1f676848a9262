package agent

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/engine/state"
)

// TestWatchedLocalBackendJournals checks that the agent's lock-watching
// wrapper does not hide the local backend's journal: an agent apply's
// intermediate writes append to it (state.JournalerOf, which the
// persister uses), and a reader replays them.
func TestWatchedLocalBackendJournals(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "terraform.tfstate")
	var b state.Backend = &watchedBackend{Backend: state.NewLocal(path), w: &lockWatch{agent: "test"}}
	j, ok := state.JournalerOf(b)
	if !ok {
		t.Fatal("a watched local backend is not a Journaler: agent applies never journal")
	}
	if _, err := b.Lock(ctx, state.NewLockInfo("OperationTypeApply")); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Read(ctx); err != nil {
		t.Fatal(err)
	}
	a := addrs.Resource{Mode: addrs.ManagedResourceMode, Type: "null_resource", Name: "a"}
	base := state.New()
	base.SetInstance(a, "p", &state.Instance{Key: addrs.IntKey(0), Attributes: json.RawMessage(`{"id":"0"}`)})
	if err := b.Write(ctx, base); err != nil {
		t.Fatal(err)
	}
	if err := j.AppendJournal(ctx, []state.JournalEntry{{Op: state.JournalSetInstance, Addr: a, Provider: "p",
		Instance: &state.Instance{Key: addrs.IntKey(1), Attributes: json.RawMessage(`{"id":"1"}`)}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path + ".journal"); err != nil {
		t.Fatalf("no journal after an append through the watched backend: %v", err)
	}
	got, err := state.NewLocal(path).Read(ctx)
	if err != nil || got.FindResource(a).Instance(addrs.IntKey(1), "") == nil {
		t.Fatalf("a reader does not see the appended record (%v)", err)
	}
}
