package queue

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/trueup/trueup/internal/retry"
)

// gauge tracks how many jobs run at once, overall and per stack.
type gauge struct {
	mu       sync.Mutex
	now, max int
	perStack map[string]int
	maxStack int
}

func (g *gauge) enter(stack string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.now++
	g.max = max(g.max, g.now)
	if g.perStack == nil {
		g.perStack = map[string]int{}
	}
	g.perStack[stack]++
	g.maxStack = max(g.maxStack, g.perStack[stack])
}

func (g *gauge) leave(stack string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.now--
	g.perStack[stack]--
}

// runGauged submits n jobs on the stacks stackOf(i) names, lets two start,
// then releases them one at a time, each release letting the next start,
// and returns what the gauge saw.
func runGauged(t *testing.T, q *Queue, n int, stackOf func(int) string) *gauge {
	t.Helper()
	var g gauge
	var wg sync.WaitGroup
	release, entered := make(chan struct{}), make(chan struct{}, n)
	for i := range n {
		stack := stackOf(i)
		wg.Add(1)
		_, err := q.Submit(&Job{Stack: stack, Run: func(ctx context.Context, _ int) error {
			g.enter(stack)
			defer g.leave(stack)
			entered <- struct{}{}
			<-release
			return nil
		}, Done: func(error) { wg.Done() }})
		if err != nil {
			t.Fatal(err)
		}
	}
	<-entered
	for i := range n {
		release <- struct{}{}
		if i < n-1 {
			<-entered
		}
	}
	wg.Wait()
	return &g
}

func TestConcurrencyIsBoundedGlobally(t *testing.T) {
	q := New(Options{MaxConcurrent: 2})
	g := runGauged(t, q, 8, func(i int) string { return fmt.Sprintf("s%d", i) })
	if g.max > 2 {
		t.Errorf("%d jobs ran at once, want at most 2", g.max)
	}
}

func TestOneJobPerStackRunsAtATime(t *testing.T) {
	q := New(Options{MaxConcurrent: 4})
	g := runGauged(t, q, 4, func(int) string { return "prod" })
	if g.maxStack != 1 {
		t.Errorf("%d jobs of one stack ran at once, want 1", g.maxStack)
	}
}

func TestWaitingDuplicateIsCoalesced(t *testing.T) {
	q := New(Options{})
	started, release := make(chan struct{}), make(chan struct{})
	var ran []string
	var mu sync.Mutex
	var wg sync.WaitGroup
	var once sync.Once
	job := func(key string) *Job {
		return &Job{Stack: "a", Key: key, Run: func(context.Context, int) error {
			mu.Lock()
			ran = append(ran, key)
			mu.Unlock()
			once.Do(func() {
				close(started)
				<-release
			})
			return nil
		}, OnQueue: func() error { wg.Add(1); return nil }, Done: func(error) { wg.Done() }}
	}
	submit := func(key string) bool {
		ok, err := q.Submit(job(key))
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	submit("first")
	<-started
	tests := []struct {
		key  string
		want bool
	}{{"push", true}, {"push", false}, {"pr-1", true}, {"first", true}, {"pr-1", false}}
	for _, tt := range tests {
		if got := submit(tt.key); got != tt.want {
			t.Errorf("Submit(%q) queued = %v, want %v", tt.key, got, tt.want)
		}
	}
	close(release)
	wg.Wait()
	if fmt.Sprint(ran) != "[first push pr-1 first]" {
		t.Errorf("ran %v, want first, push, pr-1, first in order", ran)
	}
}

func TestRetriedJobRunsAgainUntilItSucceeds(t *testing.T) {
	q := New(Options{Backoff: retry.Policy{First: time.Millisecond, Max: time.Millisecond}})
	done := make(chan error, 1)
	var attempts atomic.Int32
	q.Submit(&Job{Stack: "a", Run: func(_ context.Context, attempt int) error {
		attempts.Store(int32(attempt))
		if attempt < 3 {
			return Retry(errors.New("state locked by bob"))
		}
		return nil
	}, Done: func(err error) { done <- err }})
	if err := <-done; err != nil || attempts.Load() != 3 {
		t.Fatalf("Done(%v) after %d attempts, want success after 3", err, attempts.Load())
	}
}

func TestRetriesAreBounded(t *testing.T) {
	q := New(Options{MaxAttempts: 4, Backoff: retry.Policy{First: time.Millisecond, Max: time.Millisecond}})
	done := make(chan error, 1)
	var attempts atomic.Int32
	q.Submit(&Job{Stack: "a", Run: func(context.Context, int) error {
		attempts.Add(1)
		return Retry(errors.New("state locked by bob"))
	}, Done: func(err error) { done <- err }})
	err := <-done
	if !IsRetry(err) || attempts.Load() != 4 {
		t.Fatalf("Done(%v) after %d attempts, want the retry error after 4", err, attempts.Load())
	}
}

func TestAttemptTimesOut(t *testing.T) {
	q := New(Options{Timeout: 20 * time.Millisecond})
	done := make(chan error, 1)
	q.Submit(&Job{Stack: "a", Run: func(ctx context.Context, _ int) error {
		<-ctx.Done()
		return ctx.Err()
	}, Done: func(err error) { done <- err }})
	if err := <-done; !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Done(%v), want deadline exceeded", err)
	}
}

func TestShutdownCancelsRunningAndDropsWaiting(t *testing.T) {
	q := New(Options{})
	started := make(chan struct{})
	results := make(chan string, 3)
	q.Submit(&Job{Stack: "a", Run: func(ctx context.Context, _ int) error {
		close(started)
		<-ctx.Done()
		return ctx.Err()
	}, Done: func(err error) { results <- "running: " + errText(err) }})
	q.Submit(&Job{Stack: "a", Run: func(context.Context, int) error {
		results <- "waiting job ran"
		return nil
	}, Done: func(err error) { results <- "waiting: " + errText(err) }})
	<-started
	if err := q.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	close(results)
	var got []string
	for r := range results {
		got = append(got, r)
	}
	want := "[running: context canceled waiting: " + ErrShutdown.Error() + "]"
	if fmt.Sprint(got) != want {
		t.Errorf("got %v, want %s", got, want)
	}
	if _, err := q.Submit(&Job{Stack: "b", Run: func(context.Context, int) error { return nil }}); !errors.Is(err, ErrShutdown) {
		t.Errorf("Submit after shutdown = %v, want ErrShutdown", err)
	}
}

func errText(err error) string {
	if err == nil {
		return "ok"
	}
	return err.Error()
}
