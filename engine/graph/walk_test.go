package graph

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/trueup/trueup/engine/interrupt"
)

// recorder records, under a mutex, the order in which nodes start and finish.
type recorder struct {
	mu       sync.Mutex
	step     int
	started  map[string]int
	finished map[string]int
}

func newRecorder() *recorder {
	return &recorder{started: map[string]int{}, finished: map[string]int{}}
}

func (r *recorder) mark(m map[string]int, k string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.step++
	m[k] = r.step
}

func TestWalkStartsEachNodeAfterItsDependenciesFinished(t *testing.T) {
	g := New[string]()
	for i := range 300 { // layered: each node depends on up to three in the previous layer
		layer, pos := i/30, i%30
		g.Add(name(i))
		if layer > 0 {
			for d := range 3 {
				g.Connect(name(i), name((layer-1)*30+(pos+d*7)%30))
			}
		}
	}
	rec := newRecorder()
	res := g.Walk(context.Background(), 8, func(ctx context.Context, k string) error {
		rec.mark(rec.started, k)
		rec.mark(rec.finished, k)
		return nil
	})
	if err := res.Err(); err != nil {
		t.Fatal(err)
	}
	if len(res.Completed) != g.Len() || len(rec.started) != g.Len() {
		t.Fatalf("completed %d, started %d, want %d", len(res.Completed), len(rec.started), g.Len())
	}
	for _, k := range g.Nodes() {
		for _, d := range g.DependenciesOf(k) {
			if rec.started[k] < rec.finished[d] {
				t.Errorf("%s started (step %d) before its dependency %s finished (step %d)", k, rec.started[k], d, rec.finished[d])
			}
		}
	}
}

func name(i int) string { return fmt.Sprintf("n%04d", i) }

func TestWalkNeverExceedsParallelism(t *testing.T) {
	tests := []struct {
		name        string
		parallelism int
		want        int32
	}{
		{"parallelism 3 allows at most 3", 3, 3},
		{"parallelism 1 runs one at a time", 1, 1},
		{"parallelism 0 means 10", 0, 10},
		{"negative parallelism means 10", -4, 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := New[int]()
			for i := range 200 {
				g.Add(i)
			}
			var cur, peak atomic.Int32
			gate := make(chan struct{})
			var once sync.Once
			res := g.Walk(context.Background(), tt.parallelism, func(ctx context.Context, k int) error {
				n := cur.Add(1)
				for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
				}
				if n == tt.want { // the bound is reached: let everyone go
					once.Do(func() { close(gate) })
				}
				<-gate
				cur.Add(-1)
				return nil
			})
			if err := res.Err(); err != nil {
				t.Fatal(err)
			}
			if got := peak.Load(); got != tt.want {
				t.Errorf("peak concurrency = %d, want %d", got, tt.want)
			}
		})
	}
}

func TestWalkFailureSkipsOnlyDependents(t *testing.T) {
	g := diamond() // d→b, d→c, b→a, c→a; x independent
	g.Connect("e", "d")
	boom := errors.New("boom")
	res := g.Walk(context.Background(), 4, func(ctx context.Context, k string) error {
		if k == "b" {
			return boom
		}
		return nil
	})
	if !errors.Is(res.Errors["b"], boom) || len(res.Errors) != 1 {
		t.Errorf("Errors = %v, want only b: boom", res.Errors)
	}
	for _, k := range []string{"d", "e"} {
		err := res.Skipped[k]
		if !errors.Is(err, ErrUpstreamFailed) || err.Error() != "upstream dependency failed: b" {
			t.Errorf("Skipped[%s] = %v, want ErrUpstreamFailed naming b", k, err)
		}
	}
	if len(res.Skipped) != 2 {
		t.Errorf("Skipped = %v, want d and e only", res.Skipped)
	}
	if got := slices.Sorted(slices.Values(res.Completed)); !slices.Equal(got, []string{"a", "c", "x"}) {
		t.Errorf("Completed = %v, want a, c, x", got)
	}
	if err := res.Err(); !errors.Is(err, boom) || errors.Is(err, ErrUpstreamFailed) {
		t.Errorf("Err = %v, want the failure only", err)
	}
}

func TestWalkErrJoinsFailuresInNodeOrder(t *testing.T) {
	g := build([]string{"c", "a", "b"})
	res := g.Walk(context.Background(), 3, func(ctx context.Context, k string) error {
		if k == "b" {
			return nil
		}
		return errors.New(k + " failed")
	})
	if got := res.Err().Error(); got != "a failed\nc failed" {
		t.Errorf("Err = %q", got)
	}
}

func TestWalkCancelFromInsideStopsNewStarts(t *testing.T) {
	// a chain a←b←c plus independent nodes; parallelism 1 makes the order a, b, ...
	g := build([]string{"x", "y"}, [2]string{"b", "a"}, [2]string{"c", "b"})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var started []string
	res := g.Walk(ctx, 1, func(ctx context.Context, k string) error {
		started = append(started, k)
		if k == "b" {
			cancel()
		}
		return nil
	})
	if !slices.Equal(started, []string{"a", "b"}) {
		t.Errorf("started %v, want a, b and nothing after the cancel", started)
	}
	if !slices.Equal(res.Completed, []string{"a", "b"}) {
		t.Errorf("Completed = %v, want the in-flight call to finish", res.Completed)
	}
	for _, k := range []string{"c", "x", "y"} {
		if !errors.Is(res.Skipped[k], context.Canceled) {
			t.Errorf("Skipped[%s] = %v, want context.Canceled", k, res.Skipped[k])
		}
	}
	if len(res.Skipped) != 3 || len(res.Errors) != 0 {
		t.Errorf("Skipped = %v, Errors = %v", res.Skipped, res.Errors)
	}
	if err := res.Err(); !errors.Is(err, context.Canceled) {
		t.Errorf("Err = %v, want context.Canceled", err)
	}
}

func TestWalkWithCancelledContextRunsNothing(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res := diamond().Walk(ctx, 2, func(ctx context.Context, k string) error {
		t.Errorf("%s ran after cancellation", k)
		return nil
	})
	if len(res.Skipped) != 5 {
		t.Errorf("Skipped = %v, want all five", res.Skipped)
	}
}

func TestWalkOfCyclicGraphRunsNothing(t *testing.T) {
	g := build([]string{"free"}, [2]string{"a", "b"}, [2]string{"b", "a"})
	res := g.Walk(context.Background(), 2, func(ctx context.Context, k string) error {
		t.Errorf("%s ran in a cyclic graph", k)
		return nil
	})
	var ce *CycleError[string]
	if !errors.As(res.Err(), &ce) || res.Err().Error() != "Cycle: a, b" {
		t.Errorf("Err = %v, want the cycle", res.Err())
	}
	if len(res.Completed) != 0 {
		t.Errorf("Completed = %v", res.Completed)
	}
}

func TestWalkTurnsPanicIntoFailure(t *testing.T) {
	g := build([]string{"x"}, [2]string{"b", "a"})
	res := g.Walk(context.Background(), 2, func(ctx context.Context, k string) error {
		if k == "a" {
			panic("provider bug")
		}
		return nil
	})
	var pe *PanicError
	if !errors.As(res.Errors["a"], &pe) || pe.Error() != "panic: provider bug" || len(pe.Stack) == 0 {
		t.Errorf("Errors[a] = %v, want a PanicError with stack", res.Errors["a"])
	}
	if !errors.Is(res.Skipped["b"], ErrUpstreamFailed) || !slices.Equal(res.Completed, []string{"x"}) {
		t.Errorf("Skipped = %v, Completed = %v", res.Skipped, res.Completed)
	}
}

func TestWalkOfEmptyGraphSucceeds(t *testing.T) {
	res := New[string]().Walk(context.Background(), 0, func(context.Context, string) error { return nil })
	if res.Err() != nil || len(res.Completed) != 0 {
		t.Errorf("empty walk: %v %v", res.Err(), res.Completed)
	}
}

// TestWalkAbandonsOnlyOperationsThatHaveNotCommitted: on cancellation the
// walk waits for an operation that started a call (interrupt.Calls) and
// abandons one that is still evaluating; the abandoned one can start no
// call afterwards.
func TestWalkAbandonsOnlyOperationsThatHaveNotCommitted(t *testing.T) {
	g := New[string]()
	g.Add("calling")
	g.Add("evaluating")
	ctx, cancel := context.WithCancel(context.Background())
	started := make(chan struct{}, 2)
	releaseCall := make(chan struct{})
	releaseEval := make(chan struct{})
	lateCall := make(chan bool, 1)
	done := make(chan *WalkResult[string], 1)
	go func() {
		done <- g.Walk(ctx, 2, func(ctx context.Context, k string) error {
			if k == "calling" {
				_, end := interrupt.Calls(ctx)
				defer end()
				started <- struct{}{}
				<-releaseCall
				return nil
			}
			started <- struct{}{}
			<-releaseEval // a long evaluation that never looks at ctx
			_, end := interrupt.Calls(ctx)
			end()
			lateCall <- interrupt.Abandoned(ctx)
			return nil
		})
	}()
	<-started
	<-started
	cancel()
	select {
	case <-done:
		t.Fatal("the walk returned while a committed call was in flight")
	case <-time.After(200 * time.Millisecond):
	}
	close(releaseCall)
	res := <-done
	if len(res.Completed) != 1 || res.Completed[0] != "calling" {
		t.Errorf("completed %v, want [calling]", res.Completed)
	}
	if err := res.Skipped["evaluating"]; err == nil || !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "interrupted while evaluating") {
		t.Errorf("evaluating: skipped with %v, want interrupted while evaluating", err)
	}
	close(releaseEval)
	if !<-lateCall {
		t.Error("the abandoned operation could still start a call")
	}
}
