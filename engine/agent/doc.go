// Package agent is the GitOps daemon: it keeps each configured stack equal
// to its git branch. Pushes (webhooks, or polling as a fallback) are planned
// and, with auto_apply, applied; pull requests get a speculative plan posted
// as one comment per stack, edited in place; schedules run drift checks that
// notify or reconcile. Runs go through a queue (one per stack at a time,
// bounded overall), are recorded in the run history, reported as commit
// statuses, and counted in Prometheus metrics. Nothing from a pull request
// is ever applied.
//
// Sub-packages hold its vocabulary and parts: config (the HCL file), store
// (run history in bbolt), queue (scheduling) and web (dashboard and JSON
// API). This package wires them to the engine (run, source, render, drift)
// and the forge clients. It never imports a concrete provider or backend:
// the command passes an Env factory. docs/agent.md describes the design.
package agent
