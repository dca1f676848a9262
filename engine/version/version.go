// Package version holds the build's version information, set at link time.
package version

import "runtime"

// Version is the release version, set with -ldflags at build time.
var Version = "dev"

// Commit is the source commit the binary was built from.
var Commit = "unknown"

// GoVersion is the Go toolchain the binary was built with.
func GoVersion() string { return runtime.Version() }
