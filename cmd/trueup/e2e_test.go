package main

// End-to-end tests: they build the real trueup binary once (TestMain) and
// run it as a user would, in a temporary stack directory, with its own
// environment and no terminal. They assert on what a user can see: exit
// codes, output, files on disk and the state document.

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/trueup/trueup/internal/pgtest"
	"github.com/trueup/trueup/internal/trueupbin"
)

// e2eVersion and e2eCommit are linked into the test binary, so that the
// version command has something known to print.
const (
	e2eVersion = trueupbin.Version
	e2eCommit  = trueupbin.Commit
)

// commandTimeout bounds one run of the binary, so that a hang fails the
// test instead of the whole suite.
const commandTimeout = 90 * time.Second

// trueupBin is the path of the binary TestMain builds.
var trueupBin string

// sharedPG is the PostgreSQL server of the pg backend tests, each in a
// database of its own.
var sharedPG pgtest.Shared

func TestMain(m *testing.M) {
	os.Exit(runE2E(m))
}

func runE2E(m *testing.M) int {
	dir, err := os.MkdirTemp("", "trueup-e2e-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e: creating a directory for the binary:", err)
		return 1
	}
	defer os.RemoveAll(dir)
	trueupBin = filepath.Join(dir, "trueup")
	// With the tags of `make build`: the binary users get.
	if err := trueupbin.Build(trueupBin); err != nil {
		fmt.Fprintln(os.Stderr, "e2e: building the trueup binary failed:", err)
		return 1
	}
	defer sharedPG.Stop()
	return m.Run()
}

// result is what one run of the binary produced.
type result struct {
	args           []string
	stdout, stderr string
	code           int
}

// output is stdout and stderr together, for assertions that do not care
// which stream a message went to.
func (r result) output() string { return r.stdout + r.stderr }

func (r result) String() string {
	return fmt.Sprintf("trueup %s\nexit code %d\n--- stdout:\n%s\n--- stderr:\n%s", strings.Join(r.args, " "), r.code, r.stdout, r.stderr)
}

// stack is a stack directory in which the binary runs.
type stack struct {
	t   *testing.T
	dir string
	env []string
}

// newStack writes files (relative path → content) into a fresh temporary
// directory.
func newStack(t *testing.T, files map[string]string) *stack {
	t.Helper()
	s := &stack{t: t, dir: t.TempDir()}
	for name, content := range files {
		s.write(name, content)
	}
	return s
}

// copyStack copies a directory of the repository (relative to the module
// root) into a fresh stack.
func copyStack(t *testing.T, repoDir string) *stack {
	t.Helper()
	s := newStack(t, nil)
	src := filepath.Join("..", "..", repoDir)
	if err := os.CopyFS(s.dir, os.DirFS(src)); err != nil {
		t.Fatalf("copying %s: %v", repoDir, err)
	}
	return s
}

// path returns the absolute path of a file in the stack.
func (s *stack) path(rel string) string { return filepath.Join(s.dir, rel) }

// write writes a file of the stack, creating its directory.
func (s *stack) write(rel, content string) {
	s.t.Helper()
	p := s.path(rel)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		s.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		s.t.Fatal(err)
	}
}

// read returns a file of the stack; the test fails when it is missing.
func (s *stack) read(rel string) string {
	s.t.Helper()
	b, err := os.ReadFile(s.path(rel))
	if err != nil {
		s.t.Fatalf("reading %s: %v", rel, err)
	}
	return string(b)
}

// exists reports whether a file of the stack exists.
func (s *stack) exists(rel string) bool {
	_, err := os.Stat(s.path(rel))
	return err == nil
}

// setenv adds NAME=VALUE to the environment of every later run.
func (s *stack) setenv(name, value string) { s.env = append(s.env, name+"="+value) }

// run runs the binary in the stack directory with no stdin and waits.
func (s *stack) run(args ...string) result {
	s.t.Helper()
	return s.runInput("", args...)
}

// runInput runs the binary with stdin fed from a pipe (not a terminal).
func (s *stack) runInput(stdin string, args ...string) result {
	s.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), commandTimeout)
	defer cancel()
	cmd := s.command(ctx, args...)
	cmd.Stdin = strings.NewReader(stdin)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	r := result{args: args, stdout: stdout.String(), stderr: stderr.String(), code: exitCode(err)}
	if ctx.Err() != nil {
		s.t.Fatalf("trueup %s did not finish within %s\n%s", strings.Join(args, " "), commandTimeout, r)
	}
	if r.code < 0 {
		s.t.Fatalf("running trueup %s: %v", strings.Join(args, " "), err)
	}
	return r
}

// command prepares a run of the binary in the stack directory with a
// clean environment: the caller's, less any TF_ and TRUEUP_ variables,
// plus the stack's own.
func (s *stack) command(ctx context.Context, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, trueupBin, args...)
	cmd.Dir = s.dir
	cmd.Env = append(cleanEnv(), s.env...)
	return cmd
}

func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "TF_") || strings.HasPrefix(kv, "TRUEUP_") {
			continue
		}
		env = append(env, kv)
	}
	return env
}

// exitCode returns the process's exit code, or -1 when it did not run.
func exitCode(err error) int {
	if err == nil {
		return 0
	}
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode()
	}
	return -1
}

// must runs the binary and fails the test unless it exits with code want.
func (s *stack) must(want int, args ...string) result {
	s.t.Helper()
	r := s.run(args...)
	if r.code != want {
		s.t.Fatalf("want exit code %d, got:\n%s", want, r)
	}
	return r
}

// background is a run of the binary that the test does not wait for.
type background struct {
	cmd    *exec.Cmd
	mu     sync.Mutex
	stdout bytes.Buffer
	stderr bytes.Buffer
	done   chan struct{}
	err    error
}

// syncWriter lets the test read a buffer while the process writes it.
type syncWriter struct {
	mu  *sync.Mutex
	buf *bytes.Buffer
}

func (w syncWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.Write(p)
}

// start runs the binary in the background; the process is killed when
// the test ends if it is still running.
func (s *stack) start(args ...string) *background {
	s.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), commandTimeout)
	bg := &background{done: make(chan struct{})}
	bg.cmd = s.command(ctx, args...)
	bg.cmd.Stdout = syncWriter{&bg.mu, &bg.stdout}
	bg.cmd.Stderr = syncWriter{&bg.mu, &bg.stderr}
	if err := bg.cmd.Start(); err != nil {
		cancel()
		s.t.Fatalf("starting trueup %s: %v", strings.Join(args, " "), err)
	}
	go func() {
		bg.err = bg.cmd.Wait()
		cancel()
		close(bg.done)
	}()
	s.t.Cleanup(func() {
		cancel()
		<-bg.done
	})
	return bg
}

// output returns what the process printed so far.
func (bg *background) output() string {
	bg.mu.Lock()
	defer bg.mu.Unlock()
	return bg.stdout.String() + bg.stderr.String()
}

// wait waits for the process to exit, at most limit, and returns its exit
// code; the test fails when it is still running after limit.
func (bg *background) wait(t *testing.T, limit time.Duration) int {
	t.Helper()
	select {
	case <-bg.done:
		return exitCode(bg.err)
	case <-time.After(limit):
		t.Fatalf("trueup %s still running after %s; output so far:\n%s", strings.Join(bg.cmd.Args[1:], " "), limit, bg.output())
		return -1
	}
}

// waitFor polls until cond holds, failing the test after limit. It is a
// synchronisation helper, not a timing assertion: limit only guards
// against a hang.
func waitFor(t *testing.T, what string, limit time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up after %s waiting for %s", limit, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
