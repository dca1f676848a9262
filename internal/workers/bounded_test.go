package workers

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestBoundedCallsEveryIndexOnceWithinTheSharedBound(t *testing.T) {
	const n, bound = 500, 7
	slots := make(chan struct{}, bound)
	var calls [2][n]atomic.Int32
	var running, most atomic.Int32
	var wg sync.WaitGroup
	for c := range 2 { // two callers share the bound
		wg.Go(func() {
			started := Bounded(n, slots, func() bool { return true }, func(i int) {
				now := running.Add(1)
				for m := most.Load(); now > m && !most.CompareAndSwap(m, now); m = most.Load() {
				}
				time.Sleep(10 * time.Microsecond)
				calls[c][i].Add(1)
				running.Add(-1)
			})
			if started != n {
				t.Errorf("caller %d: started %d, want %d", c, started, n)
			}
		})
	}
	wg.Wait()
	for c := range calls {
		for i := range calls[c] {
			if got := calls[c][i].Load(); got != 1 {
				t.Fatalf("caller %d: index %d called %d times", c, i, got)
			}
		}
	}
	if m := most.Load(); m > bound || m < 2 {
		t.Errorf("at most %d calls at once; want between 2 and the bound, %d", m, bound)
	}
	if len(slots) != 0 {
		t.Errorf("%d slots still held", len(slots))
	}
}

func TestBoundedStopsWhenNoMoreAndReportsThePrefix(t *testing.T) {
	slots := make(chan struct{}, 4)
	var stop atomic.Bool
	var calls [100]atomic.Int32
	started := Bounded(len(calls), slots, func() bool { return !stop.Load() }, func(i int) {
		calls[i].Add(1)
		if i == 30 {
			stop.Store(true)
		}
	})
	if started < 31 || started > 31+4 {
		t.Errorf("started %d; want 31 and at most the calls already under way", started)
	}
	for i := range calls {
		if want := int32(map[bool]int{true: 1}[i < started]); calls[i].Load() != want {
			t.Errorf("index %d called %d times, want %d (started %d)", i, calls[i].Load(), want, started)
		}
	}
	if len(slots) != 0 {
		t.Errorf("%d slots still held", len(slots))
	}
}

func TestBoundedWithoutRoomPanicsRatherThanSkipTheWork(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("Bounded over slots without room returned; want a panic")
		}
	}()
	Bounded(3, make(chan struct{}), func() bool { return true }, func(int) { t.Error("called") })
}

func TestBoundedOfNothingCallsNothing(t *testing.T) {
	if started := Bounded(0, make(chan struct{}), func() bool { return true }, func(int) { t.Error("called") }); started != 0 {
		t.Errorf("started %d, want 0", started)
	}
}
