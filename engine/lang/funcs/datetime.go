package funcs

import (
	"time"

	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
)

// TimestampFunc is timestamp(): the current time in UTC, RFC 3339. Impure.
var TimestampFunc = function.New(&function.Spec{
	Description:  "Returns the current UTC time in RFC 3339 format.",
	Type:         function.StaticReturnType(cty.String),
	RefineResult: refineNotNull,
	Impl: func([]cty.Value, cty.Type) (cty.Value, error) {
		return cty.StringVal(time.Now().UTC().Format(time.RFC3339)), nil
	},
})

// PlanTimestampFunc returns plantimestamp(): the given time (the time the
// plan was made) in UTC, RFC 3339. Unlike timestamp() it is known during
// plan and the same during apply of that plan.
func PlanTimestampFunc(t time.Time) function.Function {
	s := t.UTC().Format(time.RFC3339)
	return function.New(&function.Spec{
		Description: "Returns the UTC time at which the plan was made, in RFC 3339 format.",
		Type:        function.StaticReturnType(cty.String),
		Impl: func([]cty.Value, cty.Type) (cty.Value, error) {
			return cty.StringVal(s), nil
		},
	})
}

// TimeCmpFunc is timecmp(a, b): -1, 0 or 1 as the RFC 3339 timestamp a is
// before, the same instant as, or after b.
var TimeCmpFunc = function.New(&function.Spec{
	Description:  "Compares two RFC 3339 timestamps: -1, 0 or 1.",
	Params:       stringParams("timestamp_a", "timestamp_b"),
	Type:         function.StaticReturnType(cty.Number),
	RefineResult: refineNotNull,
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		var ts [2]time.Time
		for i := range ts {
			t, err := time.Parse(time.RFC3339, args[i].AsString())
			if err != nil {
				return cty.UnknownVal(cty.Number), function.NewArgErrorf(i, "not a valid RFC 3339 timestamp: %s", err)
			}
			ts[i] = t
		}
		return cty.NumberIntVal(int64(ts[0].Compare(ts[1]))), nil
	},
})
