package state

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/google/uuid"
)

// lockAttempts bounds how often Lock retries when the lock file changes
// hands while it looks at it.
const lockAttempts = 4

// LockPath returns the lock file's path: .BASENAME.lock.info in the state
// file's directory, as Terraform's local backend names it.
func (l *Local) LockPath() string {
	return filepath.Join(filepath.Dir(l.path), "."+filepath.Base(l.path)+".lock.info")
}

// Lock creates the lock file exclusively, so that of any number of
// processes exactly one succeeds. A lock whose lease expired is taken over:
// the contender first renames the expired lock file to a name of its own
// (of two contenders only one rename succeeds), then creates its lock
// exclusively.
func (l *Local) Lock(ctx context.Context, info *LockInfo) (string, error) {
	mine, err := PrepareLock(info, l.LockPath(), time.Now())
	if err != nil {
		return "", fmt.Errorf("%s: %w", l, err)
	}
	data, err := json.MarshalIndent(mine, "", "  ")
	if err != nil {
		return "", err
	}
	var holder *LockInfo
	for range lockAttempts {
		if err := ctx.Err(); err != nil {
			return "", err
		}
		err := createExclusive(l.LockPath(), data)
		if err == nil {
			return mine.ID, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return "", fmt.Errorf("%s: creating lock file: %w", l, err)
		}
		holder, err = l.readLock(l.LockPath())
		if errors.Is(err, fs.ErrNotExist) {
			continue // released meanwhile
		}
		if err != nil {
			return "", &LockError{Info: &LockInfo{Path: l.LockPath()}, Err: err}
		}
		if !holder.Expired(time.Now()) {
			return "", &LockError{Info: holder}
		}
		if err := l.takeOver(holder); err != nil {
			return "", fmt.Errorf("%s: taking over expired lock %s: %w", l, holder.ID, err)
		}
	}
	return "", &LockError{Info: holder, Err: errors.New("the lock changed hands while trying to take it")}
}

// takeOver removes the expired lock expired. Only the process whose rename
// of the lock file succeeds removes it; should the renamed file turn out to
// be another, live lock (renewed or replaced after expired was read), it is
// put back.
func (l *Local) takeOver(expired *LockInfo) error {
	aside, err := l.moveLockAside("stale")
	if errors.Is(err, fs.ErrNotExist) {
		return nil // another contender moved it first
	}
	if err != nil {
		return err
	}
	defer os.Remove(aside)
	moved, err := l.readLock(aside)
	if err == nil && (moved.ID != expired.ID || !moved.Expired(time.Now())) {
		l.restoreLock(aside)
	}
	return nil
}

// moveLockAside renames the lock file to a name unique to this call and
// returns that name.
func (l *Local) moveLockAside(why string) (string, error) {
	aside := l.LockPath() + "." + why + "-" + uuid.NewString()
	return aside, os.Rename(l.LockPath(), aside)
}

// restoreLock puts a lock file moved aside back, unless a new lock was
// created meanwhile.
func (l *Local) restoreLock(aside string) {
	_ = os.Link(aside, l.LockPath())
}

// Renew extends the lease of the lock id by its lease length. It refuses
// once the lease is too close to its end: a contender may be about to take
// it over, and renewing then could overwrite the contender's lock.
func (l *Local) Renew(ctx context.Context, id string) error {
	holder, err := l.holder(id)
	if err != nil {
		return err
	}
	if holder.Expires.IsZero() {
		return nil
	}
	now := time.Now()
	if remaining := holder.Expires.Sub(now); remaining < renewMargin(holder.Lease()) {
		return &LockError{Info: holder, Err: fmt.Errorf("%w: too close to its end (%s left) to renew safely", ErrLeaseExpired, remaining.Round(time.Millisecond))}
	}
	renewed, err := holder.Renewal(now)
	if err != nil {
		return &LockError{Info: holder, Err: err}
	}
	data, err := json.MarshalIndent(renewed, "", "  ")
	if err != nil {
		return err
	}
	if err := writeFileAtomic(l.LockPath(), data, 0o644); err != nil {
		return fmt.Errorf("%s: renewing lock: %w", l, err)
	}
	return nil
}

// renewMargin is how much of a lease must be left for Renew to extend it:
// a tenth, at most two seconds.
func renewMargin(lease time.Duration) time.Duration {
	return min(lease/10, 2*time.Second)
}

// Unlock removes the lock file if it holds lock id. It moves the file
// aside first and checks what it moved, so that a lock taken over in the
// meantime is put back rather than removed.
func (l *Local) Unlock(ctx context.Context, id string) error {
	if _, err := l.holder(id); err != nil {
		return err
	}
	aside, err := l.moveLockAside("unlock")
	if errors.Is(err, fs.ErrNotExist) {
		return &LockError{Err: fmt.Errorf("lock %s is no longer held at %s", id, l.LockPath())}
	}
	if err != nil {
		return fmt.Errorf("%s: unlocking: %w", l, err)
	}
	defer os.Remove(aside)
	moved, err := l.readLock(aside)
	if err != nil || moved.ID != id {
		l.restoreLock(aside)
		if err != nil {
			return &LockError{Info: &LockInfo{Path: l.LockPath()}, Err: err}
		}
		return &LockError{Info: moved, Err: fmt.Errorf("lock %s was taken over", id)}
	}
	return syncDir(filepath.Dir(l.path))
}

// holder returns the current lock if it is lock id, else a *LockError.
func (l *Local) holder(id string) (*LockInfo, error) {
	holder, err := l.readLock(l.LockPath())
	if errors.Is(err, fs.ErrNotExist) {
		return nil, &LockError{Err: fmt.Errorf("no lock is held at %s (lock ID %s)", l.LockPath(), id)}
	}
	if err != nil {
		return nil, &LockError{Info: &LockInfo{Path: l.LockPath()}, Err: err}
	}
	if holder.ID != id {
		return nil, &LockError{Info: holder, Err: fmt.Errorf("lock ID %s does not match", id)}
	}
	return holder, nil
}

// LockInfo returns the holder of the lock file, expired or not, or nil
// when there is none.
func (l *Local) LockInfo(ctx context.Context) (*LockInfo, error) {
	info, err := l.readLock(l.LockPath())
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", l, err)
	}
	return info, nil
}

func (l *Local) readLock(path string) (*LockInfo, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var info LockInfo
	if err := json.Unmarshal(b, &info); err != nil || info.ID == "" {
		return nil, fmt.Errorf("lock file %s is not a lock (%v): remove it if no trueup or terraform process is running", path, err)
	}
	return &info, nil
}

// createExclusive creates path holding data, failing with fs.ErrExist when
// it exists. The content is written to a temp file first and hard-linked
// into place, so that no reader ever sees a half-written lock; where the
// file system has no hard links it falls back to O_CREATE|O_EXCL.
func createExclusive(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".new-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Chmod(0o644)
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	err = os.Link(tmp.Name(), path)
	if err == nil {
		return syncDir(filepath.Dir(path))
	}
	if errors.Is(err, fs.ErrExist) {
		return fs.ErrExist
	}
	return createExclusiveNoLink(path, data)
}

func createExclusiveNoLink(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
	}
	return err
}
