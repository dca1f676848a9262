package state

import "context"

// noticeKey is the context key of a lock notice function.
type noticeKey struct{}

// WithLockNotice returns ctx carrying notice, which a backend calls with
// a sentence for the user when it does something to a lock on its own
// judgement that the user should know of: taking over the lock of a
// holder that died, or setting aside a state journal that does not belong
// to the stored state (Local.Read). The engine never prints; the CLI passes a notice that
// does.
func WithLockNotice(ctx context.Context, notice func(msg string)) context.Context {
	return context.WithValue(ctx, noticeKey{}, notice)
}

// Notice tells ctx's lock notice msg, if ctx has one: for a backend
// outside this package that sets aside a state journal that does not
// belong to the stored state, as Local does (docs/state.md, "The
// journal").
func Notice(ctx context.Context, msg string) { lockNotice(ctx, msg) }

// lockNotice tells ctx's lock notice msg, if ctx has one.
func lockNotice(ctx context.Context, msg string) {
	if f, ok := ctx.Value(noticeKey{}).(func(string)); ok && f != nil {
		f(msg)
	}
}
