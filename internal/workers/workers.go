// Package workers calls a function over indexes on a few goroutines kept
// for the purpose: work split into many small items (a configuration's
// pieces, its resources' bodies) runs on every core without a goroutine
// per item (Each); calls bounded by a limit that several callers share
// (-parallelism) run on workers that keep their slot's goroutine from one
// call to the next (Bounded).
//
// It imports nothing of trueup.
package workers

import "sync"

// Each calls fn(i) for each i in 0..n-1 on up to limit goroutines (at
// least one), handing the indexes out in order, and returns when every
// call it made has returned. Once a call returns false, no index is
// handed out any more; Each then reports false.
func Each(n, limit int, fn func(i int) bool) bool {
	var (
		mu      sync.Mutex
		next    int
		stopped bool
	)
	take := func() (int, bool) {
		mu.Lock()
		defer mu.Unlock()
		if stopped || next >= n {
			return 0, false
		}
		next++
		return next - 1, true
	}
	var wg sync.WaitGroup
	for range max(1, min(limit, n)) {
		wg.Go(func() {
			for i, ok := take(); ok; i, ok = take() {
				if !fn(i) {
					mu.Lock()
					stopped = true
					mu.Unlock()
					return
				}
			}
		})
	}
	wg.Wait()
	return !stopped
}
