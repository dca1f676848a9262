// Package layers enforces the import rules that the packages' doc.go files
// declare: cmd → engine → schema ← providers, and the finer rules of each
// engine package. Its test lists every package of the module with
// `go list -json` and fails on an import that crosses a rule, naming the
// rule and the doc.go that states it. docs/architecture.md draws the
// layers. It has no code of its own.
package layers
