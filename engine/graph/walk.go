package graph

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"maps"
	"runtime/debug"
	"slices"
	"sync"

	"github.com/trueup/trueup/engine/interrupt"
)

// DefaultParallelism is how many nodes Walk runs at once when asked for zero
// or fewer, like Terraform's -parallelism default.
const DefaultParallelism = 10

// ErrUpstreamFailed is wrapped by the Skipped error of every node that was
// not run because one of its dependencies, direct or transitive, failed.
var ErrUpstreamFailed = errors.New("upstream dependency failed")

// WalkResult is the outcome of a Walk: every node of the graph ends in
// exactly one of Errors, Skipped or Completed, unless the graph had a cycle,
// in which case only Cycle is set and nothing ran.
type WalkResult[K cmp.Ordered] struct {
	// Errors holds the error fn returned for each node that failed.
	Errors map[K]error
	// Skipped holds, for each node that was never started, why: an error
	// wrapping ErrUpstreamFailed and naming the failed dependency, or one
	// wrapping the context's error (context.Canceled) after cancellation.
	Skipped map[K]error
	// Completed lists the nodes whose fn succeeded, in completion order.
	Completed []K
	// Cycle is set when the graph had a cycle; then nothing ran.
	Cycle *CycleError[K]
}

// Err returns nil when every node completed. Otherwise it joins, in this
// order: the cycle error, the failed nodes' errors in sorted node order, and
// the context's error once if cancellation skipped any node.
func (r *WalkResult[K]) Err() error {
	if r.Cycle != nil {
		return r.Cycle
	}
	var errs []error
	for _, k := range slices.Sorted(maps.Keys(r.Errors)) {
		errs = append(errs, r.Errors[k])
	}
	for _, k := range slices.Sorted(maps.Keys(r.Skipped)) {
		if err := r.Skipped[k]; !errors.Is(err, ErrUpstreamFailed) {
			errs = append(errs, errors.Unwrap(err))
			break
		}
	}
	return errors.Join(errs...)
}

// PanicError is the error recorded for a node whose fn panicked: the walk
// turns the panic into a failure of that node, so that the rest of the walk
// (and whatever its caller must save afterwards) goes on.
type PanicError struct {
	// Value is what fn panicked with.
	Value any
	// Stack is the goroutine's stack at the panic.
	Stack []byte
}

// Error describes the panic value (not the stack).
func (e *PanicError) Error() string { return fmt.Sprintf("panic: %v", e.Value) }

// Walk calls fn for every node of the graph, each once all of its
// dependencies have completed successfully, with at most parallelism calls
// in flight (DefaultParallelism when parallelism <= 0). Among nodes ready at
// the same time the smallest starts first.
//
// When fn fails for a node, every node that depends on it, directly or
// transitively, is skipped with ErrUpstreamFailed; every other node goes on.
// When ctx is cancelled, no new call starts, calls in flight finish (fn gets
// ctx and may honour it) if they have committed to a change
// (interrupt.Calls), and those still only evaluating are abandoned: the
// walk returns without waiting for them, and skips them, like the nodes
// not started, with the context's error. A graph with a cycle is not walked at all: the result
// holds the *CycleError.
//
// Scheduling is O(V log V + E): a ready queue feeds a bounded pool of
// workers, and only the dependents of a finished node are examined.
func (g *Graph[K]) Walk(ctx context.Context, parallelism int, fn func(ctx context.Context, k K) error) *WalkResult[K] {
	res := &WalkResult[K]{Errors: make(map[K]error), Skipped: make(map[K]error)}
	ix := g.index()
	if cycles := ix.cycles(); len(cycles) > 0 {
		res.Cycle = &CycleError[K]{Cycles: cycles}
		return res
	}
	if parallelism <= 0 {
		parallelism = DefaultParallelism
	}
	w := &walker[K]{ix: ix, res: res, fn: fn}
	w.run(ctx, parallelism)
	return res
}

// walker holds the bookkeeping of one Walk.
type walker[K cmp.Ordered] struct {
	ix      *indexed[K]
	res     *WalkResult[K]
	fn      func(context.Context, K) error
	pending []int  // unfinished dependencies of each node
	settled []bool // node completed, failed or skipped
	ready   minHeap
}

type outcome struct {
	node int
	err  error
}

func (w *walker[K]) run(ctx context.Context, parallelism int) {
	n := len(w.ix.keys)
	w.pending = make([]int, n)
	w.settled = make([]bool, n)
	for i := range n {
		if w.pending[i] = len(w.ix.deps.of(i)); w.pending[i] == 0 {
			w.ready = append(w.ready, i)
		}
	}
	work := make(chan dispatch)
	done := make(chan outcome, parallelism)
	var wg sync.WaitGroup
	for range min(parallelism, n) {
		wg.Go(func() {
			for d := range work {
				err := w.call(interrupt.WithOp(ctx, d.op), d.node)
				if d.op.Finish() {
					done <- outcome{node: d.node, err: err}
				}
			}
		})
	}
	// One allocation holds every node's interrupt state, and running marks
	// the nodes in flight: the walk allocates nothing per node for them.
	ops := make([]interrupt.Op, n)
	running, inFlight := make([]bool, n), 0
	cancelled := ctx.Done()
	abandoned := false
	for {
		for inFlight < parallelism && w.ready.Len() > 0 && ctx.Err() == nil {
			d := dispatch{node: w.ready.pop()}
			d.op = &ops[d.node]
			running[d.node] = true
			inFlight++
			work <- d
		}
		if inFlight == 0 {
			break
		}
		select {
		case o := <-done:
			running[o.node] = false
			inFlight--
			w.finish(o)
		case <-cancelled:
			// The first interrupt: calls that change something finish,
			// operations that only evaluate are abandoned (interrupt.Op).
			cancelled = nil
			for i := range running {
				if running[i] && ops[i].Abandon() {
					running[i] = false
					inFlight--
					w.settled[i] = true
					w.res.Skipped[w.ix.keys[i]] = fmt.Errorf("interrupted while evaluating: %w", ctx.Err())
					abandoned = true
				}
			}
		}
	}
	close(work)
	if !abandoned {
		// An abandoned operation's worker returns when its function does;
		// the walk does not wait for it.
		wg.Wait()
	}
	if err := ctx.Err(); err != nil {
		w.skipUnstarted(err)
	}
}

// dispatch is a node handed to a worker, with its interrupt state.
type dispatch struct {
	node int
	op   *interrupt.Op
}

// call runs fn for node i, turning a panic into a *PanicError.
func (w *walker[K]) call(ctx context.Context, i int) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = &PanicError{Value: v, Stack: debug.Stack()}
		}
	}()
	return w.fn(ctx, w.ix.keys[i])
}

// finish records the outcome of a call and releases or skips its dependents.
func (w *walker[K]) finish(o outcome) {
	w.settled[o.node] = true
	k := w.ix.keys[o.node]
	if o.err != nil {
		w.res.Errors[k] = o.err
		w.skipDependents(o.node)
		return
	}
	w.res.Completed = append(w.res.Completed, k)
	for _, d := range w.ix.rdeps.of(o.node) {
		if w.pending[d]--; w.pending[d] == 0 && !w.settled[d] {
			w.ready.push(d)
		}
	}
}

// skipDependents marks every transitive dependent of the failed node as
// skipped. A node already skipped has had its own dependents skipped, so
// each node is visited at most once over the whole walk.
func (w *walker[K]) skipDependents(failed int) {
	err := fmt.Errorf("%w: %v", ErrUpstreamFailed, w.ix.keys[failed])
	stack := slices.Clone(w.ix.rdeps.of(failed))
	for len(stack) > 0 {
		d := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if w.settled[d] {
			continue
		}
		w.settled[d] = true
		w.res.Skipped[w.ix.keys[d]] = err
		stack = append(stack, w.ix.rdeps.of(d)...)
	}
}

// skipUnstarted records every node that never ran after cancellation.
func (w *walker[K]) skipUnstarted(cause error) {
	err := fmt.Errorf("not started: %w", cause)
	for i, s := range w.settled {
		if !s {
			w.settled[i] = true
			w.res.Skipped[w.ix.keys[i]] = err
		}
	}
}
