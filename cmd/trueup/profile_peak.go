//go:build profile

package main

import (
	"os"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"time"
)

// startPeakHeapProfile, when TRUEUP_PEAKHEAPPROFILE names a file, writes
// the heap profile there each time the live heap (as of the last GC) grows
// past its previous peak by a tenth: at the end, the file holds what was
// live at about the command's peak, which the profile at its end
// (TRUEUP_MEMPROFILE) no longer shows. It returns the stop function.
func startPeakHeapProfile() func() {
	path := os.Getenv("TRUEUP_PEAKHEAPPROFILE")
	if path == "" {
		return func() {}
	}
	runtime.MemProfileRate = 64 << 10
	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		var peak uint64
		tick := time.NewTicker(100 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
			}
			metrics.Read(sample)
			if live := sample[0].Value.Uint64(); live > peak+peak/10 {
				peak = live
				if f, err := os.Create(path); err == nil {
					_ = pprof.Lookup("heap").WriteTo(f, 0)
					f.Close()
				}
			}
		}
	}()
	return func() { close(done); <-stopped }
}
