package google

import (
	"context"
	"errors"
	"time"

	"github.com/trueup/trueup/internal/retry"
)

// waitReadable calls read until it does not answer "not found": how the
// provider waits out a new object's eventual consistency. Polls start
// 100ms apart and double up to 5s (±20% jitter); only ctx (the
// operation's timeout) bounds the wait. Any other error stops it.
func waitReadable(ctx context.Context, read func() error) error {
	policy := retry.Policy{First: 100 * time.Millisecond, Max: 5 * time.Second, Jitter: 0.2}
	err := retry.Do(ctx, policy, func(int) error {
		err := read()
		if err != nil && !isNotFound(err) {
			return retry.Stop(err)
		}
		return err
	})
	var interrupted *retry.Interrupted
	if errors.As(err, &interrupted) {
		return errors.Join(interrupted.Cause, interrupted.Last)
	}
	return err
}
