package state_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// lockproc is the path of the helper command built by TestMain.
var lockproc string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "lockproc-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "TestMain:", err)
		os.Exit(1)
	}
	lockproc = filepath.Join(dir, "lockproc")
	build := exec.Command("go", "build", "-o", lockproc, "github.com/trueup/trueup/engine/state/internal/lockproc")
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "TestMain: building the lockproc helper failed (is go on PATH?): %v\n%s", err, out)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}
