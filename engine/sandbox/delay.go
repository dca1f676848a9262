package sandbox

import (
	"net/http"
	"time"
)

// timerGrain is how late a runtime timer may fire in an idle process:
// Go's netpoller waits for the next timer in whole milliseconds
// (epoll_wait's timeout), so a 20 ms timer set between two ticks fires up
// to a millisecond late. docs/performance.md, "The sandbox's latency", has the figures.
const timerGrain = 2 * time.Millisecond

// sleepFor waits d, or less when the client goes away (false). It waits
// on a runtime timer until timerGrain before the deadline, where it can
// still see the client go, and the rest of the way with the kernel's own
// timer (sleepUntil), so that a request's added latency is d, not d and
// the netpoller's rounding.
func sleepFor(r *http.Request, d time.Duration) bool {
	deadline := time.Now().Add(d)
	if coarse := d - timerGrain; coarse > 0 {
		t := time.NewTimer(coarse)
		defer t.Stop()
		select {
		case <-t.C:
		case <-r.Context().Done():
			return false
		}
	}
	sleepUntil(deadline)
	return true
}
