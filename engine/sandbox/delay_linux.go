package sandbox

import (
	"syscall"
	"time"
)

// sleepUntil blocks the calling thread in nanosleep until deadline: the
// kernel's high-resolution timer wakes it within its timer slack (50 µs),
// where a runtime timer in an idle process waits in whole milliseconds.
// It is called for the last timerGrain of a delay only, so at most the
// requests of the last couple of milliseconds hold a thread each.
func sleepUntil(deadline time.Time) {
	for {
		rem := time.Until(deadline)
		if rem <= 0 {
			return
		}
		ts := syscall.NsecToTimespec(int64(rem))
		_ = syscall.Nanosleep(&ts, nil) // EINTR: the loop sleeps what is left
	}
}
