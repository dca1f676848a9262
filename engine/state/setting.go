package state

import (
	"fmt"

	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

// Setting returns a backend block's attribute name, from its decoded
// value v, converted to want; null when v has no such attribute or it is
// null. An unknown value or one of another type is an error naming the
// attribute.
func Setting(v cty.Value, name string, want cty.Type) (cty.Value, error) {
	if !v.Type().HasAttribute(name) {
		return cty.NullVal(want), nil
	}
	a := v.GetAttr(name)
	if a.IsNull() {
		return cty.NullVal(want), nil
	}
	if !a.IsKnown() {
		return cty.NullVal(want), fmt.Errorf("%q must be known when the backend is configured", name)
	}
	c, err := convert.Convert(a, want)
	if err != nil {
		return cty.NullVal(want), fmt.Errorf("%q must be a %s: %v", name, want.FriendlyName(), err)
	}
	return c, nil
}
