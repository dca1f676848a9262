package plan_test

import (
	"context"
	"runtime"
	"testing"
	"weak"

	"github.com/trueup/trueup/engine/eval"
	"github.com/trueup/trueup/engine/plan"
	"github.com/trueup/trueup/internal/enginetest"
)

// TestPlanTakesTheEarlyEvaluator plans with what StartEarly began: the
// plan takes up its evaluator, and the Early, which the caller keeps until
// the run ends (through the apply), no longer holds it, so the plan's
// evaluator (a record and the planned value of every instance) is not
// live through the apply.
func TestPlanTakesTheEarlyEvaluator(t *testing.T) {
	s := enginetest.New(t, map[string]string{"main.tf": `
resource "test_thing" "a" {
  count = 3
  name  = "a${count.index}"
}
`})
	var early *plan.Early
	var ev weak.Pointer[eval.Evaluator]
	p := s.MustPlan(func(o *plan.Options) {
		early = plan.StartEarly(context.Background(), *o)
		early.Wait()
		ev = weak.Make(plan.EarlyEvaluator(early))
		o.Early = early
	})
	if got := len(enginetest.Actions(p)); got != 3 {
		t.Fatalf("%d changes, want 3", got)
	}
	runtime.GC()
	if ev.Value() != nil {
		t.Error("the plan's evaluator is still live after the plan, held by the Early its caller keeps")
	}
	runtime.KeepAlive(early)
}
