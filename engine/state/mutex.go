package state

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/google/uuid"
)

// The local backend changes an existing lock file (takeover, renewal,
// unlock) only while holding that lock's mutex: a file
// .BASENAME.lock.info.ID.mutex created with O_CREATE|O_EXCL and removed
// after the change. Whoever holds it re-reads the lock file and changes it
// only if it still holds lock ID, in the condition that was checked. So two
// contenders can never both take over one expired lock, and a renewal can
// never overwrite a takeover, while creating a lock (when there is none)
// needs no mutex. A change takes microseconds; a mutex file older than
// staleMutexAge was left by a crashed process and is cleared.
const (
	staleMutexAge = 30 * time.Second
	mutexWait     = 2 * time.Millisecond
	mutexAttempts = 500
)

func (l *Local) mutexPath(id string) string {
	return l.LockPath() + "." + id + ".mutex"
}

// createExclusiveFile creates an empty file at path, failing with
// fs.ErrExist when it exists.
func createExclusiveFile(path string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	return f.Close()
}

// acquireMutex takes lock id's mutex, waiting while another process holds
// it. It returns the function that releases it.
func (l *Local) acquireMutex(ctx context.Context, id string) (release func(), err error) {
	path := l.mutexPath(id)
	for range mutexAttempts {
		err := createExclusiveFile(path)
		if err == nil {
			return func() { os.Remove(path) }, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return nil, err
		}
		if clearStaleMutex(path) {
			continue
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(mutexWait):
		}
	}
	return nil, fmt.Errorf("another process is changing lock %s (mutex file %s); remove that file if no trueup process is running", id, filepath.Base(path))
}

// clearStaleMutex removes the mutex file at path if it is older than
// staleMutexAge, and reports whether it did. It moves the file aside first
// and checks the age of what it moved, so that it never removes a fresh
// mutex that replaced the stale one.
func clearStaleMutex(path string) bool {
	fi, err := os.Stat(path)
	if err != nil || time.Since(fi.ModTime()) < staleMutexAge {
		return false
	}
	aside := path + ".stale-" + uuid.NewString()
	if os.Rename(path, aside) != nil {
		return false
	}
	defer os.Remove(aside)
	if fi, err := os.Stat(aside); err == nil && time.Since(fi.ModTime()) < staleMutexAge {
		_ = os.Link(aside, path) // a fresh mutex: put it back
		return false
	}
	return true
}
