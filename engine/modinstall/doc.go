// Package modinstall installs the modules a stack calls, as `terraform
// init` does: it walks module calls from the root to any depth, leaves
// local modules where they are, fetches remote and registry ones into
// .terraform/modules/KEY (through getmodules), reuses what is installed
// when source and version still match, and records everything in the
// manifest (modsdir).
//
// Installation is all or nothing: packages are fetched into a staging
// directory and moved into place, and the manifest rewritten, only when
// every module call resolved. A call that fails gets a diagnostic on its
// block naming the call, its source and the cause; the stack's existing
// modules and manifest stay as they were.
//
// Finding module calls is a function given by the caller (CallsFunc);
// ReadCalls is a default that reads module blocks' source and version with
// hcl's partial decoding. The engine never prints: progress goes through
// Hooks.
//
// It imports modsrc, modsdir, getmodules, hcl, go-version and go-hclog:
// never the evaluator, the planner or the CLI.
package modinstall
