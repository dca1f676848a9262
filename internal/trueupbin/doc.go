// Package trueupbin builds the trueup binary that end-to-end tests run
// (cmd/trueup's and engine/agent/e2e's), once per content of its sources:
// through `go run -exec cp`, whose linked executable the go command keeps
// in its build cache, where `go build -o` links anew every time. Linking
// trueup is the largest part of building it (about 45 CPU seconds, a
// minute or two of wall time on a loaded 2-core machine); the second test
// package that needs the binary, and every later test run of unchanged
// sources, copies it from the cache instead.
//
// Every caller gets the same binary: `make build`'s tags and CGO_ENABLED=0, and Version and
// Commit linked into engine/version, so that the tests know what the
// version command prints.
//
// It imports only the standard library and may be used by any test.
package trueupbin
