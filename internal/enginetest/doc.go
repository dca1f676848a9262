// Package enginetest runs the planner and the executor over a small stack
// for the engine's unit tests: inline configuration files written to a
// temporary directory, the in-memory test provider (internal/testprovider)
// and a real local state backend. It is test support: only _test.go files
// import it.
package enginetest
