package plan

import "github.com/trueup/trueup/engine/eval"

// EarlyEvaluator is the evaluator e holds for the plan that takes it up.
func EarlyEvaluator(e *Early) *eval.Evaluator { return e.ev }
