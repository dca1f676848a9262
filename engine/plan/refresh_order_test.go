package plan_test

import (
	"context"
	"encoding/json"
	"github.com/trueup/trueup/engine/plans"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/trueup/trueup/engine/eval"
	"github.com/trueup/trueup/engine/plan"
	"github.com/trueup/trueup/internal/enginetest"
	"github.com/trueup/trueup/schema"
)

// callLog records a provider's UpgradeResourceState and ReadResource
// calls, by object name.
type callLog struct {
	mu    sync.Mutex
	calls []string
}

func (l *callLog) add(call string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.calls = append(l.calls, call)
}

// loggingProvider logs its decodes and reads, and fails the decode of the
// object named failUpgrade.
type loggingProvider struct {
	schema.Provider
	log         *callLog
	failUpgrade string
}

func (p loggingProvider) UpgradeResourceState(ctx context.Context, req schema.UpgradeResourceStateRequest) schema.UpgradeResourceStateResponse {
	var obj struct{ Name string }
	_ = json.Unmarshal(req.RawJSON, &obj)
	p.log.add("decode " + obj.Name)
	if obj.Name == p.failUpgrade {
		return schema.UpgradeResourceStateResponse{Diagnostics: schema.Errorf(nil, "Cannot decode", "the object is broken")}
	}
	return p.Provider.UpgradeResourceState(ctx, req)
}

func (p loggingProvider) ReadResource(ctx context.Context, req schema.ReadResourceRequest) schema.ReadResourceResponse {
	p.log.add("read " + req.PriorState.GetAttr("name").AsString())
	return p.Provider.ReadResource(ctx, req)
}

const threeThings = `
resource "test_thing" "a" {
  count = 3
  name  = "a${count.index}"
}
`

// planLogged plans s at -parallelism=1 with its provider's decodes and
// reads logged.
func planLogged(t *testing.T, s *enginetest.Stack, failUpgrade string, opts ...func(*plan.Options)) ([]string, error) {
	t.Helper()
	calls, _, err := planLoggedPlan(t, s, failUpgrade, opts...)
	return calls, err
}

// planLoggedPlan is planLogged that also returns the plan.
func planLoggedPlan(t *testing.T, s *enginetest.Stack, failUpgrade string, opts ...func(*plan.Options)) ([]string, *plans.Plan, error) {
	t.Helper()
	log := &callLog{}
	reg := schema.Registry{}
	for name, f := range s.Store.Registry() {
		reg[name] = func() schema.Provider { return loggingProvider{Provider: f(), log: log, failUpgrade: failUpgrade} }
	}
	provs := eval.NewProviders(reg)
	p, diags := s.Plan(append([]func(*plan.Options){func(o *plan.Options) {
		o.Providers, o.Parallelism = provs, 1
	}}, opts...)...)
	provs.Close()
	if diags.HasErrors() {
		return log.calls, p, diags
	}
	return log.calls, p, nil
}

// TestRefreshReadsEachObjectOnceDecoded: a full refresh reads an object as
// soon as it is decoded, instead of decoding every object first, so that
// decoding state overlaps the calls.
func TestRefreshReadsEachObjectOnceDecoded(t *testing.T) {
	s := enginetest.New(t, map[string]string{"main.tf": threeThings})
	s.MustApply()
	calls, err := planLogged(t, s, "")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"decode a0", "read a0", "decode a1", "read a1", "decode a2", "read a2"}
	if !slices.Equal(calls, want) {
		t.Errorf("calls at -parallelism=1:\n%q\nwant\n%q", calls, want)
	}
}

// TestRefreshStopsReadingAfterADecodeFails: once an object cannot be
// decoded, no further read starts and the plan fails with the decode's
// error, as when every object was decoded before the first read.
func TestRefreshStopsReadingAfterADecodeFails(t *testing.T) {
	s := enginetest.New(t, map[string]string{"main.tf": threeThings})
	s.MustApply()
	calls, err := planLogged(t, s, "a1")
	if err == nil {
		t.Fatal("the plan succeeded with an object that cannot be decoded")
	}
	if want := []string{"decode a0", "read a0", "decode a1", "decode a2"}; !slices.Equal(calls, want) {
		t.Errorf("calls at -parallelism=1:\n%q\nwant\n%q", calls, want)
	}
}

// TestPlanWithoutRefreshFailsOnADecodeError: with -refresh=false, whose
// walk runs beside the decoding, an object that cannot be decoded fails
// the plan with the decode's error alone, reads nothing, and keeps none
// of what the walk planned meanwhile.
func TestPlanWithoutRefreshFailsOnADecodeError(t *testing.T) {
	s := enginetest.New(t, map[string]string{"main.tf": threeThings})
	s.MustApply()
	calls, p, err := planLoggedPlan(t, s, "a1", func(o *plan.Options) { o.SkipRefresh = true })
	if err == nil {
		t.Fatal("the plan succeeded with an object that cannot be decoded")
	}
	if !strings.Contains(err.Error(), "the object is broken") || strings.Contains(err.Error(), "Read") {
		t.Errorf("error %v, want the decode's alone", err)
	}
	for _, c := range calls {
		if strings.HasPrefix(c, "read ") {
			t.Errorf("calls %q: -refresh=false read an object", calls)
		}
	}
	if p == nil || !p.Errored || len(p.Changes) != 0 {
		t.Errorf("plan %+v, want an errored plan without changes", p)
	}
}
