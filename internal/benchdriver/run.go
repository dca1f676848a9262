package benchdriver

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"time"
)

// Tool is a command-line tool under measurement: trueup, or Terraform
// with its null provider.
type Tool struct {
	// Name labels the tool's results ("trueup", "terraform").
	Name string
	// Exe is the binary to run.
	Exe string
	// Env is the child's whole environment.
	Env []string
	// Init says whether the stack needs `init` before anything else
	// (Terraform does; trueup's built-in null provider does not).
	Init bool
	// Prelude is configuration written next to the stack (for example
	// a required_providers block).
	Prelude string
	// Rounds is how many times Measure runs the whole sequence of cases
	// (0 and 1: once); it reports each case's median round, so that one
	// round disturbed by the machine does not make the figure.
	Rounds int
}

// Measure is what one run of the tool cost.
type Measure struct {
	Seconds float64 `json:"seconds"`
	// PeakRSSMB is the child's peak resident memory (ru_maxrss), in MiB:
	// the largest of its processes.
	PeakRSSMB float64 `json:"peak_rss_mb"`
	// PeakTreeMB is the largest sum of the resident memory of the child
	// and all its descendants (a tool's plugin processes) seen by sampling
	// every treeSampleEvery, in MiB; 0 where not measured. A sample can
	// miss a short peak: it is at most the true peak.
	PeakTreeMB float64 `json:"peak_tree_mb,omitempty"`
	// CPUSeconds is the child's user and system CPU time: on a shared
	// machine, steadier than the wall time.
	CPUSeconds float64 `json:"cpu_seconds"`
	// WrittenMB is what the child wrote to files (ru_oublock), in MiB.
	WrittenMB float64 `json:"written_mb"`
}

// exitError reports a run that ended with an unexpected exit code.
type exitError struct {
	args   []string
	code   int
	stderr string
}

func (e *exitError) Error() string {
	return fmt.Sprintf("%v exited %d:\n%s", e.args, e.code, tail(e.stderr, 4000))
}

// run runs the tool with args in dir, its stdout discarded, and measures
// it. An exit code other than want is an error that quotes stderr.
func (t Tool) run(ctx context.Context, dir string, want int, args ...string) (Measure, error) {
	m, _, err := t.runStderr(ctx, dir, want, args...)
	return m, err
}

// runStderr is run that also returns what the tool wrote to stderr.
func (t Tool) runStderr(ctx context.Context, dir string, want int, args ...string) (Measure, []byte, error) {
	cmd := exec.CommandContext(ctx, t.Exe, args...)
	cmd.Dir, cmd.Env = dir, t.Env
	devnull, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		return Measure{}, nil, err
	}
	defer devnull.Close()
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = devnull, &stderr
	start := time.Now()
	err = cmd.Start()
	var tree float64
	if err == nil {
		watch := watchTree(cmd.Process.Pid)
		err = cmd.Wait()
		tree = watch.Stop()
	}
	m := Measure{Seconds: time.Since(start).Seconds(), PeakTreeMB: tree}
	if cmd.ProcessState == nil {
		return m, nil, fmt.Errorf("%s %v: %w", t.Exe, args, err)
	}
	m.PeakRSSMB, m.WrittenMB = usage(cmd.ProcessState)
	m.CPUSeconds = (cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()).Seconds()
	if code := cmd.ProcessState.ExitCode(); code != want {
		return m, stderr.Bytes(), &exitError{args: append([]string{t.Name}, args...), code: code, stderr: stderr.String()}
	}
	return m, stderr.Bytes(), nil
}

// tail returns the last max bytes of s.
func tail(s string, max int) string {
	if len(s) <= max {
		return s
	}
	return "..." + s[len(s)-max:]
}
