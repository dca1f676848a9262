//go:build linux

package benchdriver

import "github.com/prometheus/procfs"

// processCPU returns the CPU seconds (user and system) process pid has
// used so far; false where it cannot be read.
func processCPU(pid int) (float64, bool) {
	p, err := procfs.NewProc(pid)
	if err != nil {
		return 0, false
	}
	st, err := p.Stat()
	if err != nil {
		return 0, false
	}
	return st.CPUTime(), true
}
