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
)

// lockAttempts bounds how often Lock retries when the lock file changes
// hands while it looks at it.
const lockAttempts = 8

// LockPath returns the lock file's path: .BASENAME.lock.info in the state
// file's directory, as Terraform's local backend names it.
func (l *Local) LockPath() string {
	return filepath.Join(filepath.Dir(l.path), "."+filepath.Base(l.path)+".lock.info")
}

// Lock creates the lock file exclusively, so that of any number of
// processes exactly one succeeds. A lock whose lease expired, or whose
// holder died on this host (see holder.go), is taken over under that
// lock's mutex (see mutex.go): the contender holding it checks that the
// lock file still holds the stale lock, and replaces it atomically. The
// takeover of a dead holder's lock is told to ctx's lock notice
// (WithLockNotice).
func (l *Local) Lock(ctx context.Context, info *LockInfo) (string, error) {
	id, err := l.lock(ctx, info)
	if err == nil {
		l.mu.Lock()
		l.lockID = id
		l.mu.Unlock()
	}
	return id, err
}

func (l *Local) lock(ctx context.Context, info *LockInfo) (string, error) {
	mine, err := PrepareLock(info, l.LockPath(), Now(ctx))
	if err != nil {
		return "", fmt.Errorf("%s: %w", l, err)
	}
	data, err := json.MarshalIndent(mine, "", "  ")
	if err != nil {
		return "", err
	}
	if err := l.ensureDir(); err != nil {
		return "", fmt.Errorf("%s: %w", l, err)
	}
	var holder *LockInfo
	for range lockAttempts {
		err := createExclusive(l.LockPath(), data)
		if err == nil {
			return mine.ID, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return "", fmt.Errorf("%s: creating lock file: %w", l, err)
		}
		holder, err = readLock(l.LockPath())
		if errors.Is(err, fs.ErrNotExist) {
			continue // released meanwhile
		}
		if err != nil {
			return "", &LockError{Info: &LockInfo{Path: l.LockPath()}, Err: err}
		}
		dead := deadHolder(holder)
		if dead == "" && !holder.Expired(Now(ctx)) {
			return "", &LockError{Info: holder}
		}
		won, err := l.replaceStale(ctx, holder, data)
		if err != nil {
			return "", err
		}
		if won {
			if dead != "" {
				lockNotice(ctx, fmt.Sprintf("Took over the state lock %s held by %s for %s since %s: %s.",
					holder.ID, holder.Who, holder.Operation, holder.Created.UTC().Format(time.RFC3339), dead))
			}
			return mine.ID, nil
		}
	}
	return "", &LockError{Info: holder, Err: errors.New("the lock changed hands while trying to take it")}
}

// replaceStale replaces the lock stale (expired, or held by a dead
// process, see holder.go) with data if, under the stale lock's mutex, the
// lock file still holds it and it is still expired or its holder dead. It
// reports whether it did.
func (l *Local) replaceStale(ctx context.Context, stale *LockInfo, data []byte) (bool, error) {
	release, err := l.acquireMutex(ctx, stale.ID)
	if err != nil {
		return false, &LockError{Info: stale, Err: err}
	}
	defer release()
	cur, err := readLock(l.LockPath())
	if err != nil || cur.ID != stale.ID || (!cur.Expired(Now(ctx)) && deadHolder(cur) == "") {
		return false, nil // it changed: look again
	}
	if err := writeFileAtomic(l.LockPath(), data, 0o644); err != nil {
		return false, fmt.Errorf("%s: taking over stale lock %s: %w", l, stale.ID, err)
	}
	return true, nil
}

// Renew extends the lease of lock id by its lease length. It fails with
// ErrLeaseExpired (in a *LockError) once the lease ran out: the lock may be
// taken over at any moment then, and must not be revived.
func (l *Local) Renew(ctx context.Context, id string) error {
	return l.withHeldLock(ctx, id, func(holder *LockInfo) error {
		if holder.Expires.IsZero() {
			return nil
		}
		renewed, err := holder.Renewal(Now(ctx))
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
	})
}

// Unlock removes the lock file if it holds lock id.
func (l *Local) Unlock(ctx context.Context, id string) error {
	err := l.withHeldLock(ctx, id, func(*LockInfo) error {
		if err := os.Remove(l.LockPath()); err != nil {
			return fmt.Errorf("%s: unlocking: %w", l, err)
		}
		return syncDir(filepath.Dir(l.path))
	})
	if err == nil {
		l.mu.Lock()
		if l.lockID == id {
			l.lockID = ""
		}
		l.mu.Unlock()
	}
	return err
}

// withHeldLock runs change under lock id's mutex if the lock file holds
// lock id, else returns a *LockError naming the holder.
func (l *Local) withHeldLock(ctx context.Context, id string, change func(holder *LockInfo) error) error {
	if _, err := l.holder(id); err != nil {
		return err
	}
	release, err := l.acquireMutex(ctx, id)
	if err != nil {
		return &LockError{Info: &LockInfo{ID: id, Path: l.LockPath()}, Err: err}
	}
	defer release()
	holder, err := l.holder(id)
	if err != nil {
		return err
	}
	return change(holder)
}

// holder returns the current lock if it is lock id, else a *LockError.
func (l *Local) holder(id string) (*LockInfo, error) {
	holder, err := readLock(l.LockPath())
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
	info, err := readLock(l.LockPath())
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", l, err)
	}
	return info, nil
}

func readLock(path string) (*LockInfo, error) {
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
