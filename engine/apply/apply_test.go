package apply_test

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/trueup/trueup/engine/apply"
	"github.com/trueup/trueup/engine/plan"
	"github.com/trueup/trueup/engine/plans"
	"github.com/trueup/trueup/internal/enginetest"
)

// attrs decodes the attributes recorded in state for addr.
func attrs(t *testing.T, s *enginetest.Stack, addr string) map[string]any {
	t.Helper()
	inst := enginetest.Instance(s.State(), addr)
	if inst == nil {
		t.Fatalf("no %s in state", addr)
	}
	var m map[string]any
	if err := json.Unmarshal(inst.Attributes, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func TestApplyRecordsCreatedObjects(t *testing.T) {
	s := enginetest.New(t, map[string]string{"main.tf": `
resource "test_thing" "a" {
  name   = "a"
  secret = "hunter2"
}
resource "test_thing" "b" {
  name = "b-${test_thing.a.id}"
}
output "b_name" {
  value = test_thing.b.name
}
`})
	res := s.MustApply()
	if res.Counts.Add != 2 {
		t.Errorf("counts %+v, want 2 added", res.Counts)
	}
	a := attrs(t, s, "test_thing.a")
	id, _ := a["id"].(string)
	if !strings.HasPrefix(id, "thing-") || a["revision"] != float64(1) || a["note"] != "default-note" {
		t.Errorf("a in state %v, want the provider's id, revision 1 and default note", a)
	}
	if b := attrs(t, s, "test_thing.b"); b["name"] != "b-"+id {
		t.Errorf("b.name %v, want it computed from a's id %s after a was created", b["name"], id)
	}
	if got := s.Store.Names(); !slices.Equal(got, []string{"a", "b-" + id}) {
		t.Errorf("the platform holds %v", got)
	}
	st := s.State()
	inst := enginetest.Instance(st, "test_thing.b")
	if !slices.Equal(inst.Dependencies, []string{"test_thing.a"}) || inst.SchemaVersion != 1 || string(inst.Private) != "created" {
		t.Errorf("b recorded deps %v, schema version %d, private %q", inst.Dependencies, inst.SchemaVersion, inst.Private)
	}
	if sa := enginetest.Instance(st, "test_thing.a").SensitiveAttributes; len(sa) != 1 {
		t.Errorf("a's sensitive paths %v, want [secret]", sa)
	}
	if out := st.Outputs["b_name"]; out == nil || out.Value.AsString() != "b-"+id {
		t.Errorf("output b_name %+v", out)
	}
	if st.Serial == 0 || st.Lineage == "" {
		t.Errorf("state serial %d lineage %q", st.Serial, st.Lineage)
	}
	if c := s.MustPlan().Counts(); c != (plans.Counts{}) {
		t.Errorf("a plan after apply counts %+v, want nothing to do", c)
	}
}

func TestApplyUpdateFillsValuesKnownAfterApply(t *testing.T) {
	s := enginetest.New(t, map[string]string{"main.tf": "resource \"test_thing\" \"a\" {\n  name = \"a\"\n  size = 1\n}\n"})
	s.MustApply()
	s.SetConfig(map[string]string{"main.tf": "resource \"test_thing\" \"a\" {\n  name = \"a\"\n  size = 2\n}\n"})
	res := s.MustApply()
	if a := attrs(t, s, "test_thing.a"); a["revision"] != float64(2) || a["size"] != float64(2) {
		t.Errorf("a in state %v, want size 2 at revision 2", a)
	}
	if res.Counts.Change != 1 {
		t.Errorf("counts %+v, want 1 changed", res.Counts)
	}
}

// TestApplyPartialFailure: a failed resource stops its dependents and
// nothing else; what completed is recorded.
func TestApplyPartialFailure(t *testing.T) {
	s := enginetest.New(t, map[string]string{"main.tf": `
resource "test_thing" "bad" {
  name = "bad"
  fail = "apply"
}
resource "test_thing" "dependent" {
  name = "dep-${test_thing.bad.id}"
}
resource "test_thing" "good" {
  name = "good"
}
`})
	res, diags := s.Apply(s.MustPlan())
	if !diags.HasErrors() || diags[0].Summary != "Apply failed" {
		t.Fatalf("diagnostics %v, want the provider's error", diags)
	}
	if got := s.Store.Names(); !slices.Equal(got, []string{"good"}) {
		t.Errorf("the platform holds %v, want only good", got)
	}
	st := s.State()
	if enginetest.Instance(st, "test_thing.good") == nil || enginetest.Instance(st, "test_thing.bad") != nil || enginetest.Instance(st, "test_thing.dependent") != nil {
		t.Errorf("state holds good=%v bad=%v dependent=%v, want only good",
			enginetest.Instance(st, "test_thing.good") != nil, enginetest.Instance(st, "test_thing.bad") != nil, enginetest.Instance(st, "test_thing.dependent") != nil)
	}
	if res.Counts.Add != 1 {
		t.Errorf("counts %+v, want 1 added", res.Counts)
	}
}

func TestApplyErrorAfterCreateKeepsTheObjectTainted(t *testing.T) {
	s := enginetest.New(t, map[string]string{"main.tf": "resource \"test_thing\" \"a\" {\n  name = \"a\"\n  fail = \"after-create\"\n}\n"})
	_, diags := s.Apply(s.MustPlan())
	if !diags.HasErrors() {
		t.Fatal("apply succeeded")
	}
	inst := enginetest.Instance(s.State(), "test_thing.a")
	if inst == nil || inst.Status != "tainted" {
		t.Fatalf("state instance %+v, want the created object recorded tainted", inst)
	}
	if id := s.ID("test_thing.a"); !slices.Equal(s.Store.IDs(), []string{id}) {
		t.Errorf("the platform holds %v, state records %s", s.Store.IDs(), id)
	}
}

func TestApplyDeleteFailureKeepsTheObject(t *testing.T) {
	s := enginetest.New(t, map[string]string{"main.tf": "resource \"test_thing\" \"a\" {\n  name = \"a\"\n  fail = \"delete\"\n}\n"})
	s.MustApply()
	s.SetConfig(map[string]string{"main.tf": ""})
	_, diags := s.Apply(s.MustPlan())
	if !diags.HasErrors() {
		t.Fatal("the delete succeeded")
	}
	inst := enginetest.Instance(s.State(), "test_thing.a")
	if inst == nil || inst.Status != "" {
		t.Errorf("state instance %+v, want the object kept, not tainted", inst)
	}
	if len(s.Store.IDs()) != 1 {
		t.Errorf("the platform holds %v", s.Store.IDs())
	}
}

func TestApplyReplaceOrder(t *testing.T) {
	for _, tc := range []struct {
		name      string
		lifecycle string
		want      []string
	}{
		{"delete then create by default", "", []string{"create a", "delete a", "create a"}},
		{"create then delete with create_before_destroy", "lifecycle {\n create_before_destroy = true\n}", []string{"create a", "create a", "delete a"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := func(zone string) map[string]string {
				return map[string]string{"main.tf": "resource \"test_thing\" \"a\" {\n  name = \"a\"\n  zone = \"" + zone + "\"\n" + tc.lifecycle + "\n}\n"}
			}
			s := enginetest.New(t, cfg("z1"))
			s.MustApply()
			old := s.ID("test_thing.a")
			s.SetConfig(cfg("z2"))
			res := s.MustApply()
			if got := s.Store.Log(); !slices.Equal(got, tc.want) {
				t.Errorf("provider calls %v, want %v", got, tc.want)
			}
			if now := s.ID("test_thing.a"); now == old || !slices.Equal(s.Store.IDs(), []string{now}) {
				t.Errorf("state records %s (was %s), the platform holds %v", now, old, s.Store.IDs())
			}
			if res.Counts.Add != 1 || res.Counts.Destroy != 1 {
				t.Errorf("counts %+v, want 1 added and 1 destroyed", res.Counts)
			}
		})
	}
}

func TestApplyDeletesDependentsFirst(t *testing.T) {
	s := enginetest.New(t, map[string]string{"main.tf": `
resource "test_thing" "a" { name = "a" }
resource "test_thing" "b" { name = "b-${test_thing.a.revision}" }
resource "test_thing" "c" { name = "c-${test_thing.b.revision}" }
`})
	s.MustApply()
	res := s.MustApply(func(o *plan.Options) { o.Mode = plans.DestroyMode })
	log := s.Store.Log()
	if got := log[3:]; !slices.Equal(got, []string{"delete c-1", "delete b-1", "delete a"}) {
		t.Errorf("deletes in order %v, want dependents first", got)
	}
	if res.Counts.Destroy != 3 || len(s.Store.IDs()) != 0 || !s.State().Empty() {
		t.Errorf("counts %+v, platform %v, state empty %v", res.Counts, s.Store.IDs(), s.State().Empty())
	}
}

func TestApplyRefusesStaleAndErroredPlans(t *testing.T) {
	s := enginetest.New(t, map[string]string{"main.tf": "resource \"test_thing\" \"a\" {\n  name = \"a\"\n}\n"})
	first := s.MustPlan()
	s.MustApply()
	if err := apply.CheckFresh(first, s.State()); !errors.Is(err, apply.ErrStalePlan) {
		t.Errorf("CheckFresh of a plan made before the last apply: %v, want ErrStalePlan", err)
	}
	if err := apply.CheckFresh(s.MustPlan(), s.State()); err != nil {
		t.Errorf("CheckFresh of a fresh plan: %v", err)
	}
	s.SetConfig(map[string]string{"main.tf": "resource \"test_thing\" \"a\" {\n  name = \"a\"\n  fail = \"plan\"\n}\n"})
	p, _ := s.Plan()
	if _, diags := s.Apply(p); !diags.HasErrors() || diags[0].Summary != "Cannot apply an incomplete plan" {
		t.Errorf("applying an errored plan: %v", diags)
	}
}

// TestApplyDeleteErrorsRedactTheObjectsSecrets: a provider error raised
// while deleting an object that quotes its sensitive value does not carry
// the value into the diagnostics.
func TestApplyDeleteErrorsRedactTheObjectsSecrets(t *testing.T) {
	s := enginetest.New(t, map[string]string{"main.tf": "resource \"test_thing\" \"a\" {\n  name   = \"a\"\n  secret = \"hunter2-delete\"\n  fail   = \"delete\"\n}\n"})
	s.MustApply()
	s.SetConfig(map[string]string{"main.tf": ""})
	_, diags := s.Apply(s.MustPlan())
	if !diags.HasErrors() || !strings.Contains(diags.Error(), "Delete failed") {
		t.Fatalf("diagnostics %v, want the provider's delete error", diags)
	}
	if strings.Contains(diags.Error(), "hunter2-delete") {
		t.Errorf("the delete error carries the sensitive value: %s", diags.Error())
	}
}

// TestApplyRecordsNewDependenciesOfUnchangedObjects checks that an object
// that does not change records the dependencies the configuration now
// gives it (set in place on the working state, which the package's tests
// audit against the journal entries: persist.go, auditJournal).
func TestApplyRecordsNewDependenciesOfUnchangedObjects(t *testing.T) {
	cfg := func(dep string) map[string]string {
		return map[string]string{"main.tf": "resource \"test_thing\" \"a\" {\n  name = \"a\"\n}\n" +
			"resource \"test_thing\" \"b\" {\n  name = \"b\"\n" + dep + "}\n"}
	}
	s := enginetest.New(t, cfg(""))
	s.MustApply()
	if deps := enginetest.Instance(s.State(), "test_thing.b").Dependencies; len(deps) != 0 {
		t.Fatalf("b's dependencies %v, want none", deps)
	}
	s.SetConfig(cfg("  depends_on = [test_thing.a]\n"))
	s.MustApply()
	if deps := enginetest.Instance(s.State(), "test_thing.b").Dependencies; !slices.Equal(deps, []string{"test_thing.a"}) {
		t.Errorf("b's dependencies %v, want [test_thing.a]", deps)
	}
}

// TestApplyRecordsThePlansDependencyNames: state records each managed
// object's dependencies as the plan lists them (static addresses, a
// module's keys dropped, sorted), transitively, for every instance.
func TestApplyRecordsThePlansDependencyNames(t *testing.T) {
	s := enginetest.New(t, map[string]string{
		"main.tf": "resource \"test_thing\" \"a\" {\n  name = \"a\"\n}\n" +
			"module \"m\" {\n  source   = \"./m\"\n  for_each = toset([\"k\"])\n  in       = test_thing.a.name\n}\n" +
			"resource \"test_thing\" \"c\" {\n  count = 2\n  name  = module.m[\"k\"].out\n}\n",
		"m/main.tf": "variable \"in\" {}\nresource \"test_thing\" \"inner\" {\n  name = var.in\n}\noutput \"out\" {\n  value = test_thing.inner.name\n}\n",
	})
	p := s.MustPlan()
	want := []string{"module.m.test_thing.inner", "test_thing.a"}
	if got := enginetest.Change(p, "test_thing.c[1]").Dependencies; !slices.Equal(got, want) {
		t.Fatalf("the plan's dependencies of test_thing.c[1]: %q, want %q", got, want)
	}
	if _, diags := s.Apply(p); diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	for _, addr := range []string{"test_thing.c[0]", "test_thing.c[1]"} {
		if got := enginetest.Instance(s.State(), addr).Dependencies; !slices.Equal(got, want) {
			t.Errorf("%s's dependencies in state: %q, want %q", addr, got, want)
		}
	}
	if got := enginetest.Instance(s.State(), `module.m["k"].test_thing.inner`).Dependencies; !slices.Equal(got, []string{"test_thing.a"}) {
		t.Errorf(`module.m["k"].test_thing.inner's dependencies in state: %q, want [test_thing.a]`, got)
	}
}
