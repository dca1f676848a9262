//go:build !linux

package apply

import "time"

// threadCPU is not available here: the persister spaces writes by their
// wall time.
func threadCPU() (time.Duration, bool) { return 0, false }
