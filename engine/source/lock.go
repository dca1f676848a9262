package source

import (
	"context"
	"time"

	"github.com/hashicorp/go-hclog"
)

// lockPoll is how often a waiting Fetch retries the cache entry lock.
const lockPoll = 20 * time.Millisecond

// lockEntry takes the cache entry's lock file, waiting until it is free or
// ctx ends. The returned function releases it. The lock works between
// processes and between goroutines of one process.
func lockEntry(ctx context.Context, path string, log hclog.Logger) (func(), error) {
	waited := false
	for {
		unlock, busy, err := tryLock(path)
		if err != nil || !busy {
			return unlock, err
		}
		if !waited {
			log.Debug("waiting for the cache entry lock", "lock", path)
			waited = true
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(lockPoll):
		}
	}
}
