// Package run carries out whole operations on one stack — plan, apply,
// destroy, refresh-only drift checks — the way the CLI and the GitOps agent
// both need them: load the configuration and variables from a directory,
// open and lock the state backend, read state, plan, and apply when asked.
//
// The providers and backends it uses are given to it (Env); it never imports
// a concrete provider. It never prints: callers render the returned plan and
// diagnostics, and receive progress through a hook.
package run
