package state_test

import (
	"bufio"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/trueup/trueup/engine/state"
)

// proc is a running lockproc with its output read line by line.
type proc struct {
	cmd    *exec.Cmd
	stdout chan string
	stderr chan string
}

func startLockproc(t *testing.T, args ...string) *proc {
	t.Helper()
	cmd := exec.Command(lockproc, args...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	errOut, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting lockproc: %v", err)
	}
	p := &proc{cmd: cmd, stdout: lines(out), stderr: lines(errOut)}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
	})
	return p
}

func lines(r io.Reader) chan string {
	ch := make(chan string, 10000)
	go func() {
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			ch <- sc.Text()
		}
		close(ch)
	}()
	return ch
}

// line returns the next stdout line, failing if the process printed none.
func (p *proc) line(t *testing.T) string {
	t.Helper()
	l, ok := <-p.stdout
	if !ok {
		t.Fatalf("lockproc %v printed nothing on stdout", p.cmd.Args)
	}
	return l
}

func (p *proc) wait(t *testing.T) {
	t.Helper()
	if err := p.cmd.Wait(); err != nil {
		t.Fatalf("lockproc %v: %v", p.cmd.Args, err)
	}
}

func touch(t *testing.T, path string) {
	t.Helper()
	if err := os.WriteFile(path, nil, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestTwoProcessesExactlyOneGetsTheLock(t *testing.T) {
	for round := range 3 {
		dir := t.TempDir()
		statePath := filepath.Join(dir, "terraform.tfstate")
		start, release := filepath.Join(dir, "start"), filepath.Join(dir, "release")
		procs := []*proc{
			startLockproc(t, "-state", statePath, "-start", start, "-release", release, "-op", "first"),
			startLockproc(t, "-state", statePath, "-start", start, "-release", release, "-op", "second"),
		}
		touch(t, start)
		got := []string{procs[0].line(t), procs[1].line(t)}

		var winner, loser string
		for _, l := range got {
			switch {
			case strings.HasPrefix(l, "LOCKED "):
				if winner != "" {
					t.Fatalf("round %d: both processes got the lock: %q", round, got)
				}
				winner = strings.TrimPrefix(l, "LOCKED ")
			case strings.HasPrefix(l, "CONTENDED "):
				loser = l
			default:
				t.Fatalf("round %d: unexpected output %q", round, l)
			}
		}
		if winner == "" || loser == "" {
			t.Fatalf("round %d: outputs %q, want one LOCKED and one CONTENDED", round, got)
		}
		if !strings.Contains(loser, "state locked by") || !strings.Contains(loser, winner) {
			t.Errorf("round %d: loser says %q, want it to name lock %s", round, loser, winner)
		}
		touch(t, release)
		procs[0].wait(t)
		procs[1].wait(t)
		if info, err := state.NewLocal(statePath).LockInfo(t.Context()); err != nil || info != nil {
			t.Fatalf("round %d: after both exited LockInfo = %+v, %v", round, info, err)
		}
	}
}

func TestWaitingProcessGetsTheLockWhenTheHolderUnlocks(t *testing.T) {
	dir := t.TempDir()
	statePath := filepath.Join(dir, "terraform.tfstate")
	release := filepath.Join(dir, "release")
	holder := startLockproc(t, "-state", statePath, "-release", release)
	if l := holder.line(t); !strings.HasPrefix(l, "LOCKED ") {
		t.Fatalf("holder: %q", l)
	}
	waiter := startLockproc(t, "-state", statePath, "-timeout", "5m")
	waitForLog(t, waiter, "state is locked, waiting")
	touch(t, release)
	if l := waiter.line(t); !strings.HasPrefix(l, "LOCKED ") {
		t.Fatalf("waiter: %q, want LOCKED once the holder released", l)
	}
	holder.wait(t)
	waiter.wait(t)
}

func TestCrashedHoldersExpiredLeaseIsTakenOverByAnotherProcess(t *testing.T) {
	statePath := filepath.Join(t.TempDir(), "terraform.tfstate")
	crashed := startLockproc(t, "-state", statePath, "-lease", "500ms", "-release", "never")
	l := crashed.line(t)
	if !strings.HasPrefix(l, "LOCKED ") {
		t.Fatalf("first process: %q", l)
	}
	if err := crashed.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	crashed.cmd.Wait()

	next := startLockproc(t, "-state", statePath, "-timeout", "5m")
	got := next.line(t)
	if !strings.HasPrefix(got, "LOCKED ") || strings.Contains(got, strings.TrimPrefix(l, "LOCKED ")) {
		t.Fatalf("second process: %q, want a new lock after the crashed holder's lease ran out", got)
	}
	next.wait(t)
}

// waitForLog reads p's stderr until a line contains want.
func waitForLog(t *testing.T, p *proc, want string) {
	t.Helper()
	var seen []string
	for l := range p.stderr {
		if strings.Contains(l, want) {
			return
		}
		seen = append(seen, l)
	}
	t.Fatalf("lockproc never logged %q; stderr was %q", want, seen)
}

func TestKilledHoldersLockIsTakenOverAtOnceDespiteItsLease(t *testing.T) {
	statePath := filepath.Join(t.TempDir(), "terraform.tfstate")
	crashed := startLockproc(t, "-state", statePath, "-lease", "2m", "-release", "never")
	l := crashed.line(t)
	if !strings.HasPrefix(l, "LOCKED ") {
		t.Fatalf("first process: %q", l)
	}
	if err := crashed.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	crashed.cmd.Wait()

	started := time.Now()
	next := startLockproc(t, "-state", statePath, "-timeout", "0s", "-lease", "2m")
	got := next.line(t)
	if !strings.HasPrefix(got, "LOCKED ") || strings.Contains(got, strings.TrimPrefix(l, "LOCKED ")) {
		t.Fatalf("second process: %q, want a new lock: its holder was killed", got)
	}
	waitForLog(t, next, "Took over the state lock "+strings.TrimPrefix(l, "LOCKED "))
	if d := time.Since(started); d > time.Minute {
		t.Fatalf("took %v: the dead holder's lease was waited for", d)
	}
	next.wait(t)
}
