//go:build !linux

package benchdriver

import "os"

// usage reports nothing where ru_maxrss's unit is not known.
func usage(*os.ProcessState) (rssMB, writtenMB float64) { return 0, 0 }
