package s3

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/trueup/trueup/engine/state"
)

// locker is one place a lock is kept: the lock object or the DynamoDB
// table. Every change it makes is conditional on what it last read, so
// two processes never both believe they hold the lock.
type locker interface {
	// lock takes the lock for info, taking over an expired one.
	lock(ctx context.Context, info *state.LockInfo) error
	// renew moves the expiry of the lock with ID id a lease ahead of now.
	renew(ctx context.Context, id string, now time.Time) error
	// unlock removes the lock with ID id.
	unlock(ctx context.Context, id string) error
	// current returns the lock, or nil when unlocked.
	current(ctx context.Context) (*state.LockInfo, error)
}

func encodeLock(info *state.LockInfo) []byte {
	data, err := json.Marshal(info)
	if err != nil {
		panic(fmt.Sprintf("s3: encode lock info: %v", err)) // plain struct: cannot fail
	}
	return data
}

// decodeLock parses a stored lock.
func decodeLock(data []byte) (*state.LockInfo, error) {
	var info state.LockInfo
	if err := json.Unmarshal(data, &info); err != nil {
		return nil, fmt.Errorf("not a lock record: %w", err)
	}
	if info.ID == "" {
		return nil, errors.New("lock record has no ID")
	}
	return &info, nil
}

// Lock takes the state lock, in the lock object and/or the DynamoDB table,
// with a new lock ID (see state.PrepareLock). info.Expires, when set, is
// the lease: Renew moves it by the same length. A lock held by another
// holder whose lease has not run out yields a *state.LockError naming the
// holder; an expired one is taken over. It returns the lock ID.
func (b *Backend) Lock(ctx context.Context, info *state.LockInfo) (string, error) {
	li, err := state.PrepareLock(info, b.lockPath(), state.Now(ctx))
	if err != nil {
		return "", b.errorf("lock: %w", err)
	}
	for i, l := range b.locks {
		if err := l.lock(ctx, li); err != nil {
			for _, taken := range b.locks[:i] {
				if uerr := taken.unlock(ctx, li.ID); uerr != nil {
					err = errors.Join(err, uerr)
				}
			}
			return "", err
		}
	}
	b.mu.Lock()
	b.lockID = li.ID
	b.mu.Unlock()
	return li.ID, nil
}

// Renew extends the lease of the lock with ID id by its lease length from
// now. It fails with a *state.LockError when the lock is no longer held
// under id (it expired and was taken over, or was force-unlocked).
func (b *Backend) Renew(ctx context.Context, id string) error {
	now := state.Now(ctx).UTC()
	for _, l := range b.locks {
		if err := l.renew(ctx, id, now); err != nil {
			return err
		}
	}
	return nil
}

// Unlock releases the lock with ID id. A lock held under another ID is
// left alone and yields a *state.LockError naming its holder.
func (b *Backend) Unlock(ctx context.Context, id string) error {
	b.mu.Lock()
	if b.lockID == id {
		b.lockID = ""
	}
	b.mu.Unlock()
	var errs []error
	for _, l := range b.locks {
		errs = append(errs, l.unlock(ctx, id))
	}
	return errors.Join(errs...)
}

// LockInfo returns the current lock holder, or nil when unlocked.
func (b *Backend) LockInfo(ctx context.Context) (*state.LockInfo, error) {
	return b.locks[0].current(ctx)
}

// lockPath is where the lock is kept, for LockInfo.Path.
func (b *Backend) lockPath() string {
	if _, ok := b.locks[0].(*fileLock); ok {
		return "s3://" + b.bucket + "/" + b.key + ".tflock"
	}
	return "dynamodb://" + b.cfg.DynamoDBTable + "/" + b.bucket + "/" + b.key
}

// heldError reports that the lock is held by held.
func (b *Backend) heldError(held *state.LockInfo) error {
	if held == nil {
		return &state.LockError{Err: b.errorf("the lock changed while it was being taken; try again")}
	}
	if held.Expires.IsZero() {
		return &state.LockError{Info: held, Err: b.errorf("locked with no expiry")}
	}
	return &state.LockError{Info: held, Err: b.errorf("locked until %s", held.Expires.UTC().Format(time.RFC3339))}
}

// notHeldError reports that id does not hold the lock (held does, or
// nobody).
func (b *Backend) notHeldError(id string, held *state.LockInfo) error {
	if held == nil {
		return &state.LockError{Err: b.errorf("lock %s is not held: the state is not locked", id)}
	}
	return &state.LockError{Info: held, Err: b.errorf("lock %s is not held", id)}
}

// tookOver logs (and, for a dead holder, tells the lock notice) that the
// lock held was taken over: its lease had run out, or dead says why its
// holder is known to be gone.
func (b *Backend) tookOver(ctx context.Context, held *state.LockInfo, dead string) {
	if dead == "" {
		b.log.Warn("took over an expired state lock", "lock", b.lockPath(),
			"holder", held.Who, "operation", held.Operation, "lock_id", held.ID, "expired", held.Expires)
		return
	}
	b.log.Warn("took over the state lock of a dead holder", "lock", b.lockPath(),
		"holder", held.Who, "operation", held.Operation, "lock_id", held.ID, "why", dead)
	state.NoticeTakeover(ctx, held, dead)
}
