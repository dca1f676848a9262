package state

import (
	"encoding/json"
	"testing"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/engine/addrs"
)

var nullAddr = addrs.Resource{Mode: addrs.ManagedResourceMode, Type: "null_resource", Name: "a"}

const nullProvider = `provider["registry.terraform.io/hashicorp/null"]`

func TestNewHasAFreshLineageAndSerialZero(t *testing.T) {
	a, b := New(), New()
	if a.Lineage == "" || a.Lineage == b.Lineage || a.Serial != 0 || !a.Empty() {
		t.Errorf("New() = %+v, %+v", a, b)
	}
}

func TestSetInstanceCreatesThenReplaces(t *testing.T) {
	s := New()
	s.SetInstance(nullAddr, nullProvider, &Instance{Key: addrs.IntKey(0), Attributes: json.RawMessage(`{"id":"1"}`)})
	s.SetInstance(nullAddr, nullProvider, &Instance{Key: addrs.IntKey(1), Attributes: json.RawMessage(`{"id":"2"}`)})
	s.SetInstance(nullAddr, nullProvider, &Instance{Key: addrs.IntKey(0), Attributes: json.RawMessage(`{"id":"3"}`)})
	r := s.Resource(addrs.ManagedResourceMode, "null_resource", "a")
	if r == nil || len(r.Instances) != 2 || r.EachMode != "list" || r.Provider != nullProvider {
		t.Fatalf("resource = %+v", r)
	}
	if got := string(r.Instance(addrs.IntKey(0), "").Attributes); got != `{"id":"3"}` {
		t.Errorf("instance 0 = %s, want the replacement", got)
	}
	if r.Instance(addrs.IntKey(1), "") == nil {
		t.Error("instance keyed int64(1) not found by int 1")
	}
	if s.Empty() {
		t.Error("state with instances is Empty")
	}
}

func TestRemoveInstanceDropsTheEmptyResource(t *testing.T) {
	s := New()
	s.SetInstance(nullAddr, nullProvider, &Instance{Key: addrs.StringKey("x"), Attributes: json.RawMessage(`{}`)})
	s.SetInstance(nullAddr, nullProvider, &Instance{Key: addrs.StringKey("x"), Deposed: "d1", Attributes: json.RawMessage(`{}`)})
	if !s.RemoveInstance(nullAddr, addrs.StringKey("x"), "d1") || s.Resource(addrs.ManagedResourceMode, "null_resource", "a") == nil {
		t.Fatal("removing the deposed object removed too much or nothing")
	}
	if s.RemoveInstance(nullAddr, addrs.StringKey("y"), "") {
		t.Error("removing a missing key reported success")
	}
	if !s.RemoveInstance(nullAddr, addrs.StringKey("x"), "") || len(s.Resources) != 0 || !s.Empty() {
		t.Errorf("after removing the last object: %+v", s.Resources)
	}
}

func TestDeepCopySharesNothingMutable(t *testing.T) {
	s := representativeState()
	c := s.DeepCopy()
	if !c.SameContent(s) {
		t.Fatal("copy differs")
	}
	c.Resources[0].Instances[0].Attributes[2] = 'X'
	c.Resources[0].Instances[0].Dependencies[0] = "changed"
	c.Resources[0].Addr.Name = "renamed"
	c.Outputs["password"].Sensitive = false
	delete(c.Outputs, "ids")
	if !s.SameContent(representativeState()) {
		t.Error("changing the copy changed the original")
	}
}

func TestSameContent(t *testing.T) {
	cases := map[string]struct {
		edit func(s *State)
		same bool
	}{
		"serial, version and meta are ignored": {func(s *State) {
			s.Serial = 99
			s.TrueupVersion = "9.9.9"
			s.Meta.Commit = "other"
		}, true},
		"resource order is ignored": {func(s *State) {
			s.Resources[0], s.Resources[1] = s.Resources[1], s.Resources[0]
		}, true},
		"attribute white space is ignored": {func(s *State) {
			s.Resources[0].Instances[0].Attributes = json.RawMessage("{\n  \"id\": \"2\",\n  \"triggers\": {\"k\": \"b\"}\n}")
		}, true},
		"an attribute value differs": {func(s *State) {
			s.Resources[0].Instances[0].Attributes = json.RawMessage(`{"id":"9","triggers":{"k":"b"}}`)
		}, false},
		"lineage differs":            {func(s *State) { s.Lineage = "other" }, false},
		"an output differs":          {func(s *State) { s.Outputs["ids"].Value = cty.ListValEmpty(cty.String) }, false},
		"output sensitivity differs": {func(s *State) { s.Outputs["password"].Sensitive = false }, false},
		"taint differs":              {func(s *State) { s.Resources[0].Instances[0].Status = "tainted" }, false},
		"sensitive paths differ":     {func(s *State) { s.Resources[2].Instances[0].SensitiveAttributes = nil }, false},
		"an instance is missing": {func(s *State) {
			s.Resources[0].Instances = s.Resources[0].Instances[1:]
		}, false},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			s := representativeState()
			tc.edit(s)
			if got := s.SameContent(representativeState()); got != tc.same {
				t.Errorf("SameContent = %v, want %v", got, tc.same)
			}
		})
	}
}

func TestDecodedRecordsCarryTheirAddresses(t *testing.T) {
	s := New()
	cases := map[string]struct {
		addr addrs.Resource
		key  addrs.InstanceKey
		want string
	}{
		"root single":   {nullAddr, addrs.NoKey, "null_resource.a"},
		"counted":       {nullAddr.InModule("module.c"), addrs.IntKey(3), "module.c.null_resource.a[3]"},
		"for_each":      {nullAddr.InModule("module.e"), addrs.StringKey(`k"1`), `module.e.null_resource.a["k\"1"]`},
		"data resource": {addrs.Resource{Mode: addrs.DataResourceMode, Type: "http", Name: "x"}, addrs.NoKey, "data.http.x"},
		"in a module":   {addrs.Resource{Module: `module.net["a"]`, Mode: addrs.ManagedResourceMode, Type: "t", Name: "n"}, addrs.NoKey, `module.net["a"].t.n`},
	}
	for _, tc := range cases {
		s.SetInstance(tc.addr, nullProvider, &Instance{Key: tc.key, Attributes: json.RawMessage(`{}`)})
	}
	b, err := Encode(s)
	if err != nil {
		t.Fatal(err)
	}
	back, err := Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	for name, tc := range cases {
		r := back.FindResource(tc.addr)
		if r == nil || r.Instance(tc.key, "") == nil {
			t.Errorf("%s: %s not found after decoding", name, tc.want)
			continue
		}
		if got := r.InstanceAddr(r.Instance(tc.key, "")).String(); got != tc.want {
			t.Errorf("%s: decoded address %q, want %q", name, got, tc.want)
		}
	}
}
