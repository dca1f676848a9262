package workers

import "sync"

// Bounded calls fn(i) for i in 0..n-1, each call holding a slot of slots:
// a bound on calls at once that other callers may share (-parallelism
// across a walk). It runs up to cap(slots) goroutines; each takes a slot
// and then the next index, and keeps going from one call to the next
// without handing over to another goroutine. Giving the slot back between
// calls lets a caller that waits for one have it, in turn. Slots without
// room (an unbuffered channel) are a programming error: Bounded panics
// rather than skip the work.
//
// Once more returns false, no index is handed out any more. Bounded
// returns when every call it made has returned, with how many it made:
// the indexes 0..started-1.
func Bounded(n int, slots chan struct{}, more func() bool, fn func(i int)) (started int) {
	if cap(slots) == 0 && n > 0 {
		// No goroutine could ever hold a slot: the work would be skipped
		// without a word.
		panic("workers.Bounded: slots has no room for a call")
	}
	var mu sync.Mutex
	take := func() (int, bool) {
		mu.Lock()
		defer mu.Unlock()
		if started >= n || !more() {
			return 0, false
		}
		started++
		return started - 1, true
	}
	var wg sync.WaitGroup
	for range min(n, cap(slots)) {
		wg.Go(func() {
			for {
				slots <- struct{}{}
				i, ok := take()
				if !ok {
					<-slots
					return
				}
				fn(i)
				<-slots
			}
		})
	}
	wg.Wait()
	return started
}
