package state

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/hashicorp/go-hclog"

	"github.com/trueup/trueup/internal/retry"
)

// Backoff bounds of LockWithRetry: the first wait, and the cap it doubles
// up to.
const (
	lockRetryFirst = 250 * time.Millisecond
	lockRetryMax   = 5 * time.Second
)

// LockWithRetry takes the lock, retrying while another holder has it
// until timeout has passed (the -lock-timeout flag; 0 tries once). Waits
// start at 250ms and double up to 5s, each randomised by ±25% so that
// contenders spread out; the last wait ends when timeout passes, for a
// last try then. It returns the lock ID, or the last *LockError, which
// names the holder. Errors other than a held lock are returned at once. A
// lease in info (Expires after Created) keeps its length on every attempt.
func LockWithRetry(ctx context.Context, b Backend, info *LockInfo, timeout time.Duration, log hclog.Logger) (string, error) {
	if log == nil {
		log = hclog.NewNullLogger()
	}
	attempt, err := leaseTemplate(info)
	if err != nil {
		return "", err
	}
	policy := retry.Policy{First: lockRetryFirst, Max: lockRetryMax, Jitter: 0.25, Timeout: timeout,
		Notify: func(_ int, err error, wait time.Duration) {
			var held *LockError
			errors.As(err, &held)
			log.Info("state is locked, waiting", "backend", b.String(), "holder", holderName(held), "retry_in", wait.Round(time.Millisecond))
		}}
	if timeout <= 0 {
		policy.Tries = 1
	}
	var id string
	err = retry.Do(ctx, policy, func(int) error {
		var err error
		id, err = b.Lock(ctx, attempt())
		if held := (*LockError)(nil); err != nil && !errors.As(err, &held) {
			return retry.Stop(err)
		}
		return err
	})
	var interrupted *retry.Interrupted
	if errors.As(err, &interrupted) {
		return "", fmt.Errorf("waiting for the state lock: %w (last: %w)", ctx.Err(), interrupted.Last)
	}
	if err != nil {
		return "", err
	}
	return id, nil
}

// leaseTemplate returns a function that makes a fresh copy of info for
// each attempt, its lease (if any) starting at the attempt.
func leaseTemplate(info *LockInfo) (func() *LockInfo, error) {
	if info == nil {
		info = &LockInfo{}
	}
	base := *info
	var lease time.Duration
	if !base.Expires.IsZero() {
		start := base.Created
		if start.IsZero() {
			start = time.Now()
		}
		if lease = base.Expires.Sub(start); lease <= 0 {
			return nil, fmt.Errorf("lock lease must be positive: Expires is not after Created")
		}
	}
	return func() *LockInfo {
		c := base
		c.Created = time.Now().UTC()
		if lease > 0 {
			c.Expires = c.Created.Add(lease)
		}
		return &c
	}, nil
}

func holderName(e *LockError) string {
	if e == nil || e.Info == nil {
		return "unknown"
	}
	return fmt.Sprintf("%s (%s, lock ID %s)", e.Info.Who, e.Info.Operation, e.Info.ID)
}

// Heartbeat renews the lock id every interval until ctx is done or the
// returned stop is called; the engine runs it during apply so that a lease
// outlives a long apply. A failed renewal is retried at the next tick,
// except a *LockError (the lock was lost or taken over), which ends the
// heartbeat. stop waits for the heartbeat to end and returns the first
// renewal error, nil if every renewal succeeded.
func Heartbeat(ctx context.Context, b Backend, id string, every time.Duration) (stop func() error) {
	ctx, cancel := context.WithCancel(ctx)
	var (
		wg       sync.WaitGroup
		firstErr error
	)
	wg.Go(func() {
		ticker := time.NewTicker(every)
		defer ticker.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-ticker.C:
			}
			err := b.Renew(ctx, id)
			var lost *LockError
			isLost := errors.As(err, &lost)
			// A renewal cut short by stop is no error; a lock found lost
			// is one even when stop came meanwhile.
			if err == nil || ctx.Err() != nil && !isLost {
				continue
			}
			if firstErr == nil {
				firstErr = fmt.Errorf("renewing state lock %s: %w", id, err)
			}
			if isLost {
				return
			}
		}
	})
	return func() error {
		cancel()
		wg.Wait()
		return firstErr
	}
}
