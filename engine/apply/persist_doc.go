package apply

import (
	"context"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/trueup/trueup/engine/hook"
	"github.com/trueup/trueup/engine/state"
)

// docWriter stores the working state as whole documents (Backend.Write):
// the persister's writer for a backend without a journal, and the
// journalWriter's for its first and last writes.
type docWriter struct {
	*working
	backend state.Backend
	hook    hook.Hook
	log     hclog.Logger
	// last is the content last stored, when known: a write that would
	// store it again is skipped.
	last *state.State
	// written says a write stored a document.
	written bool
}

var _ stateWriter = (*docWriter)(nil)

// write stores the whole working state when it changed since the last
// write.
func (d *docWriter) write(ctx context.Context, final bool) (bool, error) {
	d.mu.Lock()
	if !d.dirty {
		d.mu.Unlock()
		return false, nil
	}
	return d.writeLocked(ctx, false, nil)
}

// updated does nothing: a whole document needs nothing from an update.
func (d *docWriter) updated() {}

// writeLocked, entered with d.mu held, which it releases, stores the
// whole working state, unless it has the content last stored and force
// is false (then it stores nothing and returns false). atSnapshot, when
// set, runs with d.mu held as the snapshot to write is taken: what
// changes from then on is for the next write.
func (d *docWriter) writeLocked(ctx context.Context, force bool, atSnapshot func()) (bool, error) {
	if !force && d.last != nil && d.st.SameContent(d.last) {
		d.dirty = false
		d.mu.Unlock()
		return false, nil
	}
	d.st.Serial++
	snap := d.st.SnapshotCopy()
	since := d.take()
	if atSnapshot != nil {
		atSnapshot()
	}
	d.mu.Unlock()
	start := time.Now()
	if err := d.backend.Write(ctx, snap); err != nil {
		d.mu.Lock()
		d.putBack(since)
		d.mu.Unlock()
		return true, err
	}
	d.log.Debug("state written", "serial", snap.Serial, "took", time.Since(start))
	d.written = true
	d.mu.Lock()
	d.last = snap
	d.mu.Unlock()
	d.hook.StateSaved(snap.Serial)
	return true, nil
}
