package apply_test

import (
	"context"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/trueup/trueup/engine/apply"
	"github.com/trueup/trueup/engine/hook"
	"github.com/trueup/trueup/engine/plans"
	"github.com/trueup/trueup/engine/state"
	"github.com/trueup/trueup/internal/enginetest"
)

// rogueWriter is a second client of the same state file that writes a
// newer state while apply runs, as a process ignoring the lock would.
type rogueWriter struct {
	hook.Nop
	backend *state.Local
	once    sync.Once
	err     error
}

func (h *rogueWriter) PostApply(string, plans.Action, time.Duration, string, error) {
	h.once.Do(func() {
		ctx := context.Background()
		st, err := h.backend.Read(ctx)
		if err != nil {
			h.err = err
			return
		}
		if st == nil {
			st = state.New()
		}
		st.Serial += 10
		h.err = h.backend.Write(ctx, st)
	})
}

// TestApplyWritesErroredStateWhenTheBackendRefusesIt: the objects created
// are never lost; the state goes to errored.tfstate in the working
// directory and the error says so.
func TestApplyWritesErroredStateWhenTheBackendRefusesIt(t *testing.T) {
	t.Chdir(t.TempDir())
	s := enginetest.New(t, map[string]string{"main.tf": "resource \"test_thing\" \"a\" {\n  name = \"a\"\n}\n"})
	rogue := &rogueWriter{backend: state.NewLocal(s.Backend.Path())}
	res, diags := s.Apply(s.MustPlan(), func(o *apply.Options) { o.Hook = rogue })
	if rogue.err != nil {
		t.Fatalf("the second writer failed: %v", rogue.err)
	}
	if !diags.HasErrors() || diags[0].Summary != "Failed to save state" || res.SaveErr == nil {
		t.Fatalf("diagnostics %v, save error %v: want the refused write reported", diags, res.SaveErr)
	}
	b, err := os.ReadFile(apply.ErroredStateFile)
	if err != nil {
		t.Fatalf("errored.tfstate: %v", err)
	}
	saved, err := state.Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	ids := s.Store.IDs()
	if inst := enginetest.Instance(saved, "test_thing.a"); inst == nil || len(ids) != 1 || !strings.Contains(string(inst.Attributes), ids[0]) {
		t.Errorf("errored.tfstate holds %+v; the platform holds %v", inst, ids)
	}
}
