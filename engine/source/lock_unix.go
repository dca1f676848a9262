//go:build unix

package source

import (
	"errors"
	"os"
	"syscall"
)

// tryLock takes an exclusive flock on path without blocking. busy is true
// when another holder has it. flock is per open file description, so two
// goroutines of one process exclude each other too; the kernel releases it
// when a crashed holder's descriptor closes, so a lock is never stale.
func tryLock(path string) (unlock func(), busy bool, err error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, false, err
	}
	err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
	if err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, true, nil
		}
		return nil, false, &os.PathError{Op: "flock", Path: path, Err: err}
	}
	return func() { f.Close() }, false, nil
}
