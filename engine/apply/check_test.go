package apply

import (
	"testing"

	"github.com/zclconf/go-cty/cty"
)

// TestKeepsKnownNeverHidesAChange: keepsKnown, the shortcut of both
// checks, is true only where their walks find nothing, and true for the
// common case (an applied object keeping every known planned value), so
// that the walk is not what runs for it.
func TestKeepsKnownNeverHidesAChange(t *testing.T) {
	obj := func(etag, arn cty.Value, tags cty.Value, nested cty.Value) cty.Value {
		return cty.ObjectVal(map[string]cty.Value{
			"bucket": cty.StringVal("b"), "etag": etag, "arn": arn, "size": cty.NumberIntVal(3),
			"tags": tags, "rule": nested, "kms": cty.NullVal(cty.String),
		})
	}
	rule := func(id cty.Value) cty.Value {
		return cty.ListVal([]cty.Value{cty.ObjectVal(map[string]cty.Value{"id": id, "on": cty.True})})
	}
	tags := cty.MapVal(map[string]cty.Value{"a": cty.StringVal("1")})
	unk := cty.UnknownVal(cty.String)
	planned := obj(cty.StringVal("e"), unk, tags, rule(cty.StringVal("r")))
	applied := obj(cty.StringVal("e"), cty.StringVal("arn:1"), tags, rule(cty.StringVal("r")))
	tests := []struct {
		name string
		a, b cty.Value
		// keeps: what keepsKnown must say with nulls and without; a true
		// is only allowed where the walks find nothing.
		keeps [2]bool
	}{
		{"applied keeps the plan", planned, applied, [2]bool{true, true}},
		{"same", applied, applied, [2]bool{true, true}},
		{"unknown planned everywhere", cty.UnknownVal(applied.Type()), applied, [2]bool{true, true}},
		{"a planned value changed", planned, obj(cty.StringVal("x"), cty.StringVal("arn:1"), tags, rule(cty.StringVal("r"))), [2]bool{false, false}},
		{"a nested value changed", planned, obj(cty.StringVal("e"), cty.StringVal("arn:1"), tags, rule(cty.StringVal("s"))), [2]bool{false, false}},
		{"a map value changed", planned, obj(cty.StringVal("e"), unk, cty.MapVal(map[string]cty.Value{"a": cty.StringVal("2")}), rule(cty.StringVal("r"))), [2]bool{false, false}},
		{"a planned value unknown again", planned, obj(unk, unk, tags, rule(cty.StringVal("r"))), [2]bool{false, true}},
		{"a planned value null", planned, obj(cty.NullVal(cty.String), unk, tags, rule(cty.StringVal("r"))), [2]bool{false, false}},
		{"a planned null set", obj(cty.NullVal(cty.String), unk, tags, rule(cty.StringVal("r"))), applied, [2]bool{false, true}},
		{"the whole object null", planned, cty.NullVal(applied.Type()), [2]bool{false, false}},
	}
	for _, tt := range tests {
		for i, nulls := range []bool{true, false} {
			got := keepsKnown(tt.a, tt.b, nulls)
			var walkFinds bool
			if nulls {
				walkFinds = walkChangedKnown(tt.a, tt.b, tt.a) != nil
			} else {
				walkFinds = finalPlanChange(tt.a, tt.b) != nil
			}
			if got && walkFinds {
				t.Errorf("%s (nulls %v): keepsKnown, but the walk finds a change", tt.name, nulls)
			}
			if got != tt.keeps[i] {
				t.Errorf("%s (nulls %v): keepsKnown = %v, want %v (the walk finds a change: %v)", tt.name, nulls, got, tt.keeps[i], walkFinds)
			}
		}
	}
}

// TestKeepsKnownOfMarkedAttributes: a marked attribute on either side is
// never taken for a kept value by the comparison of internals (a marked
// string's or null's internals are neither a string nor nil).
func TestKeepsKnownOfMarkedAttributes(t *testing.T) {
	obj := func(s, z cty.Value) cty.Value { return cty.ObjectVal(map[string]cty.Value{"s": s, "z": z}) }
	plain := obj(cty.StringVal("x"), cty.NullVal(cty.String))
	for _, marked := range []cty.Value{
		obj(cty.StringVal("x").Mark("secret"), cty.NullVal(cty.String)),
		obj(cty.StringVal("x"), cty.NullVal(cty.String).Mark("secret")),
	} {
		for _, nulls := range []bool{true, false} {
			if keepsKnown(plain, marked, nulls) || keepsKnown(marked, plain, nulls) {
				t.Errorf("keepsKnown of %#v and %#v (nulls %v): true, want false", plain, marked, nulls)
			}
		}
	}
}

// BenchmarkKeepsKnown: an applied object of 40 attributes, most of them
// strings and nulls, checked against its plan.
func BenchmarkKeepsKnown(b *testing.B) {
	attrs := map[string]cty.Value{"size": cty.NumberIntVal(3), "tags": cty.MapVal(map[string]cty.Value{"a": cty.StringVal("1")})}
	for i := range 24 {
		attrs[string(rune('a'+i))+"_string"] = cty.StringVal("value")
	}
	for i := range 14 {
		attrs[string(rune('a'+i))+"_null"] = cty.NullVal(cty.String)
	}
	planned, applied := cty.ObjectVal(attrs), cty.ObjectVal(attrs)
	for b.Loop() {
		if !keepsKnown(planned, applied, true) {
			b.Fatal("not kept")
		}
	}
}
