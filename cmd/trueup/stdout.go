package main

import (
	"io"
	"os"
	"sync"
	"time"
)

// A command's standard output, when it is not a terminal, goes through an
// outputBuffer: an apply of 10,000 objects prints 20,000 progress lines,
// and one write(2) per line cost its workers a system call each, in turn
// under the hook's lock (docs/performance.md, "Progress lines in
// batches"). On a terminal every write goes straight out, as before.
const (
	// outputDelay bounds how long a line waits before it is written:
	// a CI log that follows the command sees it at once all the same.
	outputDelay = 50 * time.Millisecond
	// outputBatch is the most the buffer holds before it writes.
	outputBatch = 64 << 10
)

// outputBuffer holds what is written to it and writes it to the file
// within outputDelay of the first byte held, when outputBatch bytes are
// held, or on Flush. Writes reach the file in the order they were made.
type outputBuffer struct {
	mu    sync.Mutex
	f     *os.File
	buf   []byte
	timer *time.Timer // armed while buf holds bytes
	err   error       // the first failed write, reported to the next Write
}

// newStdout returns what the command writes its standard output to: f
// itself on a terminal, else an outputBuffer over it.
func newStdout(f *os.File) io.Writer {
	if isTerminal(f) {
		return f
	}
	return &outputBuffer{f: f}
}

// Write holds p to be written with what follows it.
func (b *outputBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.err != nil {
		return 0, b.err
	}
	if len(b.buf)+len(p) > outputBatch {
		if err := b.flushLocked(); err != nil {
			return 0, err
		}
		if len(p) >= outputBatch {
			return b.f.Write(p)
		}
	}
	b.buf = append(b.buf, p...)
	if b.timer == nil {
		b.timer = time.AfterFunc(outputDelay, func() { _ = b.Flush() })
	}
	return len(p), nil
}

// Flush writes what is held.
func (b *outputBuffer) Flush() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.flushLocked()
}

func (b *outputBuffer) flushLocked() error {
	if b.timer != nil {
		b.timer.Stop()
		b.timer = nil
	}
	if len(b.buf) == 0 || b.err != nil {
		return b.err
	}
	_, b.err = b.f.Write(b.buf)
	b.buf = b.buf[:0]
	return b.err
}

// Fd is the file's descriptor, so that isTerminal answers for the file.
func (b *outputBuffer) Fd() uintptr { return b.f.Fd() }

// flushStdout writes out what the command's standard output holds, before
// the command asks a question, writes to its standard error, or exits.
func flushStdout(w io.Writer) {
	if b, ok := w.(*outputBuffer); ok {
		_ = b.Flush()
	}
}

// afterStdout is a writer (standard error) whose writes come after
// everything written to stdout before them, as they did unbuffered.
type afterStdout struct {
	stdout io.Writer
	w      io.Writer
}

func (a afterStdout) Write(p []byte) (int, error) {
	flushStdout(a.stdout)
	return a.w.Write(p)
}

// Fd is the descriptor of the writer underneath, when it has one.
func (a afterStdout) Fd() uintptr {
	if f, ok := a.w.(interface{ Fd() uintptr }); ok {
		return f.Fd()
	}
	return ^uintptr(0)
}
