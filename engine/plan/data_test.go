package plan_test

import (
	"testing"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/internal/enginetest"
)

func TestPlanReadsDataSourcesWhenTheirConfigIsKnown(t *testing.T) {
	s := enginetest.New(t, map[string]string{"main.tf": `
data "test_echo" "known" {
  input = "hi"
}
resource "test_thing" "a" {
  name = data.test_echo.known.output
}
data "test_echo" "later" {
  input = test_thing.a.id
}
resource "test_thing" "b" {
  name = data.test_echo.later.output
}
`})
	p := s.MustPlan()
	if got := enginetest.Actions(p); got["data.test_echo.later"] != "read" || got["test_thing.a"] != "create" {
		t.Errorf("actions %v: want the data source that depends on a new object read during apply", got)
	}
	if rc := enginetest.Change(p, "data.test_echo.known"); rc != nil && rc.Action.String() != "no-op" {
		t.Errorf("the data source with known configuration is planned as %s, want read at plan time", rc.Action)
	}
	if name := enginetest.Change(p, "test_thing.a").After.GetAttr("name"); !name.RawEquals(cty.StringVal("hi")) {
		t.Errorf("a.name %#v, want the data source's output read at plan time", name)
	}
	if name := enginetest.Change(p, "test_thing.b").After.GetAttr("name"); name.IsKnown() {
		t.Errorf("b.name %#v is known before the data source it comes from is read", name)
	}
	s.MustApply()
	if got := s.Store.Names(); len(got) != 2 || got[0] != "hi" || got[1] != s.ID("test_thing.a") {
		t.Errorf("the platform holds %v, want hi and a's id", got)
	}
}

// TestPlanDefersDataSourcesWaitingForPendingChanges: a data source whose
// configuration is known but that names a managed resource in depends_on
// is read during apply while that resource has changes, and at plan time
// once it has none.
func TestPlanDefersDataSourcesWaitingForPendingChanges(t *testing.T) {
	s := enginetest.New(t, map[string]string{"main.tf": `
resource "test_thing" "a" {
  name = "a"
}
data "test_echo" "d" {
  input      = "known"
  depends_on = [test_thing.a]
}
`})
	if got := enginetest.Actions(s.MustPlan()); got["data.test_echo.d"] != "read" {
		t.Errorf("actions %v: want the data source read during apply, after test_thing.a's create", got)
	}
	s.MustApply()
	if rc := enginetest.Change(s.MustPlan(), "data.test_echo.d"); rc != nil && rc.Action.String() != "no-op" {
		t.Errorf("with test_thing.a unchanged the data source is planned as %s, want read at plan time", rc.Action)
	}
}
