package queue

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/hashicorp/go-hclog"

	"github.com/trueup/trueup/internal/retry"
)

// ErrShutdown is passed to Job.Done for a job dropped at shutdown, and
// returned by Submit once shutdown has begun.
var ErrShutdown = errors.New("the agent is shutting down")

// Job is one unit of work on a stack.
type Job struct {
	// Stack serialises jobs: one job per stack runs at a time.
	Stack string
	// Key coalesces: a job submitted while a job of the same stack and key
	// waits (not runs) is dropped. Empty never coalesces.
	Key string
	// OnQueue, when set, is called once the job is accepted and before it
	// can start, under the queue's lock: record the job there.
	OnQueue func() error
	// Run does the work; attempt counts from 1. Return an error made by
	// Retry to be tried again later.
	Run func(ctx context.Context, attempt int) error
	// Done is called once, after the last attempt, with its error (nil on
	// success; the retry error when attempts ran out; ErrShutdown when the
	// job was dropped at shutdown).
	Done func(err error)
}

// Options configure a Queue.
type Options struct {
	// MaxConcurrent bounds running jobs over all stacks (default 2).
	MaxConcurrent int
	// Timeout bounds one attempt (default 30m).
	Timeout time.Duration
	// MaxAttempts bounds the tries of a job that asks to be retried
	// (default 10).
	MaxAttempts int
	// Backoff is the waits between attempts (default DefaultBackoff); its
	// Tries and Notify are the queue's own.
	Backoff retry.Policy
	Log     hclog.Logger
	// Values, when set, gives the jobs' contexts its values (not its
	// cancellation): the process's second-interrupt context
	// (engine/interrupt), so that a second signal cancels the calls in
	// flight of running jobs as it does for a CLI command.
	Values context.Context
	// OnDone, when set, is called each time Load goes down (a job
	// finished, gave up or was dropped), outside the queue's lock: a
	// slot may be free.
	OnDone func()
}

// Queue schedules jobs. Its methods are safe for concurrent use.
type Queue struct {
	opts   Options
	sem    chan struct{}
	base   context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu     sync.Mutex
	closed bool
	stacks map[string]*stackQueue
}

type stackQueue struct {
	pending []*Job
	busy    bool
}

// New returns a running queue.
func New(opts Options) *Queue {
	if opts.MaxConcurrent <= 0 {
		opts.MaxConcurrent = 2
	}
	if opts.Timeout <= 0 {
		opts.Timeout = 30 * time.Minute
	}
	if opts.MaxAttempts <= 0 {
		opts.MaxAttempts = 10
	}
	if opts.Backoff.First <= 0 {
		opts.Backoff = DefaultBackoff
	}
	if opts.Log == nil {
		opts.Log = hclog.NewNullLogger()
	}
	parent := context.Background()
	if opts.Values != nil {
		parent = context.WithoutCancel(opts.Values)
	}
	base, cancel := context.WithCancel(parent)
	return &Queue{opts: opts, sem: make(chan struct{}, opts.MaxConcurrent), base: base, cancel: cancel,
		stacks: map[string]*stackQueue{}}
}

// DefaultBackoff waits 5s before the second attempt, doubling up to 2m,
// each wait randomised by ±20%.
var DefaultBackoff = retry.Policy{First: 5 * time.Second, Max: 2 * time.Minute, Jitter: 0.2}

// Submit queues j behind its stack's other jobs. It reports false when j
// was coalesced into a waiting job with the same key (j is then dropped,
// OnQueue and Done are not called), and an error when OnQueue failed or
// the queue is shutting down.
func (q *Queue) Submit(j *Job) (bool, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.closed {
		return false, ErrShutdown
	}
	sq := q.stacks[j.Stack]
	if sq == nil {
		sq = &stackQueue{}
		q.stacks[j.Stack] = sq
	}
	if j.Key != "" {
		for _, p := range sq.pending {
			if p.Key == j.Key {
				return false, nil
			}
		}
	}
	if j.OnQueue != nil {
		if err := j.OnQueue(); err != nil {
			return false, err
		}
	}
	sq.pending = append(sq.pending, j)
	if !sq.busy {
		sq.busy = true
		q.wg.Add(1)
		go q.drain(j.Stack, sq)
	}
	return true, nil
}

// Pending returns how many jobs wait for the stack (not counting the one
// running).
func (q *Queue) Pending(stack string) int {
	q.mu.Lock()
	defer q.mu.Unlock()
	if sq := q.stacks[stack]; sq != nil {
		return len(sq.pending)
	}
	return 0
}

// drain runs the stack's jobs one after another until none waits.
func (q *Queue) drain(stack string, sq *stackQueue) {
	defer q.wg.Done()
	for {
		q.mu.Lock()
		if len(sq.pending) == 0 {
			sq.busy = false
			q.mu.Unlock()
			q.loadDown()
			return
		}
		j := sq.pending[0]
		sq.pending = sq.pending[1:]
		q.mu.Unlock()
		// Load counts a busy stack once and each waiting job once, so
		// taking a job from pending lowers it: a slot reserved for a job
		// just submitted (Load briefly counting it twice) is seen free.
		q.loadDown()
		if q.base.Err() != nil {
			q.finish(j, ErrShutdown)
			continue
		}
		q.execute(j)
	}
}

// loadDown tells OnDone that Load went down.
func (q *Queue) loadDown() {
	if q.opts.OnDone != nil {
		q.opts.OnDone()
	}
}

// execute runs j's attempts, each holding a slot of MaxConcurrent,
// waiting between them as opts.Backoff says. Shutdown ends the waits.
func (q *Queue) execute(j *Job) {
	policy := q.opts.Backoff
	policy.Tries = q.opts.MaxAttempts
	policy.Timeout = 0
	policy.Notify = func(attempt int, err error, wait time.Duration) {
		q.opts.Log.Info("job will be retried", "stack", j.Stack, "attempt", attempt, "retry_in", wait, "reason", err)
	}
	err := retry.Do(q.base, policy, func(attempt int) error {
		select {
		case q.sem <- struct{}{}:
		case <-q.base.Done():
			return retry.Stop(ErrShutdown)
		}
		ctx, cancel := context.WithTimeout(q.base, q.opts.Timeout)
		err := j.Run(ctx, attempt)
		cancel()
		<-q.sem
		if !IsRetry(err) {
			return retry.Stop(err)
		}
		return err
	})
	if errors.As(err, new(*retry.Interrupted)) {
		err = ErrShutdown
	}
	q.finish(j, err)
}

func (q *Queue) finish(j *Job, err error) {
	if j.Done != nil {
		j.Done(err)
	}
}

// Shutdown stops accepting jobs, cancels the running ones' contexts (the
// engine then stops scheduling work, saves state and releases locks), and
// waits until they returned and the waiting ones were dropped, or ctx ends.
func (q *Queue) Shutdown(ctx context.Context) error {
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
	q.cancel()
	done := make(chan struct{})
	go func() { q.wg.Wait(); close(done) }()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Stopping reports whether Shutdown has begun.
func (q *Queue) Stopping() bool { return q.base.Err() != nil }

// RetryError asks the queue to try a job again later.
type RetryError struct{ Err error }

// Error returns the reason.
func (e *RetryError) Error() string { return e.Err.Error() }

// Unwrap returns the reason.
func (e *RetryError) Unwrap() error { return e.Err }

// Retry wraps err so that the queue tries the job again later.
func Retry(err error) error { return &RetryError{Err: err} }

// IsRetry reports whether err asks for a retry.
func IsRetry(err error) bool {
	var r *RetryError
	return errors.As(err, &r)
}
