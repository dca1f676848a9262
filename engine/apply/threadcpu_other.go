//go:build !linux

package apply

import "time"

// threadCPU cannot read a thread's CPU time here: the persister spaces
// its writes by their wall time instead.
func threadCPU() (time.Duration, bool) { return 0, false }
