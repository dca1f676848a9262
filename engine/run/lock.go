package run

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/trueup/trueup/engine/state"
)

// Lock takes the state lock for operation (unless disabled), waiting up to
// timeout, with a lease that a heartbeat renews until the returned unlock
// function is called.
func Lock(ctx context.Context, b state.Backend, operation string, enabled bool, timeout time.Duration, log hclog.Logger) (unlock func() error, err error) {
	if !enabled {
		return func() error { return nil }, nil
	}
	info := state.NewLockInfo(operation)
	info.Expires = info.Created.Add(LockLease)
	id, err := state.LockWithRetry(ctx, b, info, timeout, log)
	if err != nil {
		var le *state.LockError
		if errors.As(err, &le) && le.Info != nil {
			return nil, fmt.Errorf("%w\n\ntrueup locks the state so that two operations never write it at once. "+
				"Wait for the other operation to finish, retry with -lock-timeout, or if you are sure no operation runs, "+
				"remove the lock with `trueup force-unlock %s`", err, le.Info.ID)
		}
		return nil, err
	}
	stop := state.Heartbeat(context.WithoutCancel(ctx), b, id, LockLease/4)
	return func() error {
		hbErr := stop()
		if err := b.Unlock(context.WithoutCancel(ctx), id); err != nil {
			return fmt.Errorf("%w; remove the lock with `trueup force-unlock %s` once no operation runs", err, id)
		}
		if hbErr != nil {
			return fmt.Errorf("the lock's lease could not be renewed during the operation: %w", hbErr)
		}
		return nil
	}, nil
}
