package aws

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"
)

// waitFor polls check until it reports done, fails, ctx ends or timeout
// passes: how the provider waits out AWS's eventual consistency.
func waitFor(ctx context.Context, timeout time.Duration, what string, check func() (bool, error)) error {
	deadline := time.Now().Add(timeout)
	delay := 50 * time.Millisecond
	for {
		done, err := check()
		if err != nil {
			return err
		}
		if done {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("timed out after %s waiting for %s", timeout, what)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(delay):
		}
		if delay < 2*time.Second {
			delay *= 2
		}
	}
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
