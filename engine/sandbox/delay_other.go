//go:build !linux

package sandbox

import "time"

// sleepUntil waits until deadline on a runtime timer.
func sleepUntil(deadline time.Time) { time.Sleep(time.Until(deadline)) }
