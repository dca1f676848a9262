package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/trueup/trueup/internal/pgtest"
	"github.com/trueup/trueup/internal/trueupbin"
)

// binary is the trueup binary built for these tests.
var binary string

// sharedPG is the PostgreSQL server of the tests that run agents on one
// store, each in a database of its own.
var sharedPG pgtest.Shared

func TestMain(m *testing.M) {
	os.Exit(mainRun(m))
}

func mainRun(m *testing.M) int {
	for _, tool := range []string{"git", "go"} {
		if _, err := exec.LookPath(tool); err != nil {
			fmt.Fprintf(os.Stderr, "e2e: %s is required on PATH: %v\n", tool, err)
			return 1
		}
	}
	dir, err := os.MkdirTemp("", "trueup-agent-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	// The binary cmd/trueup's tests run too: the build cache holds it
	// once either package has built it.
	binary = filepath.Join(dir, "trueup")
	if err := trueupbin.Build(binary); err != nil {
		fmt.Fprintf(os.Stderr, "e2e: building trueup: %v\n", err)
		return 1
	}
	defer sharedPG.Stop()
	return m.Run()
}
