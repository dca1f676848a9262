// Package plan is the planner: it refreshes the objects in state through
// their providers, evaluates the configuration in dependency order, asks
// each provider to plan its changes, and returns a plans.Plan.
//
// It imports the engine's vocabulary (addrs, config, graph, hook, plans,
// state, schema), eval, lang (unmarking values, preparing a resource body
// once for all its instances) and refactor (moved blocks); never apply, the CLI,
// or a concrete provider. internal/layers checks these rules.
package plan
