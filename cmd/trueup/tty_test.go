package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"
)

// ptyRun runs the binary with a pseudo-terminal as stdin, stdout and
// stderr, as a user at a terminal would. When the output shows prompt, it
// types answer and a newline. It returns everything the terminal showed
// and the exit code.
func (s *stack) ptyRun(prompt, answer string, args ...string) (string, int) {
	s.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), commandTimeout)
	defer cancel()
	cmd := s.command(ctx, args...)
	cmd.Env = append(cmd.Env, "TERM=xterm")
	tty, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 50, Cols: 200})
	if err != nil {
		s.t.Fatalf("starting trueup %s on a pseudo-terminal: %v", strings.Join(args, " "), err)
	}
	defer tty.Close()

	shown, readDone := readTerminal(tty)
	if prompt != "" {
		waitFor(s.t, "the prompt "+prompt, 30*time.Second, func() bool { return strings.Contains(shown(), prompt) })
		if _, err := io.WriteString(tty, answer+"\n"); err != nil {
			s.t.Fatal(err)
		}
	}
	err = cmd.Wait()
	select {
	case <-readDone:
	case <-time.After(10 * time.Second):
		s.t.Fatalf("the terminal output of trueup %s did not end", strings.Join(args, " "))
	}
	code := exitCode(err)
	if code < 0 && !errors.Is(err, syscall.EIO) {
		s.t.Fatalf("running trueup %s: %v", strings.Join(args, " "), err)
	}
	return shown(), code
}

// readTerminal reads what the terminal shows until the process closes
// it: shown returns all of it so far, done is closed at the end.
func readTerminal(tty io.Reader) (shown func() string, done <-chan struct{}) {
	var mu sync.Mutex
	var out bytes.Buffer
	readDone := make(chan struct{})
	go func() {
		defer close(readDone)
		buf := make([]byte, 4096)
		for {
			n, err := tty.Read(buf)
			mu.Lock()
			out.Write(buf[:n])
			mu.Unlock()
			if err != nil {
				return // EIO once the process has exited and closed the terminal
			}
		}
	}()
	return func() string {
		mu.Lock()
		defer mu.Unlock()
		return out.String()
	}, readDone
}

const ttyConfig = `
resource "local_file" "f" {
  filename = "${path.module}/f.txt"
  content  = "approved"
}
`

func TestApplyOnATerminalAsksAndAppliesOnlyWhenTheAnswerIsYes(t *testing.T) {
	t.Parallel()
	s := newStack(t, map[string]string{"main.tf": ttyConfig})

	out, code := s.ptyRun("Enter a value:", "no", "apply")
	if code != 1 || !strings.Contains(out, "Do you want to perform these actions?") {
		t.Fatalf("answering no: want the question and exit code 1, got %d:\n%s", code, out)
	}
	if s.exists("f.txt") || s.exists(stateFile) {
		t.Fatal("answering no still changed something")
	}

	out, code = s.ptyRun("Enter a value:", "yes", "apply")
	if code != 0 || !strings.Contains(out, "Apply complete! Resources: 1 added") {
		t.Fatalf("answering yes: want exit code 0 and the apply, got %d:\n%s", code, out)
	}
	if got := s.read("f.txt"); got != "approved" {
		t.Fatalf("f.txt = %q", got)
	}

	out, code = s.ptyRun("Enter a value:", "no", "destroy")
	if code != 1 || !s.exists("f.txt") {
		t.Fatalf("destroy answered no: want exit code 1 and f.txt kept, got %d:\n%s", code, out)
	}
}

func TestColourIsUsedOnlyOnATerminalAndNeverWithNoColor(t *testing.T) {
	t.Parallel()
	s := newStack(t, map[string]string{"main.tf": ttyConfig})

	out, code := s.ptyRun("", "", "plan")
	if code != 0 || !strings.Contains(out, "\x1b[") {
		t.Fatalf("plan on a terminal: want colour escape codes, got exit code %d:\n%q", code, out)
	}
	out, code = s.ptyRun("", "", "plan", "-no-color")
	if code != 0 || strings.Contains(out, "\x1b[") {
		t.Fatalf("plan -no-color on a terminal: want no escape codes, got exit code %d:\n%q", code, out)
	}
	if r := s.must(0, "plan"); strings.Contains(r.output(), "\x1b[") {
		t.Fatalf("plan to a pipe printed escape codes:\n%q", r.output())
	}

	s.write("main.tf", `resource "null_resourc" "typo" {}`)
	out, code = s.ptyRun("", "", "validate", "-no-color")
	if code != 1 || strings.Contains(out, "\x1b[") || !strings.Contains(out, "Invalid resource type") {
		t.Fatalf("validate -no-color on a terminal: want the diagnostic without escape codes, got exit code %d:\n%q", code, out)
	}
}
