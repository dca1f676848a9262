package pgtest

import (
	"sync"
	"testing"
)

// Shared is one server for the tests of a package, each test in a
// database of its own (NewDatabase): starting a cluster (initdb, pg_ctl)
// takes seconds, a database a few milliseconds. The first Get starts it,
// so that a run of tests that need none starts none; the package's
// TestMain calls Stop after m.Run.
type Shared struct {
	once sync.Once
	mu   sync.Mutex
	s    *Server
	err  error
}

// Get returns the shared server, starting it on the first call; tb fails
// when it cannot start.
func (sh *Shared) Get(tb testing.TB) *Server {
	tb.Helper()
	sh.once.Do(func() {
		s, err := StartServer()
		sh.mu.Lock()
		sh.s, sh.err = s, err
		sh.mu.Unlock()
	})
	if sh.err != nil {
		tb.Fatalf("pgtest: %v", sh.err)
	}
	return sh.s
}

// Stop stops the server if Get started it.
func (sh *Shared) Stop() {
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if sh.s != nil {
		sh.s.Stop()
		sh.s = nil
	}
}
