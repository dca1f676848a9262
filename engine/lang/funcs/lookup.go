package funcs

import (
	"fmt"

	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
	"github.com/zclconf/go-cty/cty/function"
)

// LookupFunc is lookup(map, key, default): the element of a map or object
// with the given key, or default when there is none. Without a default a
// missing key is an error. The result carries the marks of the map and of
// the key, as well as those of the element itself.
var LookupFunc = function.New(&function.Spec{
	Description: "Returns the element of a map with a given key, or a default value when there is none.",
	Params: []function.Parameter{
		{Name: "inputMap", Type: cty.DynamicPseudoType, AllowMarked: true},
		{Name: "key", Type: cty.String, AllowMarked: true},
	},
	VarParam: &function.Parameter{
		Name: "default", Type: cty.DynamicPseudoType,
		AllowUnknown: true, AllowDynamicType: true, AllowNull: true, AllowMarked: true,
	},
	Type: lookupType,
	Impl: func(args []cty.Value, retType cty.Type) (cty.Value, error) {
		m, mapMarks := args[0].Unmark()
		k, keyMarks := args[1].Unmark()
		key := k.AsString()
		if !m.IsKnown() {
			return cty.UnknownVal(retType).WithMarks(mapMarks, keyMarks), nil
		}
		if m.Type().IsObjectType() {
			if m.Type().HasAttribute(key) {
				return m.GetAttr(key).WithMarks(mapMarks, keyMarks), nil
			}
		} else if m.HasIndex(k).True() {
			return m.Index(k).WithMarks(mapMarks, keyMarks), nil
		}
		if len(args) == 3 {
			d, err := convert.Convert(args[2], retType)
			if err != nil {
				return cty.NilVal, function.NewArgError(2, err)
			}
			return d.WithMarks(mapMarks, keyMarks), nil
		}
		return cty.NilVal, fmt.Errorf("lookup failed to find key %q", key)
	},
})

func lookupType(args []cty.Value) (cty.Type, error) {
	if len(args) > 3 {
		return cty.NilType, fmt.Errorf("lookup() takes two or three arguments, got %d", len(args))
	}
	ty := args[0].Type()
	switch {
	case ty.IsObjectType():
		k, _ := args[1].Unmark()
		if !k.IsKnown() {
			return cty.DynamicPseudoType, nil
		}
		if key := k.AsString(); ty.HasAttribute(key) {
			return ty.AttributeType(key), nil
		} else if len(args) == 3 {
			return args[2].Type(), nil
		} else {
			return cty.DynamicPseudoType, function.NewArgErrorf(0, "the given object has no attribute %q", key)
		}
	case ty.IsMapType():
		if len(args) == 3 {
			if _, err := convert.Convert(args[2], ty.ElementType()); err != nil {
				return cty.NilType, function.NewArgErrorf(2, "the default value must have the same type as the map elements")
			}
		}
		return ty.ElementType(), nil
	default:
		return cty.NilType, function.NewArgErrorf(0, "lookup() requires a map as the first argument")
	}
}
