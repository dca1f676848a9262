package trueupbin

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
)

// The version and commit linked into the binary.
const (
	Version = "v0.0.0-e2e"
	Commit  = "e2ecommit"
)

// Tags are `make build`'s build tags (the Makefile's TAGS): the binary
// users get.
const Tags = "grpcnotrace,disable_grpc_modules"

// CgoEnabled is `make build`'s CGO_ENABLED (the Makefile's CGO): a static
// binary, started without the dynamic loader and libc.
const CgoEnabled = "0"

// Build writes the trueup binary to out, linking it only when the build
// cache does not hold it yet.
func Build(out string) error {
	// go run links without the symbol table and DWARF (-s -w) unless told
	// otherwise: -s=false -w=false keep them, as make build does, for the
	// tests that read the binary's symbols (go tool nm).
	ldflags := "-X github.com/trueup/trueup/engine/version.Version=" + Version +
		" -X github.com/trueup/trueup/engine/version.Commit=" + Commit + " -s=false -w=false"
	// go run builds (or finds in its cache) the executable and runs
	// `cp EXECUTABLE out` instead of it.
	args := []string{"run", "-tags", Tags, "-ldflags", ldflags, "-exec", "cp", "./cmd/trueup", out}
	cmd := exec.Command("go", args...)
	cmd.Dir = moduleRoot()
	cmd.Env = append(os.Environ(), "CGO_ENABLED="+CgoEnabled)
	if b, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go %s: %v\n%s", strings.Join(args, " "), err, b)
	}
	return nil
}

func moduleRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Clean(filepath.Join(filepath.Dir(file), "..", ".."))
}
