// Command trueup is a GitOps reconciler for cloud infrastructure: it plans
// and applies Terraform-language configurations through built-in providers,
// with state stored under a lock.
//
// It is thin: it parses flags, wires the built-in providers and state
// backends into registries, calls the engine and prints what comes back.
// Of trueup it imports only a small set of packages
// (internal/layers/rules_test.go, cliImports): the façades — engine/run
// for operations (plan, apply, validate, graph, import, show's decoding,
// state mv), engine/state and its backends for state commands,
// engine/agent for the agent, engine/sandbox, engine/artifacts — the
// vocabulary and views it parses into and prints (addrs, config, vars,
// plans, render, hook, version), the installers of providers and modules,
// schema, and the providers it wires in. It never imports the machinery
// that plans and applies (eval, lang, plan, apply, refactor, graph): what
// a command needs of it is a function of engine/run.
package main
