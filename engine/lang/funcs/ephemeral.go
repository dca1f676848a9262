package funcs

import (
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
)

// EphemeralMark is the cty mark of an ephemeral value (Terraform 1.10's
// ephemeral variables and outputs): a value that is never persisted, in
// state or in a saved plan. A plain string, as SensitiveMark.
const EphemeralMark = "ephemeral"

// EphemeralAsNullFunc is ephemeralasnull(value): the value with every
// ephemeral part of it replaced by a null of its type, which is not
// ephemeral, and everything else kept, marks included.
var EphemeralAsNullFunc = function.New(&function.Spec{
	Description: "Replaces the ephemeral parts of a value with nulls.",
	Params:      []function.Parameter{anyValue},
	Type:        func(args []cty.Value) (cty.Type, error) { return args[0].Type(), nil },
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		return cty.Transform(args[0], func(_ cty.Path, v cty.Value) (cty.Value, error) {
			if !v.HasMark(EphemeralMark) {
				return v, nil
			}
			_, marks := v.Unmark()
			delete(marks, EphemeralMark)
			return cty.NullVal(v.Type()).WithMarks(marks), nil
		})
	},
})
