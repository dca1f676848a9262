package main

import (
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/trueup/trueup/engine/lang/funcs"
	"github.com/trueup/trueup/engine/run"
)

// setFileLimit applies TRUEUP_MAX_FILE_BYTES, the largest file the file
// functions read (funcs.MaxFileBytes, 512 MiB by default).
func setFileLimit() error {
	v := os.Getenv("TRUEUP_MAX_FILE_BYTES")
	if v == "" {
		return nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n <= 0 {
		return fmt.Errorf("TRUEUP_MAX_FILE_BYTES=%q: want a positive number of bytes", v)
	}
	funcs.MaxFileBytes = n
	return nil
}

// minLockLease is the shortest lease TRUEUP_LOCK_LEASE may set: the
// holder renews every quarter lease, and a renewal must fit in that time.
const minLockLease = 2 * time.Second

// setLockLease applies TRUEUP_LOCK_LEASE, the lease of the state locks
// this process takes (run.LockLease, two minutes by default). A shorter
// lease lets others take over sooner the lock of a run that died.
func setLockLease() error {
	v := os.Getenv("TRUEUP_LOCK_LEASE")
	if v == "" {
		return nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < minLockLease {
		return fmt.Errorf("TRUEUP_LOCK_LEASE=%q: want a duration of at least %s, such as 30s", v, minLockLease)
	}
	run.LockLease = d
	return nil
}
