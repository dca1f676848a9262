// Package refactor moves objects between addresses in state: what
// `trueup state mv` and `moved` blocks do. A move names a whole module
// instance, a whole resource or one resource instance, and every object
// under it follows, deposed objects included.
//
// It imports addrs, config, eval (for the state address conversions) and
// state;
// never the planner, the executor or the CLI.
package refactor
