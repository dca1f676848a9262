//go:build linux

package apply

import (
	"syscall"
	"time"
)

// threadCPU is the CPU time the calling OS thread has used, and whether
// the OS tells it. The caller holds its thread (runtime.LockOSThread).
func threadCPU() (time.Duration, bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_THREAD, &ru); err != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}
