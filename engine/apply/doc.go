// Package apply is the executor: it carries out a plans.Plan. It does not
// re-decide what to do — the plan's actions are final — but it evaluates
// configuration again as values become known, so that attributes planned as
// "known after apply" are filled in, and checks that providers' final plans
// agree with the saved ones.
//
// Deletes run in reverse dependency order (from the dependencies recorded
// in the plan and in state), then creates and updates in dependency order,
// then the deletes of objects replaced create-before-destroy. State is
// persisted as changes complete, coalesced to about once a second.
//
// It imports the engine's vocabulary (addrs, config, graph, hook, plans,
// state, schema), eval, interrupt, provisioners and lang (a resource's body
// is prepared for its instances' evaluations once, as in plan; its cheap
// unmarking); never plan, the CLI or a concrete provider. internal/layers checks these rules.
package apply
