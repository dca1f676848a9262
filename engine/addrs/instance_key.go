package addrs

import (
	"fmt"
	"math/big"
	"strconv"

	"github.com/zclconf/go-cty/cty"
)

// InstanceKey distinguishes the instances of one resource: NoKey, an IntKey
// (count) or a StringKey (for_each).
type InstanceKey interface {
	// String returns the key as written after an address: "[0]" or
	// `["k"]`.
	String() string
	// Value returns the key as a cty value: a number or a string.
	Value() cty.Value
}

// NoKey is the key of the single instance of a resource that has neither
// count nor for_each. It is a nil InstanceKey: compare with ==, and do not
// call methods on it.
var NoKey InstanceKey

// IntKey is the key of an instance of a resource with count.
type IntKey int

// String returns "[N]".
func (k IntKey) String() string { return "[" + strconv.Itoa(int(k)) + "]" }

// Value returns the key as a cty.Number.
func (k IntKey) Value() cty.Value { return cty.NumberIntVal(int64(k)) }

// StringKey is the key of an instance of a resource with for_each.
type StringKey string

// String returns `["k"]`, with the key quoted as in HCL.
func (k StringKey) String() string { return "[" + strconv.Quote(string(k)) + "]" }

// Value returns the key as a cty.String.
func (k StringKey) Value() cty.Value { return cty.StringVal(string(k)) }

// KeyFromValue converts a known, non-null, unmarked number (a whole number)
// or string into an instance key.
func KeyFromValue(v cty.Value) (InstanceKey, error) {
	switch {
	case v.IsMarked():
		return nil, fmt.Errorf("a sensitive value cannot be used as an instance key")
	case !v.IsKnown():
		return nil, fmt.Errorf("instance key must be known")
	case v.IsNull():
		return nil, fmt.Errorf("instance key must not be null")
	}
	switch v.Type() {
	case cty.String:
		return StringKey(v.AsString()), nil
	case cty.Number:
		bf := v.AsBigFloat()
		i, acc := bf.Int64()
		if acc != big.Exact || i < 0 || int64(int(i)) != i {
			return nil, fmt.Errorf("instance key %s is not a non-negative whole number", bf.Text('f', -1))
		}
		return IntKey(int(i)), nil
	}
	return nil, fmt.Errorf("instance key must be a number or a string, not %s", v.Type().FriendlyName())
}

// KeyJSON returns k as plan and state JSON documents write an instance's
// index: nil for no key, an int or a string.
func KeyJSON(k InstanceKey) any {
	switch k := k.(type) {
	case IntKey:
		return int(k)
	case StringKey:
		return string(k)
	}
	return nil
}
