// Package interrupt carries the two levels of stopping a run through a
// context, as Terraform's CLI has them: the run's context is cancelled on
// the first SIGINT or SIGTERM (stop starting new operations, let in-flight
// ones finish, save state), and a second, "hard" context on the second
// (cancel the in-flight calls too, save state, exit).
//
// It is a leaf: it imports nothing of trueup.
package interrupt

import "context"

type hardKey struct{}

// WithHard returns ctx carrying hard, whose cancellation means "cancel
// in-flight calls now".
func WithHard(ctx, hard context.Context) context.Context {
	return context.WithValue(ctx, hardKey{}, hard)
}

// Calls returns the context for an in-flight provider call started under
// ctx: it is not cancelled with ctx (the first interrupt lets the call
// finish) but with the hard context WithHard put in ctx (the second
// interrupt cancels it). The caller must call the returned cancel.
//
// Calls also commits the walk operation ctx belongs to (see Op): the walk
// waits for it from then on. When the walk has already abandoned the
// operation, the returned context is cancelled and Abandoned(ctx) is
// true: the caller must not start its call.
func Calls(ctx context.Context) (context.Context, context.CancelFunc) {
	if op, ok := ctx.Value(opKey{}).(*Op); ok && !op.commit() {
		c, cancel := context.WithCancel(ctx)
		cancel()
		return c, cancel
	}
	c, cancel := context.WithCancel(context.WithoutCancel(ctx))
	hard, ok := ctx.Value(hardKey{}).(context.Context)
	if !ok {
		return c, cancel
	}
	stop := context.AfterFunc(hard, cancel)
	return c, func() {
		stop()
		cancel()
	}
}

// Hard reports whether the hard context in ctx has been cancelled: the
// run was interrupted twice.
func Hard(ctx context.Context) bool {
	hard, ok := ctx.Value(hardKey{}).(context.Context)
	return ok && hard.Err() != nil
}
