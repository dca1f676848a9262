package agent

import (
	"context"
	"errors"
	"sync"

	"github.com/trueup/trueup/engine/config"
	"github.com/trueup/trueup/engine/state"
)

type configModule = config.Module

// lockWatch remembers whether a run's lock attempt found the state locked
// by someone else, so that the run is retried rather than failed.
type lockWatch struct {
	mu   sync.Mutex
	held *state.LockError
	// agent is this agent's id, written into the lock info; dead judges
	// another holder (see locktakeover.go).
	agent string
	dead  func(*state.LockInfo) string
}

func (w *lockWatch) heldErr() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.held == nil {
		return nil
	}
	return w.held
}

// watchedBackend is a backend whose Lock reports contention to a watch.
type watchedBackend struct {
	state.Backend
	w *lockWatch
}

// Unwrap returns the watched backend, so that the persister finds its
// journal (state.JournalerOf). The wrapper only watches Lock: writes and
// journal appends go to the backend unchanged, each checked by it against
// what this client last read or wrote.
func (b *watchedBackend) Unwrap() state.Backend { return b.Backend }

// Lock takes the lock in this agent's name, noting a *state.LockError;
// a lock whose agent the fleet knows is gone is taken over at once.
func (b *watchedBackend) Lock(ctx context.Context, info *state.LockInfo) (string, error) {
	if info == nil {
		info = &state.LockInfo{}
	}
	mine := *info
	mine.Agent = b.w.agent
	if b.w.dead != nil {
		ctx = state.WithHolderCheck(ctx, b.w.dead)
	}
	id, err := b.Backend.Lock(ctx, &mine)
	var le *state.LockError
	if errors.As(err, &le) {
		b.w.mu.Lock()
		b.w.held = le
		b.w.mu.Unlock()
	}
	return id, err
}
