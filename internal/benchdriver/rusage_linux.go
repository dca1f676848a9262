//go:build linux

package benchdriver

import (
	"os"
	"syscall"
)

// usage returns a finished child's peak resident memory and the bytes it
// wrote, in MiB (Linux reports ru_maxrss in KiB and ru_oublock in 512-byte
// blocks).
func usage(ps *os.ProcessState) (rssMB, writtenMB float64) {
	ru, ok := ps.SysUsage().(*syscall.Rusage)
	if !ok {
		return 0, 0
	}
	return float64(ru.Maxrss) / 1024, float64(ru.Oublock) * 512 / (1 << 20)
}
