package workers

import (
	"sync"
	"sync/atomic"
	"testing"
)

func TestEachCallsEveryIndexOnce(t *testing.T) {
	for _, limit := range []int{0, 1, 3, 100} {
		const n = 1000
		var calls [n]atomic.Int32
		var mu sync.Mutex
		running, most := 0, 0
		ok := Each(n, limit, func(i int) bool {
			mu.Lock()
			running++
			most = max(most, running)
			mu.Unlock()
			calls[i].Add(1)
			mu.Lock()
			running--
			mu.Unlock()
			return true
		})
		if !ok {
			t.Errorf("limit %d: Each reported a stop no call asked for", limit)
		}
		for i := range calls {
			if c := calls[i].Load(); c != 1 {
				t.Fatalf("limit %d: index %d called %d times, want once", limit, i, c)
			}
		}
		if most > max(1, limit) {
			t.Errorf("limit %d: %d calls at once", limit, most)
		}
	}
	if !Each(0, 4, func(int) bool { t.Error("called for n = 0"); return true }) {
		t.Error("Each of nothing reported a stop")
	}
}

func TestEachStopsHandingOutAfterFalse(t *testing.T) {
	var calls atomic.Int32
	ok := Each(1000, 1, func(i int) bool {
		calls.Add(1)
		return i != 10
	})
	if ok {
		t.Error("Each reported every call returned true")
	}
	if c := calls.Load(); c != 11 {
		t.Errorf("%d calls, want 11: indexes 0 to 10, none after the call that returned false", c)
	}
}
