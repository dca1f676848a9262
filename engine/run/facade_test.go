package run_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/engine/run"
	"github.com/trueup/trueup/engine/state"
	"github.com/trueup/trueup/internal/testprovider"
)

// TestFacadeServesWhatTheCLIUsedToReachForItself applies a stack, then
// uses the functions cmd/trueup calls instead of eval and refactor:
// Validate, Graph, StateDecoder and MoveState.
func TestFacadeServesWhatTheCLIUsedToReachForItself(t *testing.T) {
	store := testprovider.NewStore()
	dir, env := newStack(t, store)
	ctx := context.Background()
	res := run.PlanAndApply(ctx, env, run.Request{Dir: dir, Vars: names(`["a","b"]`)}, nil)
	if res.Diagnostics.HasErrors() {
		t.Fatal(res.Diagnostics)
	}
	cfg, diags := run.LoadConfig(dir)
	diags = append(diags, run.CheckReferences(cfg)...)
	if diags = append(diags, run.Validate(ctx, cfg, store.Registry())...); diags.HasErrors() {
		t.Fatalf("a valid stack does not validate: %s", diags)
	}
	dot, diags := run.Graph(ctx, cfg, store.Registry())
	if diags.HasErrors() || !strings.Contains(dot, "test_thing.t") {
		t.Errorf("graph %q (%s), want test_thing.t in it", dot, diags)
	}

	st, err := state.NewLocal(filepath.Join(dir, "terraform.tfstate")).Read(ctx)
	if err != nil {
		t.Fatal(err)
	}
	dec, done := run.StateDecoder(ctx, store.Registry())
	defer done()
	r := st.Resource(addrs.ManagedResourceMode, "test_thing", "t")
	v, block, err := dec(r, r.Instance(addrs.IntKey(1), ""))
	if err != nil || block == nil || v.GetAttr("name").AsString() != "b" {
		t.Fatalf("decoded test_thing.t[1] = %#v, %v; want name b", v, err)
	}

	from := addrs.Resource{Mode: addrs.ManagedResourceMode, Type: "test_thing", Name: "t"}.Instance(addrs.IntKey(1))
	to := from.Resource.InModule("module.m").Instance(addrs.StringKey("k"))
	moved, err := run.MoveState(st, from, to)
	if err != nil || len(moved) != 1 {
		t.Fatalf("moved %v, %v", moved, err)
	}
	got := st.FindResource(to.Resource)
	if got == nil || got.Instance(to.Key, "") == nil || got.InstanceAddr(got.Instances[0]) != to {
		t.Errorf("after the move, %s is not recorded at its address: %+v", to, got)
	}
	if r.Instance(addrs.IntKey(1), "") != nil {
		t.Errorf("%s is still recorded after the move", from)
	}
	if _, err := run.MoveState(st, to, addrs.Resource{Mode: addrs.ManagedResourceMode, Type: "test_thing", Name: "t"}.Instance(addrs.IntKey(0))); err == nil {
		t.Error("moving onto an existing object was not refused")
	}
}
