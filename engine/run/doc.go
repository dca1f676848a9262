// Package run carries out whole operations on one stack — plan, apply,
// destroy, refresh-only drift checks — the way the CLI and the GitOps agent
// both need them: load the configuration and variables from a directory,
// open and lock the state backend, read state, plan, and apply when asked.
//
// It is also the CLI's façade to the machinery beneath it: cmd/trueup
// reaches eval, lang, refactor and apply only through run's functions
// (Validate, Graph, StateDecoder, MoveState, CheckReferences, ...), so
// that those packages may change without touching the CLI.
//
// The providers and backends it uses are given to it (Env); it never imports
// a concrete provider. It never prints: callers render the returned plan and
// diagnostics, and receive progress through a hook.
package run
