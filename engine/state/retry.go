package state

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/hashicorp/go-hclog"
)

// Backoff bounds of LockWithRetry: the first wait, and the cap it doubles
// up to.
const (
	lockRetryFirst = 250 * time.Millisecond
	lockRetryMax   = 5 * time.Second
)

// LockWithRetry takes the lock, retrying while another holder has it
// until timeout has passed (the -lock-timeout flag; 0 tries once). Waits
// start at 250ms and double up to 5s, each with up to 25% jitter so that
// contenders spread out. It returns the lock ID, or the last *LockError,
// which names the holder. Errors other than a held lock are returned at
// once. A lease in info (Expires after Created) keeps its length on every
// attempt.
func LockWithRetry(ctx context.Context, b Backend, info *LockInfo, timeout time.Duration, log hclog.Logger) (string, error) {
	if log == nil {
		log = hclog.NewNullLogger()
	}
	attempt, err := leaseTemplate(info)
	if err != nil {
		return "", err
	}
	deadline := time.Now().Add(timeout)
	wait := lockRetryFirst
	for {
		id, err := b.Lock(ctx, attempt())
		var held *LockError
		if err == nil || !errors.As(err, &held) {
			return id, err
		}
		left := time.Until(deadline)
		if left <= 0 {
			return "", err
		}
		sleep := min(jitter(wait), left)
		log.Info("state is locked, waiting", "backend", b.String(), "holder", holderName(held), "retry_in", sleep.Round(time.Millisecond))
		select {
		case <-ctx.Done():
			return "", fmt.Errorf("waiting for the state lock: %w (last: %w)", ctx.Err(), err)
		case <-time.After(sleep):
		}
		wait = min(wait*2, lockRetryMax)
	}
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

// jitter adds up to a quarter of d, at random.
func jitter(d time.Duration) time.Duration {
	return d + time.Duration(rand.Int64N(int64(d/4)+1))
}

func holderName(e *LockError) string {
	if e.Info == nil {
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
			if err == nil || ctx.Err() != nil {
				continue
			}
			if firstErr == nil {
				firstErr = fmt.Errorf("renewing state lock %s: %w", id, err)
			}
			var lost *LockError
			if errors.As(err, &lost) {
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
