package interrupt

import (
	"context"
	"sync/atomic"
)

// Op is one operation of a graph walk as an interrupt sees it. Until it
// starts a call that changes something outside the process (Calls), it
// only evaluates, and the walk may abandon it on the first interrupt
// instead of waiting for it: one huge expression (a `for` over millions of
// elements) cannot be stopped from inside, and would otherwise hold the
// run for minutes. Once it has started such a call it is committed, and
// the walk waits for it, as the first interrupt promises.
type Op struct {
	state atomic.Int32
}

const (
	opEvaluating int32 = iota
	opCommitted
	opAbandoned
	opFinished
)

type opKey struct{}

// WithOp returns ctx carrying op, for the operation's function.
func WithOp(ctx context.Context, op *Op) context.Context {
	return context.WithValue(ctx, opKey{}, op)
}

// Abandon gives up on an operation that has not committed: it reports
// whether it did, and then the operation must change nothing more
// (Calls will not start its call, see Abandoned).
func (o *Op) Abandon() bool { return o.state.CompareAndSwap(opEvaluating, opAbandoned) }

// Finish records that the operation's function returned; it reports
// false when the operation had been abandoned, whose result nobody waits
// for.
func (o *Op) Finish() bool {
	return o.state.CompareAndSwap(opEvaluating, opFinished) || o.state.CompareAndSwap(opCommitted, opFinished)
}

// commit marks the operation as starting a call that changes something;
// it reports false when the operation was abandoned first.
func (o *Op) commit() bool {
	return o.state.CompareAndSwap(opEvaluating, opCommitted) || o.state.Load() != opAbandoned
}

// Abandoned reports whether the operation in ctx was abandoned by its
// walk: its caller must return at once, changing nothing.
func Abandoned(ctx context.Context) bool {
	op, ok := ctx.Value(opKey{}).(*Op)
	return ok && op.state.Load() == opAbandoned
}
