package apply_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/trueup/trueup/engine/apply"
	"github.com/trueup/trueup/engine/config"
	"github.com/trueup/trueup/engine/eval"
	"github.com/trueup/trueup/engine/lang"
	"github.com/trueup/trueup/engine/plan"
	"github.com/trueup/trueup/engine/plans"
	"github.com/trueup/trueup/engine/state"
	"github.com/trueup/trueup/internal/enginetest"
)

// carried plans s as run.PlanAndApply does for the CLI's apply: the plan
// carries its prepared bodies to the apply in the graph it hands over,
// and drops each parsed body that its prepared body no longer needs. The
// apply is to use provs, the plan's providers, as run's does.
func carried(t *testing.T, s *enginetest.Stack, cfg *config.Config, provs *eval.Providers) (*plans.Plan, *eval.ModuleGraph) {
	t.Helper()
	var g *eval.ModuleGraph
	p := s.MustPlan(func(o *plan.Options) {
		o.Config, o.Providers, o.ReleaseConfig, o.CarryPrepared, o.SkipRelevantAttributes = cfg, provs, true, true, true
		o.Graph = func(mg *eval.ModuleGraph) { g = mg }
	})
	if g == nil {
		t.Fatal("the plan handed over no graph")
	}
	return p, g
}

// TestApplyEvaluatesTheBodiesThePlanCarried applies a plan made in the
// same process: the apply prepares no body the plan carried (it prepares
// the dynamic block's, whose parsed body stays), the plain bodies were
// released once planned, and the objects are the ones an apply of the
// same plan made without carrying records.
func TestApplyEvaluatesTheBodiesThePlanCarried(t *testing.T) {
	files := map[string]string{"main.tf": `
resource "test_thing" "a" {
  count = 3
  name  = "a${count.index}"
}
resource "test_thing" "b" {
  name = "b-${test_thing.a[0].name}"
  tags = { rev = test_thing.a[1].revision }
}
resource "test_thing" "dyn" {
  name = "dyn"
  dynamic "rule" {
    for_each = [80, 443]
    content {
      port = rule.value
    }
  }
}
`}
	want := enginetest.New(t, files)
	want.MustApply()

	s := enginetest.New(t, files)
	cfg := s.Config()
	provs := eval.NewProviders(s.Store.Registry())
	defer provs.Close()
	p, g := carried(t, s, cfg, provs)
	mod := cfg.Module
	for name, released := range map[string]bool{"a": true, "b": true, "dyn": false} {
		r := mod.ManagedResources["test_thing."+name]
		if r.IsBodyReleased() != released {
			t.Errorf("test_thing.%s: body released %v after the plan, want %v", name, r.IsBodyReleased(), released)
		}
	}
	prep := &lang.Preparer{}
	_, diags := s.Apply(p, func(o *apply.Options) {
		o.Config, o.Providers, o.Graph, o.ReleaseConfig, o.Preparer = cfg, provs, g, true, prep
	})
	if diags.HasErrors() {
		t.Fatalf("apply: %s", diags.Error())
	}
	if n := prep.Prepared(); n != 0 {
		t.Errorf("the apply prepared %d bodies the plan carried", n)
	}
	for _, n := range g.Nodes {
		if n.Prepared != nil {
			t.Errorf("%s: the carried body is kept after the apply", n.Resource.Addr())
		}
	}
	for _, addr := range []string{"test_thing.a[0]", "test_thing.a[2]", "test_thing.b", "test_thing.dyn"} {
		got, exp := enginetest.Instance(s.State(), addr), enginetest.Instance(want.State(), addr)
		if got == nil || exp == nil || withoutID(t, got.Attributes) != withoutID(t, exp.Attributes) {
			t.Errorf("%s recorded %s, without carrying %s", addr, recorded(got), recorded(exp))
		}
	}

	// A plan applied without the graph (a saved plan): every body with
	// changes is prepared by the apply, from the configuration.
	s2 := enginetest.New(t, files)
	p2 := s2.MustPlan()
	prep2 := &lang.Preparer{}
	if _, diags := s2.Apply(p2, func(o *apply.Options) { o.Preparer = prep2 }); diags.HasErrors() {
		t.Fatalf("apply: %s", diags.Error())
	}
	if n := prep2.Prepared(); n != 3 {
		t.Errorf("the apply of a plan made elsewhere prepared %d bodies, want 3 (a, b, dyn)", n)
	}
}

// TestApplyDiagnosticOfAReleasedBody applies a body that turns invalid
// only once its dependency is applied (tonumber of an id unknown while
// planning): its parsed body was released after the plan, and the
// diagnostic, which the decoder takes from the body parsed again, is the
// one an apply that kept the body gives, with its file, line and column.
func TestApplyDiagnosticOfAReleasedBody(t *testing.T) {
	files := map[string]string{"main.tf": `
resource "test_thing" "a" {
  name = "a"
}

resource "test_thing" "b" {
  name = "b"
  size = tonumber(test_thing.a.id)
}
`}
	run := func(carry bool) hcl.Diagnostics {
		s := enginetest.New(t, files)
		cfg := s.Config()
		var p *plans.Plan
		var g *eval.ModuleGraph
		provs := eval.NewProviders(s.Store.Registry())
		defer provs.Close()
		if carry {
			p, g = carried(t, s, cfg, provs)
			if !cfg.Module.ManagedResources["test_thing.b"].IsBodyReleased() {
				t.Fatal("test_thing.b: body kept after the plan")
			}
		} else {
			p = s.MustPlan(func(o *plan.Options) { o.Config = cfg })
		}
		_, diags := s.Apply(p, func(o *apply.Options) { o.Config, o.Providers, o.Graph, o.ReleaseConfig = cfg, provs, g, true })
		return diags
	}
	kept, released := run(false), run(true)
	if !kept.HasErrors() {
		t.Fatal("no error applying tonumber of an id")
	}
	describe := func(ds hcl.Diagnostics) string {
		var b strings.Builder
		for _, d := range ds {
			fmt.Fprintf(&b, "%s: %s", d.Summary, d.Detail)
			if d.Subject != nil {
				fmt.Fprintf(&b, " at %s:%d:%d-%d:%d", filepath.Base(d.Subject.Filename), d.Subject.Start.Line, d.Subject.Start.Column, d.Subject.End.Line, d.Subject.End.Column)
			}
			b.WriteString("\n")
		}
		return b.String()
	}
	if got, want := describe(released), describe(kept); got != want {
		t.Errorf("diagnostics of the released body:\n%swith the body kept:\n%s", got, want)
	}
	if s := describe(kept); !strings.Contains(s, "main.tf:8:19") {
		t.Errorf("the diagnostic does not point at the argument (main.tf:8:19): %s", s)
	}
}

func recorded(inst *state.Instance) string {
	if inst == nil {
		return "nothing"
	}
	return string(inst.Attributes)
}
