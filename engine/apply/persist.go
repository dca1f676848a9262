package apply

import (
	"context"
	"errors"
	"fmt"
	"os"
	"reflect"
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
// With a backend that keeps a journal (state.Journaler: the local and pg
// backends, wrapped or not, state.JournalerOf), the last write stores the whole document, and so does the
// first when there is no stored document yet; the writes in between
// append to its journal the objects changed since the write before
// (State.TrackChanges; the first append of an apply over a stored
// document starts with what the working state changed from it,
// State.JournalFrom), so that a write costs what changed,
// not the whole state, and writes go on every interval at any size: an
// apply of N resources writes O(N) bytes in total, and a crash loses about
// one interval of record (docs/state.md, "The journal").
//
// Without one, every write stores the whole document, and a write never
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
	backend  state.Backend
	codec    state.Codec // for errored.tfstate
	hook     hook.Hook
	log      hclog.Logger
	interval time.Duration

	// journal is the backend when it keeps a journal, else nil.
	journal state.Journaler

	mu    sync.Mutex
	st    *state.State
	last  *state.State // the content last stored, when known
	dirty bool
	// dirtySince is when the oldest record not yet written was made.
	dirtySince time.Time
	// kick wakes the writer when the state turns dirty.
	kick    chan struct{}
	written bool
	// journaling says the next intermediate write may append to the
	// journal: a whole document was written and st tracks the changes
	// since. journaled says an append happened since that write.
	journaling, journaled bool
	// audit, in tests (auditJournal), is the state rebuilt from the
	// journal entries taken after every update; pending holds those
	// entries for the next append.
	audit   *state.State
	pending []state.JournalEntry
	writeMu sync.Mutex
	stop    chan struct{}
	done    chan struct{}
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
	p := &persister{backend: b, st: st, last: stored, hook: h, log: log, interval: interval,
		kick: make(chan struct{}, 1), stop: make(chan struct{}), done: make(chan struct{})}
	if j, ok := state.JournalerOf(b); ok {
		// Only the first and the last write encode the whole state: a
		// cache would save nothing and hold a copy of the document.
		p.journal = j
		// The journal can start at once, relative to the stored
		// document: its first entries are what the working state
		// already changed (moves, refreshed objects), so that even the
		// first write costs what changed.
		base := st
		if entries, ok := st.JournalFrom(stored); ok {
			p.pending, p.journaling, base = entries, true, stored
		}
		if p.journaling || auditJournal {
			st.TrackChanges()
		}
		if auditJournal {
			p.audit = base.DeepCopy()
			p.audit.ApplyJournal(p.pending)
			p.checkAudit()
		}
	} else {
		st.ReuseEncodings()
	}
	go p.loop()
	return p
}

// update changes the working state under the lock and marks it dirty.
func (p *persister) update(fn func(s *state.State)) {
	p.mu.Lock()
	fn(p.st)
	if p.audit != nil {
		p.auditUpdate()
	}
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
		if p.journal == nil && writeSpacing*cost > p.interval {
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
	p.mu.Lock()
	// The final write folds an appended journal into the document even
	// when nothing changed since the last append.
	if !p.dirty && !(final && p.journaled) {
		p.mu.Unlock()
		return false, nil
	}
	if !final && p.journaling {
		entries := append(p.pending, p.st.TakeChanges()...)
		p.pending = nil
		since := p.dirtySince
		p.dirty = false
		if len(entries) == 0 {
			p.mu.Unlock()
			return false, nil
		}
		// Each append is a version of the state: it carries its own
		// serial, above the last stored one, so that a reader mid-apply
		// and the final write never see two contents at one serial.
		p.st.Serial++
		entries = append(entries, state.JournalEntry{Op: state.JournalSerial, Serial: p.st.Serial})
		p.mu.Unlock()
		start := time.Now()
		err := p.journal.AppendJournal(ctx, entries)
		if err == nil {
			p.mu.Lock()
			p.journaled = true
			p.mu.Unlock()
			p.log.Debug("state journal appended", "entries", len(entries), "took", time.Since(start))
			return false, nil
		}
		// The entries taken are lost to the journal: only a whole
		// document records them now.
		p.mu.Lock()
		p.journaling = false
		p.dirty, p.dirtySince = true, since
		if !errors.Is(err, state.ErrNoJournalBase) {
			p.mu.Unlock()
			return false, err
		}
	}
	// A journal appended since the last whole write holds records that
	// the stored document does not: the write that removes it must
	// happen even when the content came back to the document's.
	if !p.journaled && p.last != nil && p.st.SameContent(p.last) {
		p.dirty = false
		p.mu.Unlock()
		return false, nil
	}
	p.st.Serial++
	snap := p.st.SnapshotCopy()
	since := p.dirtySince
	p.dirty = false
	p.journaling = false
	p.pending = nil
	if p.journal != nil && (!final || p.audit != nil) {
		p.st.TrackChanges() // what changes from this snapshot on
	} else {
		p.st.StopTrackingChanges()
	}
	p.mu.Unlock()
	start := time.Now()
	if err := p.backend.Write(ctx, snap); err != nil {
		p.mu.Lock()
		p.dirty, p.dirtySince = true, since // the failed records are older than any made since
		p.mu.Unlock()
		return true, err
	}
	p.log.Debug("state written", "serial", snap.Serial, "took", time.Since(start))
	p.written = true
	p.mu.Lock()
	p.last = snap
	p.journaled = false
	p.journaling = p.journal != nil && !final
	p.mu.Unlock()
	p.hook.StateSaved(snap.Serial)
	return true, nil
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
	if !p.written {
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

// auditJournal makes every persister with a journaling backend check,
// after each update, that the journal entries it takes rebuild the
// working state: a change the entries miss (an in-place change without
// State.Touch) fails there, not after a crash. Tests set it.
var auditJournal = false

// auditUpdate applies the entries of the last update to p.audit and
// panics when it then differs from the working state. p.mu is held.
func (p *persister) auditUpdate() {
	entries := p.st.TakeChanges()
	p.pending = append(p.pending, entries...)
	p.audit.ApplyJournal(entries)
	p.checkAudit()
}

// checkAudit panics when p.audit differs from the working state.
func (p *persister) checkAudit() {
	a, w := p.audit, p.st
	if !a.SameContent(w) || !reflect.DeepEqual(a.CheckResults, w.CheckResults) ||
		a.TrueupVersion != w.TrueupVersion || a.Meta.Commit != w.Meta.Commit || !a.Meta.AppliedAt.Equal(w.Meta.AppliedAt) {
		panic("apply: the journal entries of an update do not rebuild the working state: a change was not tracked (State.Touch)")
	}
}
