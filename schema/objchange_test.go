package schema_test

import (
	"slices"
	"testing"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/internal/testprovider"
	"github.com/trueup/trueup/schema"
)

// thing builds a test_thing value: attrs over null defaults.
func thing(attrs map[string]cty.Value) cty.Value {
	ty := testprovider.ThingBlock().ImpliedType()
	all := map[string]cty.Value{}
	for name, at := range ty.AttributeTypes() {
		all[name] = cty.NullVal(at)
	}
	for k, v := range attrs {
		all[k] = v
	}
	return cty.ObjectVal(all)
}

var (
	ruleTy   = testprovider.ThingBlock().BlockTypes["rule"].Block.ImpliedType()
	memberTy = testprovider.ThingBlock().BlockTypes["member"].Block.ImpliedType()
	setTy    = testprovider.ThingBlock().BlockTypes["settings"].Block.ImpliedType()
)

func rule(port int64, proto cty.Value) cty.Value {
	return cty.ObjectVal(map[string]cty.Value{"port": cty.NumberIntVal(port), "proto": proto})
}

func member(name string, role cty.Value) cty.Value {
	return cty.ObjectVal(map[string]cty.Value{"name": cty.StringVal(name), "role": role})
}

var (
	nullStr = cty.NullVal(cty.String)
	unkStr  = cty.UnknownVal(cty.String)
	str     = cty.StringVal
)

func TestProposedNew(t *testing.T) {
	b := testprovider.ThingBlock()
	for _, tc := range []struct {
		name                string
		prior, config, want cty.Value
	}{
		{"a create leaves computed attributes unknown",
			cty.NullVal(b.ImpliedType()),
			thing(map[string]cty.Value{"name": str("a")}),
			thing(map[string]cty.Value{"name": str("a"), "id": unkStr, "note": unkStr, "revision": cty.UnknownVal(cty.Number)})},
		{"an update takes computed attributes config leaves null from prior",
			thing(map[string]cty.Value{"name": str("a"), "id": str("x"), "note": str("n"), "revision": cty.NumberIntVal(3)}),
			thing(map[string]cty.Value{"name": str("b")}),
			thing(map[string]cty.Value{"name": str("b"), "id": str("x"), "note": str("n"), "revision": cty.NumberIntVal(3)})},
		{"configuration wins over prior for optional+computed",
			thing(map[string]cty.Value{"name": str("a"), "note": str("n")}),
			thing(map[string]cty.Value{"name": str("a"), "note": str("mine")}),
			thing(map[string]cty.Value{"name": str("a"), "note": str("mine")})},
		{"optional attributes config leaves null stay null",
			thing(map[string]cty.Value{"name": str("a"), "size": cty.NumberIntVal(2)}),
			thing(map[string]cty.Value{"name": str("a")}),
			thing(map[string]cty.Value{"name": str("a")})},
		{"a single block takes computed attributes from the prior block",
			thing(map[string]cty.Value{"name": str("a"), "settings": cty.ObjectVal(map[string]cty.Value{"mode": str("m"), "level": cty.NumberIntVal(5)})}),
			thing(map[string]cty.Value{"name": str("a"), "settings": cty.ObjectVal(map[string]cty.Value{"mode": str("n"), "level": cty.NullVal(cty.Number)})}),
			thing(map[string]cty.Value{"name": str("a"), "settings": cty.ObjectVal(map[string]cty.Value{"mode": str("n"), "level": cty.NumberIntVal(5)})})},
		{"a single block removed from config is null",
			thing(map[string]cty.Value{"name": str("a"), "settings": cty.ObjectVal(map[string]cty.Value{"mode": str("m"), "level": cty.NumberIntVal(5)})}),
			thing(map[string]cty.Value{"name": str("a")}),
			thing(map[string]cty.Value{"name": str("a")})},
		{"list blocks pair with prior blocks by index",
			thing(map[string]cty.Value{"name": str("a"), "rule": cty.ListVal([]cty.Value{rule(80, str("udp"))})}),
			thing(map[string]cty.Value{"name": str("a"), "rule": cty.ListVal([]cty.Value{rule(81, nullStr), rule(82, nullStr)})}),
			thing(map[string]cty.Value{"name": str("a"), "rule": cty.ListVal([]cty.Value{rule(81, str("udp")), rule(82, unkStr)})})},
		{"an empty list of blocks stays empty",
			thing(map[string]cty.Value{"name": str("a"), "rule": cty.ListVal([]cty.Value{rule(80, str("udp"))})}),
			thing(map[string]cty.Value{"name": str("a"), "rule": cty.ListValEmpty(ruleTy)}),
			thing(map[string]cty.Value{"name": str("a"), "rule": cty.ListValEmpty(ruleTy)})},
		{"a new set block's computed attributes are unknown",
			cty.NullVal(b.ImpliedType()),
			thing(map[string]cty.Value{"name": str("a"), "member": cty.SetVal([]cty.Value{member("m", nullStr)})}),
			thing(map[string]cty.Value{"name": str("a"), "id": unkStr, "note": unkStr, "revision": cty.UnknownVal(cty.Number),
				"member": cty.SetVal([]cty.Value{member("m", unkStr)})})},
		{"a set block keeps the computed attributes of the prior block it matches",
			thing(map[string]cty.Value{"name": str("a"), "member": cty.SetVal([]cty.Value{member("m", str("reader")), member("o", str("owner"))})}),
			thing(map[string]cty.Value{"name": str("a"), "member": cty.SetVal([]cty.Value{member("m", nullStr), member("p", nullStr)})}),
			thing(map[string]cty.Value{"name": str("a"), "member": cty.SetVal([]cty.Value{member("m", str("reader")), member("p", unkStr)})})},
		{"a set block whose optional+computed attribute is configured matches nothing",
			thing(map[string]cty.Value{"name": str("a"), "member": cty.SetVal([]cty.Value{member("m", str("reader"))})}),
			thing(map[string]cty.Value{"name": str("a"), "member": cty.SetVal([]cty.Value{member("m", str("admin"))})}),
			thing(map[string]cty.Value{"name": str("a"), "member": cty.SetVal([]cty.Value{member("m", str("admin"))})})},
		{"an unchanged object is proposed as prior",
			thing(map[string]cty.Value{"name": str("a"), "id": str("x"), "note": str("n"), "revision": cty.NumberIntVal(3), "rule": cty.ListVal([]cty.Value{rule(80, str("udp"))})}),
			thing(map[string]cty.Value{"name": str("a"), "rule": cty.ListVal([]cty.Value{rule(80, nullStr)})}),
			thing(map[string]cty.Value{"name": str("a"), "id": str("x"), "note": str("n"), "revision": cty.NumberIntVal(3), "rule": cty.ListVal([]cty.Value{rule(80, str("udp"))})})},
		{"a configured value that differs from prior only in its marks is the config's",
			thing(map[string]cty.Value{"name": str("a"), "id": str("x"), "note": str("n"), "revision": cty.NumberIntVal(3)}),
			thing(map[string]cty.Value{"name": str("a").Mark("sensitive"), "note": str("n")}),
			thing(map[string]cty.Value{"name": str("a").Mark("sensitive"), "id": str("x"), "note": str("n"), "revision": cty.NumberIntVal(3)})},
		{"a configured value that differs from prior is the config's",
			thing(map[string]cty.Value{"name": str("a"), "id": str("x"), "size": cty.NumberIntVal(2)}),
			thing(map[string]cty.Value{"name": str("a"), "size": cty.NumberIntVal(3)}),
			thing(map[string]cty.Value{"name": str("a"), "id": str("x"), "size": cty.NumberIntVal(3)})},
		{"an unknown config is proposed as is",
			thing(map[string]cty.Value{"name": str("a")}),
			cty.UnknownVal(b.ImpliedType()),
			cty.UnknownVal(b.ImpliedType())},
		{"an unknown nested block list is proposed as is",
			thing(map[string]cty.Value{"name": str("a"), "rule": cty.ListVal([]cty.Value{rule(80, str("udp"))})}),
			thing(map[string]cty.Value{"name": str("a"), "rule": cty.UnknownVal(cty.List(ruleTy))}),
			thing(map[string]cty.Value{"name": str("a"), "rule": cty.UnknownVal(cty.List(ruleTy))})},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := schema.ProposedNew(b, tc.prior, tc.config)
			if !got.RawEquals(tc.want) {
				t.Errorf("got  %#v\nwant %#v", got, tc.want)
			}
		})
	}
}

func TestProposedNewMapBlocksPairByKey(t *testing.T) {
	b := &schema.Block{BlockTypes: map[string]*schema.NestedBlock{"env": {Nesting: schema.NestingMap, Block: testprovider.ThingBlock().BlockTypes["rule"].Block}}}
	prior := cty.ObjectVal(map[string]cty.Value{"env": cty.MapVal(map[string]cty.Value{"a": rule(1, str("udp")), "b": rule(2, str("udp"))})})
	config := cty.ObjectVal(map[string]cty.Value{"env": cty.MapVal(map[string]cty.Value{"b": rule(3, nullStr), "c": rule(4, nullStr)})})
	want := cty.ObjectVal(map[string]cty.Value{"env": cty.MapVal(map[string]cty.Value{"b": rule(3, str("udp")), "c": rule(4, unkStr)})})
	if got := schema.ProposedNew(b, prior, config); !got.RawEquals(want) {
		t.Errorf("got  %#v\nwant %#v", got, want)
	}
}

func TestForceNewChanges(t *testing.T) {
	b := testprovider.ThingBlock()
	base := thing(map[string]cty.Value{"name": str("a"), "zone": str("z1")})
	for _, tc := range []struct {
		name           string
		prior, planned cty.Value
		want           []string
	}{
		{"a create forces nothing", cty.NullVal(b.ImpliedType()), base, nil},
		{"an unchanged force-new attribute forces nothing", base, base, nil},
		{"a changed force-new attribute forces replacement", base, thing(map[string]cty.Value{"name": str("a"), "zone": str("z2")}), []string{"zone"}},
		{"an unknown force-new attribute forces replacement", base, thing(map[string]cty.Value{"name": str("a"), "zone": unkStr}), []string{"zone"}},
		{"other attributes force nothing", base, thing(map[string]cty.Value{"name": str("b"), "zone": str("z1")}), nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, p := range schema.ForceNewChanges(b, tc.prior, tc.planned) {
				got = append(got, schema.FormatPath(p))
			}
			if len(got) != len(tc.want) || (len(got) > 0 && got[0] != tc.want[0]) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

// TestForceNewChangesSortsPaths: the attributes that force replacement
// come sorted by name, then the nested blocks, whatever the map order.
func TestForceNewChangesSortsPaths(t *testing.T) {
	b := &schema.Block{
		Attributes: map[string]*schema.Attribute{},
		BlockTypes: map[string]*schema.NestedBlock{},
	}
	prior, planned := map[string]cty.Value{}, map[string]cty.Value{}
	for _, name := range []string{"m", "c", "x", "a", "k", "q"} {
		b.Attributes[name] = &schema.Attribute{Type: cty.String, Optional: true, ForceNew: name != "k"}
		prior[name], planned[name] = str("1"), str("2")
	}
	ety := cty.Object(map[string]cty.Type{"v": cty.String})
	for _, name := range []string{"zb", "bb", "nb"} {
		b.BlockTypes[name] = &schema.NestedBlock{Nesting: schema.NestingList, ForceNew: true,
			Block: schema.Block{Attributes: map[string]*schema.Attribute{"v": {Type: cty.String, Optional: true}}}}
		prior[name] = cty.ListVal([]cty.Value{cty.ObjectVal(map[string]cty.Value{"v": str("1")})})
		planned[name] = cty.ListValEmpty(ety)
	}
	var got []string
	for _, p := range schema.ForceNewChanges(b, cty.ObjectVal(prior), cty.ObjectVal(planned)) {
		got = append(got, schema.FormatPath(p))
	}
	if want := []string{"a", "c", "m", "q", "x", "bb", "nb", "zb"}; !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestImpliedTypeFollowsNesting(t *testing.T) {
	ty := testprovider.ThingBlock().ImpliedType()
	for name, want := range map[string]cty.Type{
		"settings": setTy,
		"rule":     cty.List(ruleTy),
		"member":   cty.Set(memberTy),
		"tags":     cty.Map(cty.String),
	} {
		if got := ty.AttributeType(name); !got.Equals(want) {
			t.Errorf("%s: %#v, want %#v", name, got, want)
		}
	}
}

// TestProposedNewNestedWorkIsLinearInDepth: a change at the bottom of
// nested single blocks makes each level's proposal once; making it once to
// compare with prior and again to build the object doubled the work at
// every level (2^depth). Counted in allocations, which do not depend on
// the machine.
func TestProposedNewNestedWorkIsLinearInDepth(t *testing.T) {
	const depth = 12
	b := &schema.Block{Attributes: map[string]*schema.Attribute{"v": {Type: cty.String, Optional: true}}}
	for range depth {
		b = &schema.Block{
			Attributes: map[string]*schema.Attribute{"v": {Type: cty.String, Optional: true}},
			BlockTypes: map[string]*schema.NestedBlock{"in": {Nesting: schema.NestingSingle, Block: *b}},
		}
	}
	var nest func(level int, leaf string) cty.Value
	nest = func(level int, leaf string) cty.Value {
		if level == 0 {
			return cty.ObjectVal(map[string]cty.Value{"v": cty.StringVal(leaf)})
		}
		return cty.ObjectVal(map[string]cty.Value{"v": cty.StringVal("same"), "in": nest(level-1, leaf)})
	}
	prior, config := nest(depth, "old"), nest(depth, "new")
	if got := schema.ProposedNew(b, prior, config); !got.RawEquals(config) {
		t.Fatalf("ProposedNew = %#v, want the config", got)
	}
	allocs := testing.AllocsPerRun(5, func() { schema.ProposedNew(b, prior, config) })
	if allocs > 40*depth {
		t.Errorf("%v allocations for %d levels; want at most %d (linear in depth)", allocs, depth, 40*depth)
	}
}

// TestProposedNewOfACreateWhateverItsNullPrior: a create's proposal is the
// same whether prior is a null of the block's type, another null, no value
// or unknown: only the nullness of prior is read.
func TestProposedNewOfACreateWhateverItsNullPrior(t *testing.T) {
	b := testprovider.ThingBlock()
	config := thing(map[string]cty.Value{"name": str("a"), "rule": cty.ListVal([]cty.Value{rule(80, nullStr)})})
	want := schema.ProposedNew(b, cty.NullVal(b.ImpliedType()), config)
	for _, prior := range []cty.Value{cty.NullVal(cty.DynamicPseudoType), cty.NilVal, cty.UnknownVal(b.ImpliedType())} {
		if got := schema.ProposedNew(b, prior, config); !got.RawEquals(want) {
			t.Errorf("prior %#v: proposed\n%#v\nwant\n%#v", prior, got, want)
		}
	}
}

func BenchmarkProposedNewCreate(b *testing.B) {
	blk := testprovider.ThingBlock()
	prior := cty.NullVal(blk.ImpliedType())
	config := thing(map[string]cty.Value{"name": str("a")})
	b.ReportAllocs()
	for b.Loop() {
		schema.ProposedNew(blk, prior, config)
	}
}
