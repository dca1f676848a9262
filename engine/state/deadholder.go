package state

import (
	"context"
	"fmt"
	"time"
)

// holderCheckKey is the context key of a holder check.
type holderCheckKey struct{}

// WithHolderCheck returns ctx carrying check, which remote backends (s3,
// gcs) call on a lock held by someone else whose lease has not run out.
// check returns why that holder is known to be dead ("agent a1 of the
// fleet is gone"), or "" when it may be alive; a backend then takes the
// lock over at once, still conditionally on the lock as it read it (its
// ETag, generation or item), so a holder that renewed or released it
// meanwhile keeps it. A trueup agent in a fleet passes a check that asks
// the fleet whether the agent named in LockInfo.Agent is alive; nothing
// else passes one, and without it a lock is judged by its lease alone.
func WithHolderCheck(ctx context.Context, check func(*LockInfo) string) context.Context {
	return context.WithValue(ctx, holderCheckKey{}, check)
}

// DeadHolder returns why the holder of info is known to be dead by ctx's
// holder check, or "" when it may be alive (or ctx has no check).
func DeadHolder(ctx context.Context, info *LockInfo) string {
	check, ok := ctx.Value(holderCheckKey{}).(func(*LockInfo) string)
	if !ok || check == nil || info == nil {
		return ""
	}
	return check(info)
}

// NoticeTakeover tells ctx's lock notice (WithLockNotice) that the lock
// held, whose holder is dead for the reason why, was taken over.
func NoticeTakeover(ctx context.Context, held *LockInfo, why string) {
	lockNotice(ctx, fmt.Sprintf("Took over the state lock %s held by %s for %s since %s: %s.",
		held.ID, held.Who, held.Operation, held.Created.UTC().Format(time.RFC3339), why))
}
