// Package ctymarshal encodes cty values as cty/json does, byte for byte,
// without its per-value costs where a value allows: cty/json encodes
// every string (object keys included) with encoding/json's reflection,
// reads each attribute with GetAttr (three NFC normalizations of its
// name) and copies each number before formatting it. State records each
// applied object in that encoding, so at 100,000 objects those costs
// were seconds of an apply.
//
// It imports only cty, internal/ctyobject and the standard library.
package ctymarshal

import (
	"encoding/json"
	"math/big"
	"slices"
	"strconv"

	ctyjson "github.com/zclconf/go-cty/cty/json"

	"github.com/trueup/trueup/internal/ctyobject"
	"github.com/zclconf/go-cty/cty"
)

// JSON is ctyjson.Marshal(v, t). Where v has exactly type t, it encodes
// objects, primitives and the collections in them itself, and hands
// anything else (a mark, an unknown, a dynamic attribute's value, a
// capsule, an infinity) to ctyjson.Marshal, whose error or encoding is
// the answer.
func JSON(v cty.Value, t cty.Type) ([]byte, error) {
	// A number's internals are read through cty.Value's layout, which
	// ctyobject checks at start.
	if ctyobject.LayoutOK && v.Type().Equals(t) {
		if b, ok := appendValue(make([]byte, 0, 1024), v, t); ok {
			return b, nil
		}
	}
	return ctyjson.Marshal(v, t)
}

// appendValue appends v's encoding, of type t, to b; ok is false where
// ctyjson.Marshal must encode v.
func appendValue(b []byte, v cty.Value, t cty.Type) ([]byte, bool) {
	if v.IsMarked() || !v.IsKnown() {
		return b, false
	}
	if t == cty.DynamicPseudoType {
		return b, false // cty/json wraps the value with its type
	}
	if v.IsNull() {
		return append(b, "null"...), true
	}
	switch {
	case t == cty.String:
		return appendString(b, v.AsString()), true
	case t == cty.Number:
		f, ok := ctyobject.Raw(v).(*big.Float)
		if !ok || f.IsInf() {
			return b, false
		}
		if i, acc := f.Int64(); acc == big.Exact && f.Sign() != 0 {
			return strconv.AppendInt(b, i, 10), true // Text's digits, without its decimal conversion
		}
		return f.Append(b, 'f', -1), true
	case t == cty.Bool:
		if v.True() {
			return append(b, "true"...), true
		}
		return append(b, "false"...), true
	case t.IsObjectType():
		atys := t.AttributeTypes()
		names := make([]string, 0, len(atys))
		for name := range atys {
			names = append(names, name)
		}
		slices.Sort(names)
		b = append(b, '{')
		for i, name := range names {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, name)
			b = append(b, ':')
			var ok bool
			if b, ok = appendValue(b, ctyobject.GetAttr(v, name), atys[name]); !ok {
				return b, false
			}
		}
		return append(b, '}'), true
	case t.IsListType() || t.IsSetType() || t.IsTupleType():
		return appendElements(b, v, '[', ']', func(b []byte, i int, _, ev cty.Value) ([]byte, bool) {
			if t.IsTupleType() {
				return appendValue(b, ev, t.TupleElementType(i))
			}
			return appendValue(b, ev, t.ElementType())
		})
	case t.IsMapType():
		return appendElements(b, v, '{', '}', func(b []byte, _ int, k, ev cty.Value) ([]byte, bool) {
			b = appendString(b, k.AsString())
			b = append(b, ':')
			return appendValue(b, ev, t.ElementType())
		})
	}
	return b, false
}

// appendElements appends v's elements in ElementIterator's order (a
// set's, a map's sorted keys), each by appendOne and separated by commas,
// between open and close.
func appendElements(b []byte, v cty.Value, open, close byte, appendOne func(b []byte, i int, k, ev cty.Value) ([]byte, bool)) ([]byte, bool) {
	b = append(b, open)
	i := 0
	for it := v.ElementIterator(); it.Next(); i++ {
		if i > 0 {
			b = append(b, ',')
		}
		k, ev := it.Element()
		var ok bool
		if b, ok = appendOne(b, i, k, ev); !ok {
			return b, false
		}
	}
	return append(b, close), true
}

// appendString appends s as encoding/json encodes it: a string of
// printable ASCII without a quote, a backslash or a character HTML
// escaping replaces is copied between quotes; any other goes through
// encoding/json.
func appendString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			enc, err := json.Marshal(s)
			if err != nil {
				panic(err) // a Go string always encodes
			}
			return append(b, enc...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}
