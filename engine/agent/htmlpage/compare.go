package htmlpage

import (
	"cmp"
	"fmt"
	"reflect"
	"slices"
)

// compare makes a comparison builtin: eq is true when the first argument
// equals any of the others; the others compare two.
func compare(ok func(int) bool) func(args []reflect.Value) (reflect.Value, error) {
	return func(args []reflect.Value) (reflect.Value, error) {
		if len(args) < 2 {
			return reflect.Value{}, fmt.Errorf("needs two arguments")
		}
		for _, b := range args[1:] {
			c, err := compareValues(args[0], b)
			if err != nil {
				return reflect.Value{}, err
			}
			if ok(c) {
				return reflect.ValueOf(true), nil
			}
		}
		return reflect.ValueOf(false), nil
	}
}

// compareValues orders two basic values (booleans only equal or not).
func compareValues(a, b reflect.Value) (int, error) {
	a, b = indirectInterface(a), indirectInterface(b)
	if !a.IsValid() || !b.IsValid() {
		if a.IsValid() == b.IsValid() {
			return 0, nil
		}
		return 1, nil
	}
	switch {
	case isInt(a.Kind()) && isInt(b.Kind()):
		return cmp.Compare(a.Int(), b.Int()), nil
	case isUint(a.Kind()) && isUint(b.Kind()):
		return cmp.Compare(a.Uint(), b.Uint()), nil
	case isInt(a.Kind()) && isUint(b.Kind()):
		if a.Int() < 0 {
			return -1, nil
		}
		return cmp.Compare(uint64(a.Int()), b.Uint()), nil
	case isUint(a.Kind()) && isInt(b.Kind()):
		if b.Int() < 0 {
			return 1, nil
		}
		return cmp.Compare(a.Uint(), uint64(b.Int())), nil
	case isFloat(a.Kind()) && isFloat(b.Kind()):
		return cmp.Compare(a.Float(), b.Float()), nil
	case a.Kind() == reflect.String && b.Kind() == reflect.String:
		return cmp.Compare(a.String(), b.String()), nil
	case a.Kind() == reflect.Bool && b.Kind() == reflect.Bool:
		if a.Bool() == b.Bool() {
			return 0, nil
		}
		return 1, nil
	case a.Type() == b.Type() && a.Comparable():
		if a.Equal(b) {
			return 0, nil
		}
		return 1, nil
	}
	return 0, fmt.Errorf("incompatible types for comparison: %s and %s", a.Type(), b.Type())
}

func isInt(k reflect.Kind) bool   { return k >= reflect.Int && k <= reflect.Int64 }
func isUint(k reflect.Kind) bool  { return k >= reflect.Uint && k <= reflect.Uintptr }
func isFloat(k reflect.Kind) bool { return k == reflect.Float32 || k == reflect.Float64 }

// sortKeys orders a map's keys for range, as text/template does for basic
// key types.
func sortKeys(keys []reflect.Value) {
	slices.SortFunc(keys, func(a, b reflect.Value) int {
		c, _ := compareValues(a, b)
		return c
	})
}
