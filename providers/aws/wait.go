package aws

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/trueup/trueup/internal/retry"
)

// errNotYet is what a check that is not done yet gives retry.Do.
var errNotYet = errors.New("not yet")

// waitFor polls check until it reports done, fails, ctx ends or timeout
// passes: how the provider waits out AWS's eventual consistency. Polls
// start 50ms apart and double up to 3.2s (±20% jitter); the last comes
// when timeout passes.
func waitFor(ctx context.Context, timeout time.Duration, what string, check func() (bool, error)) error {
	policy := retry.Policy{First: 50 * time.Millisecond, Max: 3200 * time.Millisecond, Jitter: 0.2, Timeout: timeout}
	err := retry.Do(ctx, policy, func(int) error {
		done, err := check()
		switch {
		case err != nil:
			return retry.Stop(err)
		case !done:
			return errNotYet
		}
		return nil
	})
	var interrupted *retry.Interrupted
	switch {
	case errors.As(err, &interrupted):
		return ctx.Err()
	case err == errNotYet:
		return fmt.Errorf("timed out after %s waiting for %s", timeout, what)
	}
	return err
}

var uniqueCounter atomic.Uint32

// uniqueName is prefix followed by a time-ordered unique suffix of 26
// characters, as Terraform's name_prefix attributes produce.
func uniqueName(prefix string) string {
	if prefix == "" {
		prefix = "terraform-"
	}
	now := time.Now().UTC()
	return fmt.Sprintf("%s%s%04d%08x", prefix, now.Format("20060102150405"), now.Nanosecond()/100000%10000,
		uniqueCounter.Add(1))
}
