package gcs

import "github.com/trueup/trueup/engine/state"

// WrapObjectStore makes b's journal go through wrap(its object store), so
// that a test injects faults (statetest.FaultStore).
func WrapObjectStore(b state.Backend, wrap func(state.ObjectStore) state.ObjectStore) {
	be := b.(*Backend)
	be.mu.Lock()
	defer be.mu.Unlock()
	be.journal.Store = wrap(be.journal.Store)
}
