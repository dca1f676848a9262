// Package eval is the evaluation machinery that the planner and the
// executor share: the set of configured providers and their schemas, the
// Evaluator that answers the expressions' references (lang.Data) from the
// values known so far, count/for_each expansion, the dependency graph of a
// module, and the conversions between state objects and cty values with
// sensitive marks.
//
// It imports addrs, config, graph, lang, provisioners (their schemas),
// state, vars and schema; never plans, the planner, the executor, the CLI,
// or a concrete provider. internal/layers checks these rules.
package eval
