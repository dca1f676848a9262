package plan_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/trueup/trueup/engine/eval"
	"github.com/trueup/trueup/engine/plan"
	"github.com/trueup/trueup/internal/enginetest"
	"github.com/trueup/trueup/schema"
)

// gatedPlanner holds each PlanResource until limit calls are in flight
// at once, then lets every call through, and records the most in flight.
type gatedPlanner struct {
	schema.Provider
	limit    int
	mu       sync.Mutex
	inFlight int
	most     int
	opened   bool
	open     chan struct{}
	// starved says a call gave up waiting for the limit to be reached:
	// fewer calls than the limit ran at once.
	starved bool
}

func (p *gatedPlanner) PlanResource(ctx context.Context, req schema.PlanResourceRequest) schema.PlanResourceResponse {
	p.mu.Lock()
	p.inFlight++
	p.most = max(p.most, p.inFlight)
	if p.inFlight == p.limit && !p.opened {
		p.opened = true
		close(p.open)
	}
	p.mu.Unlock()
	select {
	case <-p.open:
	case <-time.After(30 * time.Second): // not a timing: a plan that would never finish
		p.mu.Lock()
		p.starved = true
		if !p.opened { // the rest go through: one failure, not forty waits
			p.opened = true
			close(p.open)
		}
		p.mu.Unlock()
	}
	defer func() { p.mu.Lock(); p.inFlight--; p.mu.Unlock() }()
	return p.Provider.PlanResource(ctx, req)
}

// TestPlanInstancesUpToParallelism: a resource's instances are planned
// -parallelism at a time, not fewer (the plan would not finish: the first
// calls wait for the limit to be reached) and not more.
func TestPlanInstancesUpToParallelism(t *testing.T) {
	s := enginetest.New(t, map[string]string{"main.tf": `
resource "test_thing" "a" {
  count = 40
  name  = "a${count.index}"
}
`})
	gp := &gatedPlanner{limit: 3, open: make(chan struct{})}
	reg := schema.Registry{}
	for name, f := range s.Store.Registry() {
		reg[name] = func() schema.Provider { gp.Provider = f(); return gp }
	}
	provs := eval.NewProviders(reg)
	defer provs.Close()
	p, diags := s.Plan(func(o *plan.Options) { o.Providers, o.Parallelism = provs, gp.limit })
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	if len(p.Changes) != 40 {
		t.Errorf("%d changes planned, want 40", len(p.Changes))
	}
	if gp.starved {
		t.Errorf("the calls waited a minute for %d plans at once, and at most %d ran (-parallelism %d)", gp.limit, gp.most, gp.limit)
	}
	if gp.most != gp.limit {
		t.Errorf("at most %d plans at once, want %d (-parallelism)", gp.most, gp.limit)
	}
}
