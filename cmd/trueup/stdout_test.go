package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/trueup/trueup/engine/plans"
)

// pipeOutput is an outputBuffer over a pipe's write end and what reads it.
func pipeOutput(t *testing.T) (*outputBuffer, *os.File) {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close(); w.Close() })
	out, ok := newStdout(w).(*outputBuffer)
	if !ok {
		t.Fatalf("a pipe is not written through an outputBuffer")
	}
	return out, r
}

// readFor reads from r until it has n bytes or d passes.
func readFor(t *testing.T, r *os.File, n int, d time.Duration) string {
	t.Helper()
	if err := r.SetReadDeadline(time.Now().Add(d)); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, n)
	got, _ := io.ReadAtLeast(r, buf, n)
	return string(buf[:got])
}

func TestOutputBufferWritesWithinItsDelay(t *testing.T) {
	out, r := pipeOutput(t)
	fmt.Fprintln(out, "a: Creating...")
	fmt.Fprintln(out, "a: Creation complete after 0s")
	want := "a: Creating...\na: Creation complete after 0s\n"
	if got := readFor(t, r, len(want), 5*time.Second); got != want {
		t.Fatalf("read %q, want %q", got, want)
	}
	// Nothing is held once written, and the next line is written too.
	fmt.Fprintln(out, "b: Creating...")
	if got := readFor(t, r, len("b: Creating...\n"), 5*time.Second); got != "b: Creating...\n" {
		t.Fatalf("read %q after the first batch", got)
	}
}

func TestOutputBufferHoldsLinesUntilFlushOrDelay(t *testing.T) {
	out, r := pipeOutput(t)
	fmt.Fprintln(out, "held")
	// Well inside the delay nothing has reached the pipe.
	if got := readFor(t, r, 1, outputDelay/5); got != "" {
		t.Fatalf("read %q before the delay and without a flush", got)
	}
	if err := out.Flush(); err != nil {
		t.Fatal(err)
	}
	if got := readFor(t, r, len("held\n"), time.Second); got != "held\n" {
		t.Fatalf("read %q after Flush", got)
	}
}

func TestOutputBufferKeepsTheOrderOfConcurrentWritesAndBigOnes(t *testing.T) {
	out, r := pipeOutput(t)
	var want bytes.Buffer
	big := strings.Repeat("x", outputBatch+10) + "\n"
	var mu sync.Mutex // the writers' order is the order they wrote in
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 500 {
				line := fmt.Sprintf("g%d line %d\n", g, i)
				if i == 250 && g == 3 {
					line = big
				}
				mu.Lock()
				want.WriteString(line)
				if _, err := io.WriteString(out, line); err != nil {
					t.Error(err)
				}
				mu.Unlock()
			}
		})
	}
	var got bytes.Buffer
	done := make(chan struct{})
	go func() { io.Copy(&got, r); close(done) }()
	wg.Wait()
	if err := out.Flush(); err != nil {
		t.Fatal(err)
	}
	out.f.Close()
	<-done
	if got.String() != want.String() {
		t.Fatalf("the pipe got %d bytes, not the %d written in order", got.Len(), want.Len())
	}
}

func TestStderrComesAfterWhatStdoutHolds(t *testing.T) {
	out, r := pipeOutput(t)
	var errs bytes.Buffer
	stderr := afterStdout{stdout: out, w: &errs}
	fmt.Fprintln(out, "Plan: 1 to add")
	fmt.Fprintln(stderr, "Error: boom")
	// The diagnostic is written only once stdout's line is in the pipe.
	if got := readFor(t, r, len("Plan: 1 to add\n"), 10*time.Millisecond); got != "Plan: 1 to add\n" {
		t.Fatalf("stdout held %q while stderr was written", got)
	}
	if errs.String() != "Error: boom\n" {
		t.Fatalf("stderr = %q", errs.String())
	}
}

func TestOutputBufferReportsAFailedWrite(t *testing.T) {
	out, r := pipeOutput(t)
	r.Close()
	fmt.Fprintln(out, "lost")
	if err := out.Flush(); err == nil {
		t.Fatal("Flush into a closed pipe reported no error")
	}
	if _, err := fmt.Fprintln(out, "after"); err == nil {
		t.Fatal("a write after a failed one reported no error")
	}
}

func TestAFileIsBufferedAndNotTakenForATerminal(t *testing.T) {
	// Without a terminal here, the check is that a file that is not one
	// is wrapped and the wrapper still answers isTerminal for the file.
	f, err := os.CreateTemp(t.TempDir(), "out")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	w := newStdout(f)
	if _, ok := w.(*outputBuffer); !ok {
		t.Fatalf("a regular file is written through %T", w)
	}
	if isTerminal(w) || isTerminal(afterStdout{stdout: w, w: f}) {
		t.Fatal("a regular file counts as a terminal")
	}
	if isTerminal(afterStdout{stdout: w, w: &bytes.Buffer{}}) {
		t.Fatal("a buffer counts as a terminal")
	}
}

// TestTruncateIdentAsTerraform checks the shortening of a long name in a
// "Still ..." line against Terraform's truncateId: 80 characters, the
// first 39, "...", the last 38.
func TestTruncateIdentAsTerraform(t *testing.T) {
	long := strings.Repeat("0123456789", 10)
	want := "id=" + long[:39] + "..." + long[62:]
	if got := truncateIdent("id=" + long); got != want || len([]rune(got)) != 83 {
		t.Errorf("truncateIdent = %q, want %q", got, want)
	}
	if got := truncateIdent("id=short"); got != "id=short" {
		t.Errorf("truncateIdent(short) = %q", got)
	}
}

// TestUIHookNamesTheObjectAsTerraform checks the progress lines of an
// update: the name on its first line, in each "Still ..." line (cut as
// Terraform cuts it) and on its last.
func TestUIHookNamesTheObjectAsTerraform(t *testing.T) {
	var b bytes.Buffer
	h := &uiHook{w: &b}
	h.PreApply("x.a", plans.Update, "id=i-1")
	h.Progress("x.a", plans.Update, 10*time.Second, "id=i-1")
	h.PostApply("x.a", plans.Update, 12*time.Second, "id=i-1", nil)
	h.PreApply("x.b", plans.Create, "")
	h.Progress("x.b", plans.Create, 10*time.Second, "")
	want := "x.a: Modifying... [id=i-1]\nx.a: Still modifying... [id=i-1, 10s elapsed]\nx.a: Modifications complete after 12s [id=i-1]\n" +
		"x.b: Creating...\nx.b: Still creating... [10s elapsed]\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}
