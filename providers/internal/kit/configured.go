package kit

import (
	"sync"

	"github.com/trueup/trueup/schema"
)

// Configured holds what a provider's Configure builds (its API clients) for
// the resource functions to use. It is safe for concurrent use; the zero
// value holds nothing. Name is the provider's name, for the error a call
// before Configure gets.
type Configured[C any] struct {
	Name string

	mu sync.RWMutex
	c  *C
}

// Set stores c and returns what it replaces (nil the first time), for the
// caller to release.
func (h *Configured[C]) Set(c *C) (old *C) {
	h.mu.Lock()
	defer h.mu.Unlock()
	old, h.c = h.c, c
	return old
}

// Get returns what Configure stored, or an error diagnostic when Configure
// has not succeeded.
func (h *Configured[C]) Get() (*C, schema.Diagnostics) {
	h.mu.RLock()
	defer h.mu.RUnlock()
	if h.c == nil {
		return nil, schema.Errorf(nil, "Provider not configured",
			"The "+h.Name+" provider was used before Configure succeeded.")
	}
	return h.c, nil
}
