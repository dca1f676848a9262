package queue

import (
	"context"
	"slices"
	"testing"
	"time"
)

// TestOnDoneSaysLoadWentDown: each time a job leaves the queue (the
// stack's next job starting, or its last one ending), OnDone is called
// and Load is already lower, so a waiter woken by it finds the slot free.
func TestOnDoneSaysLoadWentDown(t *testing.T) {
	loads := make(chan int, 16)
	var q *Queue
	q = New(Options{MaxConcurrent: 1, OnDone: func() { loads <- q.Load() }})
	release := make(chan struct{})
	for _, stack := range []string{"a", "a", "b"} {
		if _, err := q.Submit(&Job{Stack: stack, Run: func(context.Context, int) error { <-release; return nil }}); err != nil {
			t.Fatal(err)
		}
	}
	close(release)
	var seen []int
	timeout := time.After(10 * time.Second)
	// Each job's start (taken from pending) and each stack's end lower
	// Load: two pops and one end for a, one pop and one end for b.
	for len(seen) < 5 {
		select {
		case l := <-loads:
			seen = append(seen, l)
		case <-timeout:
			t.Fatalf("OnDone called %d times (loads %v), want 5", len(seen), seen)
		}
	}
	if !slices.Contains(seen, 0) || q.Load() != 0 {
		t.Errorf("loads seen by OnDone = %v, want one at 0", seen)
	}
}
