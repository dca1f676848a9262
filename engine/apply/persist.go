package apply

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"sync"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/trueup/trueup/engine/hook"
	"github.com/trueup/trueup/engine/state"
)

// ErroredStateFile is where the final state goes when the backend refuses
// it, so that it is never lost.
const ErroredStateFile = "errored.tfstate"

// persister owns the working state during apply and writes it to the
// backend so that every record reaches it about one interval after it was
// made: a write starts when the oldest record not yet written is 90% of an
// interval old, less twice the last write's duration (the room the write
// itself needs, with the tenth a margin for a write slower than the
// last), and at the end.
//
// With a backend that keeps a journal (state.Journaler: the local, S3, GCS
// and PG backends, looked up through wrappers by state.JournalerOf;
// journalWriter), the last write stores the whole document, and so does
// the first when there is no stored document yet; the writes in between
// append to its journal the objects changed since the write before
// (State.TrackChanges; the first append of an apply over a stored
// document starts with what the working state changed from it,
// State.JournalFrom), so that a write costs what changed,
// not the whole state, and writes go on every interval at any size: an
// apply of N resources writes O(N) bytes in total, and a crash loses about
// one interval of record (docs/state.md, "The journal").
//
// Without one (docWriter), every write stores the whole document, and a write never
// starts sooner than writeSpacing times the last write's duration after
// it ended: writing stays a bounded share of the apply (a fifth), so that
// an apply of N resources, which takes O(N), writes O(N) bytes in total
// rather than one whole state per record. Up to the size where a write
// takes about interval/6 (some tens of thousands of resources on the
// development machine), a crash loses at most about one interval of
// record; beyond, at most about writeSpacing times a write's duration. The
// spacing counts a write's CPU time where it can be read (Linux), not its
// wall time: a write that waits for a busy CPU, disk or network costs the
// apply nothing and must not stretch the interval (a 400-resource write of
// 0.3 s on a loaded machine spaced the next 1.2 s away: records 1.9 s old
// were lost to a kill). An apply that records nothing for a while writes
// nothing.
type persister struct {
	codec    state.Codec // for errored.tfstate
	log      hclog.Logger
	interval time.Duration

	// working is the state being applied, and what of it is unwritten.
	working
	// kick wakes the writer when the state turns dirty.
	kick chan struct{}

	// w stores the working state: doc alone (whole documents), or a
	// journalWriter appending between doc's writes.
	w   stateWriter
	doc *docWriter
	// reuseEncodings says the working state keeps its encodings between
	// writes, until a write costs too much (doc alone).
	reuseEncodings bool

	// writeMu keeps writes from overlapping: the loop's and finish's.
	writeMu sync.Mutex
	stop    chan struct{}
	done    chan struct{}
}

// working is the apply's working state, and when the oldest record of it
// not yet written was made. mu guards it; the writers take records from
// it under mu and write them without it.
type working struct {
	mu sync.Mutex
	st *state.State
	// dirty says st holds records not yet written; dirtySince is when the
	// oldest of them was made.
	dirty      bool
	dirtySince time.Time
}

// take marks every record written, with mu held, and returns when the
// oldest was made, for putBack.
func (w *working) take() time.Time {
	since := w.dirtySince
	w.dirty = false
	return since
}

// putBack marks the records take took as unwritten again, after a write
// of them failed: they are older than any made since. mu is held.
func (w *working) putBack(since time.Time) {
	w.dirty, w.dirtySince = true, since
}

// stateWriter is one way of storing the working state in the backend:
// whole documents (docWriter), or journal appends between them
// (journalWriter). The persister never runs two writes at once.
type stateWriter interface {
	// write stores the records not yet written; final says it is the
	// apply's last write, after which the stored state must be complete.
	// whole says it stored, or tried to store, a whole document.
	write(ctx context.Context, final bool) (whole bool, err error)
	// updated runs after each update of the working state, with mu held.
	updated()
}

// newPersister starts persisting st to b. stored is the state as b holds
// it (nil when unknown): writes that would store the same content are
// skipped, so that an apply that changes nothing leaves the serial alone.
//
// Without a journal, st keeps its encodings between writes
// (state.ReuseEncodings): a write
// encodes what changed since the last one and copies the rest. That pays
// while writes are due every interval; once a write costs more than
// interval/writeSpacing, the spacing rule sets how often the persister
// writes, whatever a write costs, so that the cache would save no CPU and
// hold a copy of the document in memory: the persister drops it then.
func newPersister(b state.Backend, st, stored *state.State, h hook.Hook, log hclog.Logger, interval time.Duration) *persister {
	p := &persister{log: log, interval: interval,
		kick: make(chan struct{}, 1), stop: make(chan struct{}), done: make(chan struct{})}
	p.st = st
	p.doc = &docWriter{working: &p.working, backend: b, hook: h, log: log, last: stored}
	if j, ok := state.JournalerOf(b); ok {
		// Only the first and the last write encode the whole state: a
		// cache would save nothing and hold a copy of the document.
		p.w = newJournalWriter(p.doc, j, stored)
	} else {
		p.w = p.doc
		p.reuseEncodings = true
		st.ReuseEncodings()
	}
	go p.loop()
	return p
}

// update changes the working state under the lock and marks it dirty.
func (p *persister) update(fn func(s *state.State)) {
	p.mu.Lock()
	fn(p.st)
	p.w.updated()
	if !p.dirty {
		p.dirty = true
		p.dirtySince = time.Now()
		select {
		case p.kick <- struct{}{}:
		default:
		}
	}
	p.mu.Unlock()
}

// writeSpacing is how many times a write's cost the persister waits
// after it before the next.
const writeSpacing = 4

func (p *persister) loop() {
	defer close(p.done)
	// Locked to its thread, the loop can read its writes' CPU time.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	var (
		lastWrite time.Duration // how long the last write took
		notBefore time.Time     // the spacing rule's earliest next start
	)
	for {
		since, dirty := p.oldestUnwritten()
		if !dirty {
			select {
			case <-p.stop:
				return
			case <-p.kick:
				continue
			}
		}
		due := since.Add(p.interval*9/10 - 2*lastWrite)
		if due.Before(notBefore) {
			due = notBefore
		}
		t := time.NewTimer(time.Until(due))
		select {
		case <-p.stop:
			t.Stop()
			return
		case <-t.C:
		}
		start := time.Now()
		cpuStart, cpuOK := threadCPU()
		whole, err := p.flush(context.Background(), false)
		if !whole {
			// An append costs what changed: no spacing beyond the tenth
			// of an interval that batches records made close together.
			lastWrite = 0
			notBefore = time.Now().Add(p.interval / 10)
			if err != nil {
				p.log.Warn("state journal append failed; the next write stores the whole state", "error", err)
			}
			continue
		}
		lastWrite = time.Since(start)
		cost := lastWrite
		if cpuEnd, ok := threadCPU(); cpuOK && ok {
			cost = cpuEnd - cpuStart
		}
		notBefore = time.Now().Add(max(writeSpacing*cost, p.interval/10))
		if p.reuseEncodings && writeSpacing*cost > p.interval {
			p.mu.Lock()
			p.st.ForgetEncodings()
			p.mu.Unlock()
		}
		if err != nil {
			p.log.Warn("intermediate state write failed; will retry", "error", err)
			notBefore = time.Now().Add(p.interval)
		}
	}
}

// oldestUnwritten is when the oldest record not yet written was made, and
// whether there is one.
func (p *persister) oldestUnwritten() (time.Time, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.dirtySince, p.dirty
}

// flush writes the working state when it changed since the last write:
// an intermediate write (final false) appends to the journal when it can,
// otherwise it stores the whole document. whole says which it did.
func (p *persister) flush(ctx context.Context, final bool) (whole bool, err error) {
	p.writeMu.Lock()
	defer p.writeMu.Unlock()
	return p.w.write(ctx, final)
}

// finish stops the background writer and writes the final state. When the
// backend refuses it, the state goes to errored.tfstate and the error
// says so.
func (p *persister) finish(ctx context.Context) error {
	close(p.stop)
	<-p.done
	// The final write reads what the writes before it cached, and no write
	// reads what it would cache: an apply that wrote nothing before (most of
	// them) encodes without the cache, which would hold the encoding of each
	// record twice at the apply's peak, and the cache goes with the apply.
	p.mu.Lock()
	if !p.doc.written {
		p.st.ForgetEncodings()
	}
	p.mu.Unlock()
	_, err := p.flush(ctx, true)
	p.mu.Lock()
	p.st.ForgetEncodings()
	p.mu.Unlock()
	if err == nil {
		return nil
	}
	p.mu.Lock()
	snap := p.st.DeepCopy()
	p.mu.Unlock()
	b, encErr := p.codec.Encode(snap)
	if encErr == nil {
		encErr = os.WriteFile(ErroredStateFile, b, 0o600)
	}
	if encErr != nil {
		return fmt.Errorf("%w; and writing %s also failed: %v", err, ErroredStateFile, encErr)
	}
	return fmt.Errorf("%w; the state was written to %s instead: "+
		"fix the problem and run `trueup state push %s` to store it", err, ErroredStateFile, ErroredStateFile)
}

// snapshot returns a copy of the working state, sharing its attribute
// bytes (State.SnapshotCopy): a deep copy at the end of an apply added the
// whole state's bytes again to its peak.
func (p *persister) snapshot() *state.State {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.st.SnapshotCopy()
}
