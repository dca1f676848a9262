package run_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trueup/trueup/engine/plans"
	"github.com/trueup/trueup/engine/run"
	"github.com/trueup/trueup/internal/testprovider"
)

// TestNoConfigurationIsRefusedUnlessDestroying applies a stack, removes its
// configuration files, and checks that plan, plan -refresh-only and apply
// refuse to run, as Terraform's do, where they would plan every object for
// destruction; and that a destroy still runs without configuration.
func TestNoConfigurationIsRefusedUnlessDestroying(t *testing.T) {
	store := testprovider.NewStore()
	dir, env := newStack(t, store)
	ctx := context.Background()
	if res := run.PlanAndApply(ctx, env, run.Request{Dir: dir, Vars: names(`["a","b"]`)}, nil); res.Diagnostics.HasErrors() {
		t.Fatal(res.Diagnostics)
	}
	if err := os.Rename(filepath.Join(dir, "main.tf"), filepath.Join(dir, "main.tf.off")); err != nil {
		t.Fatal(err)
	}
	statePath := filepath.Join(dir, "terraform.tfstate")
	before, err := os.ReadFile(statePath)
	if err != nil {
		t.Fatal(err)
	}
	refused := func(name string, res *run.Result, wantDetail string) {
		t.Helper()
		if !res.Diagnostics.HasErrors() || res.Diagnostics[0].Summary != "No configuration files" ||
			!strings.Contains(res.Diagnostics[0].Detail, wantDetail) || !strings.Contains(res.Diagnostics[0].Detail, dir) {
			t.Errorf("%s: diagnostics %v, want \"No configuration files\" with %q and the directory", name, res.Diagnostics, wantDetail)
		}
		if res.Plan != nil || res.Applied {
			t.Errorf("%s: planned %v, applied %v", name, res.Plan != nil, res.Applied)
		}
		if after, err := os.ReadFile(statePath); err != nil || !bytes.Equal(after, before) {
			t.Errorf("%s changed the state (%v)", name, err)
		}
		if len(store.IDs()) != 2 {
			t.Errorf("%s: objects %v, want both kept", name, store.IDs())
		}
	}
	refused("plan", run.Plan(ctx, env, run.Request{Dir: dir}), "Plan requires configuration to be present")
	refused("plan -refresh-only", run.Plan(ctx, env, run.Request{Dir: dir, Mode: plans.RefreshOnlyMode}), "Plan requires configuration")
	refused("apply", run.PlanAndApply(ctx, env, run.Request{Dir: dir}, nil), "Apply requires configuration to be present")
	refused("apply -refresh-only", run.PlanAndApply(ctx, env, run.Request{Dir: dir, Mode: plans.RefreshOnlyMode}, nil), "run 'trueup destroy' instead")

	// refresh (NoConfigOK) reads the objects without configuration, as
	// Terraform's refresh does, and destroys nothing.
	res := run.PlanAndApply(ctx, env, run.Request{Dir: dir, Mode: plans.RefreshOnlyMode, NoConfigOK: true}, nil)
	if res.Diagnostics.HasErrors() || !res.Applied || len(store.IDs()) != 2 {
		var actions []string
		if res.Plan != nil {
			for _, rc := range res.Plan.Changes {
				actions = append(actions, rc.Addr.String()+":"+rc.Action.String())
			}
		}
		t.Fatalf("refresh without configuration: %v, applied %v, objects %v, changes %v, counts %+v", res.Diagnostics, res.Applied, store.IDs(), actions, res.Counts)
	}

	res = run.PlanAndApply(ctx, env, run.Request{Dir: dir, Mode: plans.DestroyMode}, nil)
	if res.Diagnostics.HasErrors() || !res.Applied || res.Counts.Destroy != 2 || len(store.IDs()) != 0 {
		t.Fatalf("destroy without configuration: %v, applied %v, counts %+v, objects left %v", res.Diagnostics, res.Applied, res.Counts, store.IDs())
	}
}
