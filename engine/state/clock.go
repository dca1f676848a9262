package state

import (
	"context"
	"time"
)

// clockKey is the context key of a lease clock.
type clockKey struct{}

// WithClock returns ctx carrying now, the clock by which a backend judges
// and sets leases in the calls given ctx: the Created and Expires Lock
// records, whether a holder's lease has run out, and the Expires a Renew
// sets. Only tests pass one: the conformance tests (statetest) move a
// lease past its end on this clock, without waiting for it on the real
// one, which a loaded machine made flaky (a renewal due every 125 ms of a
// 1 s lease came late, and the lease ran out; docs/e2e-tests.md, "On a
// loaded machine").
func WithClock(ctx context.Context, now func() time.Time) context.Context {
	return context.WithValue(ctx, clockKey{}, now)
}

// Now is the time by ctx's clock (WithClock), or time.Now without one.
func Now(ctx context.Context) time.Time {
	if now, ok := ctx.Value(clockKey{}).(func() time.Time); ok && now != nil {
		return now()
	}
	return time.Now()
}
