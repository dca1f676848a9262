package s3

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/trueup/trueup/engine/state"
)

// locker is one place a lock is kept: the lock object or the DynamoDB
// table. Every change it makes is conditional on what it last read, so
// two processes never both believe they hold the lock.
type locker interface {
	// lock takes the lock for rec, taking over an expired one.
	lock(ctx context.Context, rec *lockRecord) error
	// renew moves the expiry of the lock with ID id a lease ahead.
	renew(ctx context.Context, id string, now time.Time) error
	// unlock removes the lock with ID id.
	unlock(ctx context.Context, id string) error
	// current returns the lock record, or nil when unlocked.
	current(ctx context.Context) (*lockRecord, error)
}

// lockRecord is the stored lock: the holder's LockInfo and the lease
// length, so that any process can renew by the same length.
type lockRecord struct {
	state.LockInfo
	// Lease is how far Renew moves Expires; zero for a lock that never
	// expires.
	Lease time.Duration `json:"Lease,omitempty"`
}

// expired reports whether the lease ran out before now.
func (r *lockRecord) expired(now time.Time) bool {
	return !r.Expires.IsZero() && now.After(r.Expires)
}

func (r *lockRecord) encode() []byte {
	data, err := json.Marshal(r)
	if err != nil {
		panic(fmt.Sprintf("s3: encode lock record: %v", err)) // plain struct: cannot fail
	}
	return data
}

// decodeLock parses a stored lock record.
func decodeLock(data []byte) (*lockRecord, error) {
	var r lockRecord
	if err := json.Unmarshal(data, &r); err != nil {
		return nil, fmt.Errorf("lock is not a lock record: %w", err)
	}
	if r.ID == "" {
		return nil, errors.New("lock record has no ID")
	}
	return &r, nil
}

// Lock takes the state lock, in the lock object and/or the DynamoDB table.
// info.ID is used when set (else a random UUID); info.Expires, when set,
// is the lease: Renew moves it by the same length from the time of
// renewal. A lock held by another holder whose lease has not run out
// yields a *state.LockError naming the holder; an expired one is taken
// over. It returns the lock ID.
func (b *Backend) Lock(ctx context.Context, info *state.LockInfo) (string, error) {
	rec := &lockRecord{LockInfo: *info}
	if rec.ID == "" {
		rec.ID = uuid.NewString()
	}
	now := time.Now().UTC()
	if rec.Created.IsZero() {
		rec.Created = now
	}
	if !rec.Expires.IsZero() {
		rec.Lease = rec.Expires.Sub(now)
		if rec.Lease <= 0 {
			return "", b.errorf("lock: lease already expired at %s", rec.Expires.Format(time.RFC3339))
		}
	}
	rec.Path = b.lockPath()
	for i, l := range b.locks {
		if err := l.lock(ctx, rec); err != nil {
			for _, taken := range b.locks[:i] {
				if uerr := taken.unlock(ctx, rec.ID); uerr != nil {
					err = errors.Join(err, uerr)
				}
			}
			return "", err
		}
	}
	return rec.ID, nil
}

// Renew extends the lease of the lock with ID id by its lease length from
// now. It fails with a *state.LockError when the lock is no longer held
// under id (it expired and was taken over, or was force-unlocked).
func (b *Backend) Renew(ctx context.Context, id string) error {
	now := time.Now().UTC()
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
	var errs []error
	for _, l := range b.locks {
		errs = append(errs, l.unlock(ctx, id))
	}
	return errors.Join(errs...)
}

// LockInfo returns the current lock holder, or nil when unlocked.
func (b *Backend) LockInfo(ctx context.Context) (*state.LockInfo, error) {
	rec, err := b.locks[0].current(ctx)
	if err != nil || rec == nil {
		return nil, err
	}
	return &rec.LockInfo, nil
}

// lockPath is where the lock is kept, for LockInfo.Path.
func (b *Backend) lockPath() string {
	if _, ok := b.locks[0].(*fileLock); ok {
		return "s3://" + b.bucket + "/" + b.key + ".tflock"
	}
	return "dynamodb://" + b.cfg.DynamoDBTable + "/" + b.bucket + "/" + b.key
}

// heldError reports that the lock is held by rec.
func (b *Backend) heldError(rec *lockRecord) error {
	if rec == nil {
		return &state.LockError{Err: b.errorf("the lock changed while it was being taken; try again")}
	}
	info := rec.LockInfo
	if rec.Expires.IsZero() {
		return &state.LockError{Info: &info, Err: b.errorf("locked with no expiry")}
	}
	return &state.LockError{Info: &info, Err: b.errorf("locked until %s", rec.Expires.UTC().Format(time.RFC3339))}
}

// notHeldError reports that id does not hold the lock (rec does, or
// nobody).
func (b *Backend) notHeldError(id string, rec *lockRecord) error {
	if rec == nil {
		return &state.LockError{Err: b.errorf("lock %s is not held: the state is not locked", id)}
	}
	info := rec.LockInfo
	return &state.LockError{Info: &info, Err: b.errorf("lock %s is not held", id)}
}
