//go:build unix

package state

import (
	"errors"
	"syscall"
)

// processAlive reports whether pid is a process (signal 0: ESRCH means
// none; EPERM means one of another user). known is false when the answer
// is neither.
func processAlive(pid int) (alive, known bool) {
	err := syscall.Kill(pid, 0)
	switch {
	case err == nil, errors.Is(err, syscall.EPERM):
		return true, true
	case errors.Is(err, syscall.ESRCH):
		return false, true
	}
	return false, false
}
