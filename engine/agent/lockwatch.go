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

// Lock takes the lock, noting a *state.LockError.
func (b *watchedBackend) Lock(ctx context.Context, info *state.LockInfo) (string, error) {
	id, err := b.Backend.Lock(ctx, info)
	var le *state.LockError
	if errors.As(err, &le) {
		b.w.mu.Lock()
		b.w.held = le
		b.w.mu.Unlock()
	}
	return id, err
}
