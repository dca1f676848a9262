package plan_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/trueup/trueup/engine/plans"
	"github.com/trueup/trueup/internal/enginetest"
)

// TestPlanInstancesOfOneResourceInKeyOrder plans the many instances of
// one block, which are planned several at a time: every instance has its
// change, and the diagnostics of the failing ones come in key order, the
// same on every run.
func TestPlanInstancesOfOneResourceInKeyOrder(t *testing.T) {
	const n = 60
	cfg := fmt.Sprintf("resource \"test_thing\" \"a\" {\n  count = %d\n  name  = \"n${count.index}\"\n}\n", n)
	s := enginetest.New(t, map[string]string{"main.tf": cfg})
	p := s.MustPlan()
	for i := range n {
		if rc := enginetest.Change(p, fmt.Sprintf("test_thing.a[%d]", i)); rc == nil || rc.Action != plans.Create {
			t.Fatalf("test_thing.a[%d]: change %+v, want a create", i, rc)
		}
	}
	s.SetConfig(map[string]string{"main.tf": fmt.Sprintf("resource \"test_thing\" \"a\" {\n  count = %d\n  name  = \"n${count.index}\"\n  size  = count.index %% 7 == 3 ? -count.index : 1\n}\n", n)})
	for run := range 3 {
		_, diags := s.Plan()
		if len(diags) != n/7+1 {
			t.Fatalf("run %d: %d diagnostics, want %d: %v", run, len(diags), n/7+1, diags)
		}
		for k, d := range diags {
			if want := fmt.Sprintf("test_thing.a[%d],", 3+7*k); !strings.Contains(d.Detail, want) {
				t.Fatalf("run %d: diagnostic %d is %q, want %s's", run, k, d.Detail, want)
			}
		}
	}
}
