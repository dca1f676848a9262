package plan_test

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/engine/eval"
	"github.com/trueup/trueup/engine/plan"
	"github.com/trueup/trueup/engine/plans"
	"github.com/trueup/trueup/internal/enginetest"
	"github.com/trueup/trueup/schema"
)

// overlapProvider holds the read of the object named blocked until the
// instance named first has been planned (PlanResource called with its
// configuration). A plan that reads every object before it plans any
// never gets there: after deadlockGuard the read fails instead, and so
// does the plan.
type overlapProvider struct {
	schema.Provider
	first, blocked string
	// decodes holds blocked's decode too, not only its read.
	decodes bool
	planned chan struct{}
	once    *sync.Once
}

// deadlockGuard is how long overlapProvider holds a read before it calls
// the plan deadlocked: not a timing the test measures, only its way out.
const deadlockGuard = 10 * time.Second

func (p overlapProvider) PlanResource(ctx context.Context, req schema.PlanResourceRequest) schema.PlanResourceResponse {
	if name := req.Config.GetAttr("name"); name.IsKnown() && !name.IsNull() && name.AsString() == p.first {
		p.once.Do(func() { close(p.planned) })
	}
	return p.Provider.PlanResource(ctx, req)
}

func (p overlapProvider) ReadResource(ctx context.Context, req schema.ReadResourceRequest) schema.ReadResourceResponse {
	if req.PriorState.GetAttr("name").AsString() == p.blocked && !p.hold() {
		return schema.ReadResourceResponse{Diagnostics: schema.Errorf(nil, "Refresh not overlapped",
			p.blocked+" is read, but "+p.first+" was not planned: the walk waits for every read")}
	}
	return p.Provider.ReadResource(ctx, req)
}

// UpgradeResourceState holds the decode of blocked as ReadResource holds
// its read, when decodes is set (a plan with -refresh=false reads none).
func (p overlapProvider) UpgradeResourceState(ctx context.Context, req schema.UpgradeResourceStateRequest) schema.UpgradeResourceStateResponse {
	var obj struct{ Name string }
	_ = json.Unmarshal(req.RawJSON, &obj)
	if p.decodes && obj.Name == p.blocked && !p.hold() {
		return schema.UpgradeResourceStateResponse{Diagnostics: schema.Errorf(nil, "Decode not overlapped",
			p.blocked+" is decoded, but "+p.first+" was not planned: the walk waits for every decode")}
	}
	return p.Provider.UpgradeResourceState(ctx, req)
}

// hold waits until first is planned, and reports false when the guard
// ran out first.
func (p overlapProvider) hold() bool {
	select {
	case <-p.planned:
		return true
	case <-time.After(deadlockGuard):
		return false
	}
}

// planOverlapped plans s with first planned before blocked can be read.
func planOverlapped(t *testing.T, s *enginetest.Stack, first, blocked string, opts ...func(*plan.Options)) (*plans.Plan, error) {
	t.Helper()
	return planHolding(t, s, overlapProvider{first: first, blocked: blocked}, opts...)
}

// planHolding plans s through hold's holds, around each of s's providers.
func planHolding(t *testing.T, s *enginetest.Stack, hold overlapProvider, opts ...func(*plan.Options)) (*plans.Plan, error) {
	t.Helper()
	hold.planned, hold.once = make(chan struct{}), &sync.Once{}
	reg := schema.Registry{}
	for name, f := range s.Store.Registry() {
		reg[name] = func() schema.Provider {
			h := hold
			h.Provider = f()
			return h
		}
	}
	provs := eval.NewProviders(reg)
	defer provs.Close()
	p, diags := s.Plan(append([]func(*plan.Options){func(o *plan.Options) { o.Providers = provs }}, opts...)...)
	if diags.HasErrors() {
		return p, diags
	}
	return p, nil
}

// TestPlanOverlapsRefresh: an instance is planned as soon as its own
// object is read, while the other objects are still being read (even at
// -parallelism=1, and among the instances of one resource), instead of
// once every object is read.
func TestPlanOverlapsRefresh(t *testing.T) {
	s := enginetest.New(t, map[string]string{"main.tf": threeThings})
	s.MustApply()
	changeOutOfBand(s, "test_thing.a[2]", "size", cty.NumberIntVal(7)) // drift, found by the read a0's plan does not wait for
	for _, par := range []int{1, 10} {
		p, err := planOverlapped(t, s, "a0", "a2", func(o *plan.Options) { o.Parallelism = par })
		if err != nil {
			t.Fatalf("-parallelism=%d: %v", par, err)
		}
		if rc := enginetest.Change(p, "test_thing.a[2]"); rc == nil || rc.Action != plans.Update {
			t.Errorf("-parallelism=%d: change %+v, want an update of the object changed out of band", par, rc)
		}
		if len(p.Drift) != 1 || p.Stored != 3 || p.Refreshed != 3 {
			t.Errorf("-parallelism=%d: drift %v, %d stored, %d read; want one drifted of 3 stored and read", par, p.Drift, p.Stored, p.Refreshed)
		}
	}
}

// TestPlanWithoutRefreshOverlapsDecoding: with -refresh=false an
// instance is planned as soon as its own object is decoded, while the
// others still are, and the plan is the same: nothing read, every object
// stored, an object changed out of band not seen.
func TestPlanWithoutRefreshOverlapsDecoding(t *testing.T) {
	s := enginetest.New(t, map[string]string{"main.tf": threeThings})
	s.MustApply()
	changeOutOfBand(s, "test_thing.a[2]", "size", cty.NumberIntVal(7))
	for _, par := range []int{1, 10} {
		p, err := planHolding(t, s, overlapProvider{first: "a0", blocked: "a2", decodes: true}, func(o *plan.Options) {
			o.Parallelism, o.SkipRefresh = par, true
		})
		if err != nil {
			t.Fatalf("-parallelism=%d: %v", par, err)
		}
		if rc := enginetest.Change(p, "test_thing.a[2]"); rc == nil || rc.Action != plans.NoOp {
			t.Errorf("-parallelism=%d: change %+v, want no change: nothing is read", par, rc)
		}
		if len(p.Drift) != 0 || p.Stored != 3 || p.Refreshed != 0 || len(p.Changes) != 3 {
			t.Errorf("-parallelism=%d: drift %v, %d stored, %d read, %d changes; want 3 stored, none read", par, p.Drift, p.Stored, p.Refreshed, len(p.Changes))
		}
	}
}

// TestPlanOverlapsRefreshAcrossResources: a resource is planned once its
// objects are read, while another resource's are still being read: the
// graph is built and walked during the refresh.
func TestPlanOverlapsRefreshAcrossResources(t *testing.T) {
	s := enginetest.New(t, chainsTF(1, true))
	s.MustApply()
	if _, err := planOverlapped(t, s, "a", "d", func(o *plan.Options) { o.Parallelism = 1 }); err != nil {
		t.Fatal(err)
	}
}

// TestRefreshReadErrorFailsThePlan: when a read fails while the walk runs
// beside the refresh, the plan fails with the read's error alone, as when
// it came before the walk, and nothing the walk planned meanwhile is kept.
// The other objects are still read, as before.
func TestRefreshReadErrorFailsThePlan(t *testing.T) {
	s := enginetest.New(t, map[string]string{"main.tf": threeThings})
	s.MustApply()
	changeOutOfBand(s, "test_thing.a[1]", "fail", cty.StringVal("read"))
	// a1's read fails once a0 is planned: the walk has planned something.
	log, planned, once := &callLog{}, make(chan struct{}), &sync.Once{}
	reg := schema.Registry{}
	for name, f := range s.Store.Registry() {
		reg[name] = func() schema.Provider {
			return overlapProvider{Provider: loggingProvider{Provider: f(), log: log}, first: "a0", blocked: "a1", planned: planned, once: once}
		}
	}
	provs := eval.NewProviders(reg)
	defer provs.Close()
	p, diags := s.Plan(func(o *plan.Options) { o.Providers, o.Parallelism = provs, 1 })
	if !diags.HasErrors() {
		t.Fatal("the plan succeeded with an object that cannot be read")
	}
	if errs := diags.Errs(); len(errs) != 1 || !strings.Contains(errs[0].Error(), "Read failed") {
		t.Errorf("errors %v, want the read's alone", errs)
	}
	if !p.Errored || len(p.Changes) != 0 || len(p.Drift) != 0 {
		t.Errorf("errored %v with %d changes and drift %v, want an errored plan with none", p.Errored, len(p.Changes), p.Drift)
	}
	if want := []string{"decode a0", "read a0", "decode a1", "read a1", "decode a2", "read a2"}; !slices.Equal(log.calls, want) {
		t.Errorf("calls at -parallelism=1:\n%q\nwant\n%q", log.calls, want)
	}
}
