package plan_test

import (
	"testing"

	"github.com/trueup/trueup/engine/plans"
	"github.com/trueup/trueup/internal/enginetest"
)

// TestPlanDiagnosticsPointAtTheirSource checks that errors from the
// provider and from lifecycle rules name the configuration line at fault,
// and that an errored plan is marked so.
func TestPlanDiagnosticsPointAtTheirSource(t *testing.T) {
	for _, tc := range []struct {
		name          string
		before, after string
		summary       string
		line          int
	}{
		{name: "a provider's validation error names the attribute",
			after: "resource \"test_thing\" \"a\" {\n  name = \"a\"\n  size = -1\n}\n", summary: "Invalid size", line: 3},
		{name: "a provider's plan error names the attribute",
			after: "resource \"test_thing\" \"a\" {\n  name = \"a\"\n\n  fail = \"plan\"\n}\n", summary: "Plan failed", line: 4},
		{name: "prevent_destroy refuses a replace",
			before:  "resource \"test_thing\" \"a\" {\n  name = \"a\"\n  zone = \"z1\"\n  lifecycle {\n    prevent_destroy = true\n  }\n}\n",
			after:   "resource \"test_thing\" \"a\" {\n  name = \"a\"\n  zone = \"z2\"\n  lifecycle {\n    prevent_destroy = true\n  }\n}\n",
			summary: "Instance cannot be destroyed", line: 1},
		{name: "a reference to an undeclared resource",
			after: "resource \"test_thing\" \"a\" {\n  name = test_thing.nope.id\n}\n", summary: "Reference to undeclared resource", line: 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := enginetest.New(t, map[string]string{"main.tf": tc.before})
			if tc.before != "" {
				s.MustApply()
			}
			s.SetConfig(map[string]string{"main.tf": tc.after})
			p, diags := s.Plan()
			if !diags.HasErrors() || !p.Errored {
				t.Fatalf("plan succeeded (errored=%v): %v", p.Errored, diags)
			}
			d := diags[0]
			if d.Summary != tc.summary || d.Subject == nil || d.Subject.Start.Line != tc.line {
				t.Errorf("diagnostic %q at %v, want %q on line %d", d.Summary, d.Subject, tc.summary, tc.line)
			}
		})
	}
}

func TestPlanReplacesATaintedObject(t *testing.T) {
	cfg := "resource \"test_thing\" \"a\" {\n  name = \"a\"\n  fail = \"after-create\"\n}\n"
	s := enginetest.New(t, map[string]string{"main.tf": cfg})
	if _, diags := s.Apply(s.MustPlan()); !diags.HasErrors() {
		t.Fatal("apply of fail = after-create succeeded")
	}
	s.SetConfig(map[string]string{"main.tf": "resource \"test_thing\" \"a\" {\n  name = \"a\"\n}\n"})
	rc := enginetest.Change(s.MustPlan(), "test_thing.a")
	if rc == nil || rc.Action != plans.DeleteThenCreate || rc.Reason != plans.ReasonTainted {
		t.Errorf("change %+v, want a replace because the object is tainted", rc)
	}
}
