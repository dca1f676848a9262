// Package plans is the vocabulary of a plan: the actions the planner decided
// on, per resource instance and output, with the values before and after,
// and the saved plan file that carries them from `trueup plan -out` to
// `trueup apply`.
//
// It imports addrs, state and cty; never the planner, the executor, the CLI
// or a provider.
package plans
