package apply

import (
	"context"
	"fmt"
	"os"
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
// backend at most about once per interval, and at the end. A write never
// starts sooner than writeSpacing times the last write's duration (with
// the copy it writes) after it ended: writing stays a bounded share of
// the apply (a fifth), so that an apply of N resources, which takes O(N),
// writes O(N) bytes in total rather than one whole state per interval.
// Up to the size where a write takes interval/writeSpacing (some tens of
// thousands of resources on the development machine), a crash loses at
// most about one interval of record; beyond, at most writeSpacing times a
// write's duration.
type persister struct {
	backend  state.Backend
	codec    state.Codec // for errored.tfstate
	hook     hook.Hook
	log      hclog.Logger
	interval time.Duration

	mu      sync.Mutex
	st      *state.State
	last    *state.State // the content last stored, when known
	dirty   bool
	written bool
	writeMu sync.Mutex
	stop    chan struct{}
	done    chan struct{}
}

// newPersister starts persisting st to b. stored is the state as b holds
// it (nil when unknown): writes that would store the same content are
// skipped, so that an apply that changes nothing leaves the serial alone.
func newPersister(b state.Backend, st, stored *state.State, h hook.Hook, log hclog.Logger, interval time.Duration) *persister {
	p := &persister{backend: b, st: st, last: stored, hook: h, log: log, interval: interval, stop: make(chan struct{}), done: make(chan struct{})}
	go p.loop()
	return p
}

// update changes the working state under the lock and marks it dirty.
func (p *persister) update(fn func(s *state.State)) {
	p.mu.Lock()
	fn(p.st)
	p.dirty = true
	p.mu.Unlock()
}

// writeSpacing is how many times a write's duration the persister waits
// after it before the next.
const writeSpacing = 4

func (p *persister) loop() {
	defer close(p.done)
	t := time.NewTimer(p.interval)
	defer t.Stop()
	for {
		select {
		case <-p.stop:
			return
		case <-t.C:
			start := time.Now()
			if err := p.flush(context.Background()); err != nil {
				p.log.Warn("intermediate state write failed; will retry", "error", err)
			}
			t.Reset(max(p.interval, writeSpacing*time.Since(start)))
		}
	}
}

// flush writes the working state when it changed since the last write.
func (p *persister) flush(ctx context.Context) error {
	p.writeMu.Lock()
	defer p.writeMu.Unlock()
	p.mu.Lock()
	if !p.dirty || (p.last != nil && p.st.SameContent(p.last)) {
		p.dirty = false
		p.mu.Unlock()
		return nil
	}
	p.st.Serial++
	snap := p.st.SnapshotCopy()
	p.dirty = false
	p.mu.Unlock()
	if err := p.backend.Write(ctx, snap); err != nil {
		p.mu.Lock()
		p.dirty = true
		p.mu.Unlock()
		return err
	}
	p.written = true
	p.mu.Lock()
	p.last = snap
	p.mu.Unlock()
	p.hook.StateSaved(snap.Serial)
	return nil
}

// finish stops the background writer and writes the final state. When the
// backend refuses it, the state goes to errored.tfstate and the error
// says so.
func (p *persister) finish(ctx context.Context) error {
	close(p.stop)
	<-p.done
	err := p.flush(ctx)
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

// snapshot returns a copy of the working state.
func (p *persister) snapshot() *state.State {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.st.DeepCopy()
}
