package funcs

import (
	"errors"

	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
)

// SensitiveMark is the cty mark of a sensitive value throughout trueup: a
// plain string, so any package can test cty.Value.HasMark(SensitiveMark)
// without importing this one.
const SensitiveMark = "sensitive"

// anyValue is the parameter of the mark functions: any value at all,
// including unknown, null and already marked ones.
var anyValue = function.Parameter{
	Name: "value", Type: cty.DynamicPseudoType,
	AllowUnknown: true, AllowNull: true, AllowMarked: true, AllowDynamicType: true,
}

// SensitiveFunc is sensitive(value): the value, marked sensitive.
var SensitiveFunc = function.New(&function.Spec{
	Description: "Marks a value as sensitive.",
	Params:      []function.Parameter{anyValue},
	Type:        func(args []cty.Value) (cty.Type, error) { return args[0].Type(), nil },
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		return args[0].Mark(SensitiveMark), nil
	},
})

// NonsensitiveFunc is nonsensitive(value): the value without its own
// sensitive mark. Like Terraform since v1.6, a value that is not sensitive
// is returned unchanged rather than refused; marks nested inside a
// collection stay.
var NonsensitiveFunc = function.New(&function.Spec{
	Description: "Removes the sensitive mark from a value.",
	Params:      []function.Parameter{anyValue},
	Type:        func(args []cty.Value) (cty.Type, error) { return args[0].Type(), nil },
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		v, marks := args[0].Unmark()
		delete(marks, SensitiveMark)
		return v.WithMarks(marks), nil
	},
})

// IsSensitiveFunc is issensitive(value): whether the value is marked
// sensitive.
var IsSensitiveFunc = function.New(&function.Spec{
	Description: "Reports whether a value is marked sensitive.",
	Params:      []function.Parameter{anyValue},
	Type:        function.StaticReturnType(cty.Bool),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		return cty.BoolVal(args[0].HasMark(SensitiveMark)), nil
	},
})

// errSensitive replaces the error of a call that had a sensitive argument:
// the original message may quote the value or something derived from it.
var errSensitive = errors.New("the value is sensitive, so the reason it was rejected is not shown")

// guard wraps f so that, when a call with a sensitive argument fails, its
// error is replaced by one that reveals nothing about the argument. The
// index of an argument error is kept, so that diagnostics still point at
// the right argument. Everything else (types, unknowns, marks on results,
// refinements) is f's own behaviour: the wrapper accepts every kind of
// value and lets f decide.
func guard(f function.Function) function.Function {
	spec := &function.Spec{Description: f.Description()}
	for _, p := range f.Params() {
		spec.Params = append(spec.Params, permissive(p))
	}
	if vp := f.VarParam(); vp != nil {
		p := permissive(*vp)
		spec.VarParam = &p
	}
	spec.Type = func(args []cty.Value) (cty.Type, error) {
		ty, err := f.ReturnTypeForValues(args)
		return ty, redact(args, err)
	}
	spec.Impl = func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		v, err := f.Call(args)
		return v, redact(args, err)
	}
	return function.New(spec)
}

func permissive(p function.Parameter) function.Parameter {
	p.AllowMarked, p.AllowUnknown, p.AllowNull, p.AllowDynamicType = true, true, true, true
	return p
}

// redact returns err, or errSensitive when any argument holds a sensitive
// value.
func redact(args []cty.Value, err error) error {
	if err == nil || !anySensitive(args) {
		return err
	}
	var argErr function.ArgError
	if errors.As(err, &argErr) {
		return function.NewArgError(argErr.Index, errSensitive)
	}
	return errSensitive
}

func anySensitive(args []cty.Value) bool {
	for _, a := range args {
		if isSensitiveDeep(a) {
			return true
		}
	}
	return false
}

func isSensitiveDeep(v cty.Value) bool { return MarkedWith(v, SensitiveMark) }

// MarkedWith reports whether v or any value inside it carries mark: a
// value may carry the sensitive mark, the ephemeral one, or both.
func MarkedWith(v cty.Value, mark string) bool {
	if !v.ContainsMarked() {
		return false
	}
	_, pvm := v.UnmarkDeepWithPaths()
	for _, pm := range pvm {
		if _, ok := pm.Marks[mark]; ok {
			return true
		}
	}
	return false
}
