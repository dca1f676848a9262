package plan_test

import (
	"strings"
	"testing"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/engine/plan"
	"github.com/trueup/trueup/engine/plans"
	"github.com/trueup/trueup/internal/enginetest"
)

const thingA = `
resource "test_thing" "a" {
  name = "a"
  size = 1
  zone = "z1"
  tags = { team = "core", owner = "ana" }
}
`

// TestPlanInstanceActions applies a first configuration, changes it (or the
// platform), plans again and checks the action planned for each instance.
func TestPlanInstanceActions(t *testing.T) {
	for _, tc := range []struct {
		name   string
		before string // applied first; "" for an empty state
		after  string
		opts   func(*plan.Options)
		want   map[string]string
	}{
		{name: "a new block is created", after: thingA,
			want: map[string]string{"test_thing.a": "create"}},
		{name: "an unchanged object is a no-op", before: thingA, after: thingA,
			want: map[string]string{"test_thing.a": "no-op"}},
		{name: "a changed attribute updates in place", before: thingA,
			after: replace(thingA, "size = 1", "size = 2"),
			want:  map[string]string{"test_thing.a": "update"}},
		{name: "a changed force-new attribute replaces", before: thingA,
			after: replace(thingA, `zone = "z1"`, `zone = "z2"`),
			want:  map[string]string{"test_thing.a": "delete-then-create"}},
		{name: "create_before_destroy replaces new object first", before: thingA,
			after: replace(thingA, `zone = "z1"`, "zone = \"z2\"\n  lifecycle {\n    create_before_destroy = true\n  }"),
			want:  map[string]string{"test_thing.a": "create-then-delete"}},
		{name: "ignore_changes keeps an attribute's stored value", before: thingA,
			after: replace(thingA, "size = 1", "size = 9\n  lifecycle {\n    ignore_changes = [size]\n  }"),
			want:  map[string]string{"test_thing.a": "no-op"}},
		{name: "ignore_changes does not hide other attributes", before: thingA,
			after: replace(replace(thingA, "size = 1", "size = 9\n  lifecycle {\n    ignore_changes = [size]\n  }"), `name = "a"`, `name = "b"`),
			want:  map[string]string{"test_thing.a": "update"}},
		{name: "ignore_changes all keeps every attribute", before: thingA,
			after: replace(replace(thingA, "size = 1", "size = 9\n  lifecycle {\n    ignore_changes = all\n  }"), `name = "a"`, `name = "b"`),
			want:  map[string]string{"test_thing.a": "no-op"}},
		{name: "ignore_changes on a map key keeps that key", before: thingA,
			after: replace(thingA, "size = 1", "size = 1\n  lifecycle {\n    ignore_changes = [tags[\"owner\"]]\n  }"),
			want:  map[string]string{"test_thing.a": "no-op"}},
		{name: "ignore_changes on a map key keeps a key config removed", before: thingA,
			after: replace(replace(thingA, `, owner = "ana"`, ""), "size = 1", "size = 1\n  lifecycle {\n    ignore_changes = [tags[\"owner\"]]\n  }"),
			want:  map[string]string{"test_thing.a": "no-op"}},
		{name: "a removed block is deleted", before: thingA + `resource "test_thing" "b" { name = "b" }`, after: thingA,
			want: map[string]string{"test_thing.a": "no-op", "test_thing.b": "delete"}},
		{name: "count shrink deletes the instances beyond it",
			before: "resource \"test_thing\" \"n\" {\n  count = 3\n  name = \"n${count.index}\"\n}\n",
			after:  "resource \"test_thing\" \"n\" {\n  count = 1\n  name = \"n${count.index}\"\n}\n",
			want:   map[string]string{"test_thing.n[0]": "no-op", "test_thing.n[1]": "delete", "test_thing.n[2]": "delete"}},
		{name: "for_each drops the keys no longer in the map",
			before: `resource "test_thing" "m" {
  for_each = toset(["x", "y"])
  name     = each.key
}`,
			after: `resource "test_thing" "m" {
  for_each = toset(["y"])
  name     = each.key
}`,
			want: map[string]string{`test_thing.m["x"]`: "delete", `test_thing.m["y"]`: "no-op"}},
		{name: "replace requested replaces an unchanged object", before: thingA, after: thingA,
			opts: func(o *plan.Options) { o.Replace = []addrs.ResourceInstance{mustInstance(t, "test_thing.a")} },
			want: map[string]string{"test_thing.a": "delete-then-create"}},
		{name: "destroy mode deletes everything", before: thingA, after: thingA,
			opts: func(o *plan.Options) { o.Mode = plans.DestroyMode },
			want: map[string]string{"test_thing.a": "delete"}},
		{name: "refresh-only mode changes nothing", before: thingA,
			after: replace(thingA, "size = 1", "size = 2"),
			opts:  func(o *plan.Options) { o.Mode = plans.RefreshOnlyMode },
			want:  map[string]string{"test_thing.a": "no-op"}},
		{name: "a target limits the plan to it", after: thingA + `resource "test_thing" "b" { name = "b" }`,
			opts: func(o *plan.Options) { o.Targets = []addrs.Target{mustTarget(t, "test_thing.b")} },
			want: map[string]string{"test_thing.b": "create"}},
		{name: "a dependent of a created object is created with it",
			after: thingA + `resource "test_thing" "b" { name = test_thing.a.id }`,
			want:  map[string]string{"test_thing.a": "create", "test_thing.b": "create"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := enginetest.New(t, map[string]string{"main.tf": tc.before})
			if tc.before != "" {
				s.MustApply()
			}
			s.SetConfig(map[string]string{"main.tf": tc.after})
			var opts []func(*plan.Options)
			if tc.opts != nil {
				opts = append(opts, tc.opts)
			}
			p := s.MustPlan(opts...)
			got := enginetest.Actions(p)
			if !equalMaps(got, tc.want) {
				t.Errorf("actions %v, want %v", got, tc.want)
			}
		})
	}
}

func TestPlanCreateLeavesComputedValuesUnknown(t *testing.T) {
	s := enginetest.New(t, map[string]string{"main.tf": thingA + `
resource "test_thing" "b" {
  name = test_thing.a.id
  note = "mine"
}`})
	p := s.MustPlan()
	a := enginetest.Change(p, "test_thing.a").After
	if a.GetAttr("id").IsKnown() || a.GetAttr("revision").IsKnown() {
		t.Errorf("id and revision of a new object are known: %#v", a)
	}
	if got := a.GetAttr("note"); !got.RawEquals(cty.StringVal("default-note")) {
		t.Errorf("an optional+computed attribute left null is %#v, want the provider's default", got)
	}
	b := enginetest.Change(p, "test_thing.b").After
	if b.GetAttr("name").IsKnown() {
		t.Errorf("b.name refers to a's unknown id, yet is known: %#v", b.GetAttr("name"))
	}
	if got := b.GetAttr("note"); !got.RawEquals(cty.StringVal("mine")) {
		t.Errorf("a configured optional+computed attribute is %#v, want mine", got)
	}
}

func TestPlanUpdateKeepsStoredComputedValues(t *testing.T) {
	s := enginetest.New(t, map[string]string{"main.tf": thingA})
	s.MustApply()
	s.SetConfig(map[string]string{"main.tf": replace(thingA, "size = 1", "size = 2")})
	rc := enginetest.Change(s.MustPlan(), "test_thing.a")
	before, after := rc.Before, rc.After
	if !after.GetAttr("id").RawEquals(before.GetAttr("id")) || !after.GetAttr("id").IsKnown() {
		t.Errorf("an update changed the id: %#v -> %#v", before.GetAttr("id"), after.GetAttr("id"))
	}
	if !after.GetAttr("note").RawEquals(cty.StringVal("default-note")) {
		t.Errorf("note, computed at create, became %#v", after.GetAttr("note"))
	}
	if after.GetAttr("revision").IsKnown() {
		t.Errorf("the provider plans revision unknown on a change, got %#v", after.GetAttr("revision"))
	}
}

func TestPlanReplaceNamesTheForceNewAttribute(t *testing.T) {
	s := enginetest.New(t, map[string]string{"main.tf": thingA})
	s.MustApply()
	s.SetConfig(map[string]string{"main.tf": replace(thingA, `zone = "z1"`, `zone = "z2"`)})
	rc := enginetest.Change(s.MustPlan(), "test_thing.a")
	if len(rc.RequiredReplace) != 1 || !rc.RequiredReplace[0].Equals(cty.GetAttrPath("zone")) {
		t.Errorf("RequiredReplace %#v, want [zone]", rc.RequiredReplace)
	}
	if rc.After.GetAttr("id").IsKnown() {
		t.Errorf("a replacement is planned as a create, but its id is known: %#v", rc.After.GetAttr("id"))
	}
}

func TestPlanOrphanReasons(t *testing.T) {
	s := enginetest.New(t, map[string]string{"main.tf": `
resource "test_thing" "n" {
  count = 2
  name  = "n${count.index}"
}
resource "test_thing" "gone" { name = "gone" }
`})
	s.MustApply()
	s.SetConfig(map[string]string{"main.tf": `
resource "test_thing" "n" {
  count = 1
  name  = "n${count.index}"
}`})
	p := s.MustPlan()
	for addr, want := range map[string]string{
		"test_thing.n[1]": "index out of range for count",
		"test_thing.gone": "test_thing.gone is not in configuration",
	} {
		if rc := enginetest.Change(p, addr); rc == nil || rc.Reason != want {
			t.Errorf("%s: change %+v, want reason %q", addr, rc, want)
		}
	}
	if c := p.Counts(); c.Destroy != 2 || c.Add != 0 || c.Change != 0 {
		t.Errorf("counts %+v, want 2 to destroy", c)
	}
}

func TestPlanMarksSensitiveAttributes(t *testing.T) {
	s := enginetest.New(t, map[string]string{"main.tf": `
resource "test_thing" "a" {
  name   = "a"
  secret = "hunter2"
}`})
	after := enginetest.Change(s.MustPlan(), "test_thing.a").After
	if !after.GetAttr("secret").IsMarked() {
		t.Errorf("the schema's sensitive attribute is not marked: %#v", after.GetAttr("secret"))
	}
	if after.GetAttr("name").IsMarked() {
		t.Errorf("name is marked but not sensitive")
	}
}

func mustInstance(t *testing.T, s string) addrs.ResourceInstance {
	t.Helper()
	ri, diags := addrs.ParseResourceInstance(s)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	return ri
}

func mustTarget(t *testing.T, s string) addrs.Target {
	t.Helper()
	tg, diags := addrs.ParseTarget(s)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	return tg
}

func equalMaps(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// replace returns s with old replaced by new, which must occur.
func replace(s, old, new string) string {
	if !strings.Contains(s, old) {
		panic("replace: " + old + " not in " + s)
	}
	return strings.Replace(s, old, new, 1)
}

func TestPlanDeletesTheObjectsOfARemovedModuleCall(t *testing.T) {
	s := enginetest.New(t, map[string]string{
		"main.tf":   "module \"m\" {\n  source = \"./m\"\n  for_each = toset([\"x\", \"y\"])\n  name = each.key\n}\n",
		"m/main.tf": "variable \"name\" {}\nresource \"test_thing\" \"t\" {\n  name = var.name\n}\n",
	})
	s.MustApply()
	s.SetConfig(map[string]string{"main.tf": "module \"m\" {\n  source = \"./m\"\n  for_each = toset([\"y\"])\n  name = each.key\n}\n"})
	p := s.MustPlan()
	want := map[string]string{`module.m["x"].test_thing.t`: "delete", `module.m["y"].test_thing.t`: "no-op"}
	if got := enginetest.Actions(p); !equalMaps(got, want) {
		t.Errorf("actions %v, want %v", got, want)
	}
	if rc := enginetest.Change(p, `module.m["x"].test_thing.t`); rc == nil || rc.Reason != `module.m["x"] is not in configuration` {
		t.Errorf("change %+v, want the module instance named as the reason", rc)
	}
	s.SetConfig(map[string]string{})
	if got := enginetest.Actions(s.MustPlan()); len(got) != 2 || got[`module.m["y"].test_thing.t`] != "delete" {
		t.Errorf("with the module call removed: %v, want both objects deleted", got)
	}
}
