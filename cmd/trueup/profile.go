//go:build profile

package main

import (
	"os"
	"runtime"
	"runtime/pprof"
	"runtime/trace"
)

// Built with -tags profile, trueup writes profiles of one command to the
// files that these variables name: TRUEUP_CPUPROFILE (CPU),
// TRUEUP_BLOCKPROFILE and TRUEUP_MUTEXPROFILE (contention), TRUEUP_TRACE
// (an execution trace for `go tool trace`), TRUEUP_MEMPROFILE (the heap
// at the end of the command, after a GC, with every allocation sampled
// since the start). docs/provider-plugins.md and docs/performance-log.md
// explain how they were used. TRUEUP_PEAKHEAPPROFILE: profile_peak.go.
func init() {
	startProfiles = func() func() {
		stops := []func(){startPeakHeapProfile()}
		if path := os.Getenv("TRUEUP_CPUPROFILE"); path != "" {
			f, err := os.Create(path)
			if err == nil && pprof.StartCPUProfile(f) == nil {
				stops = append(stops, func() { pprof.StopCPUProfile(); f.Close() })
			}
		}
		if path := os.Getenv("TRUEUP_TRACE"); path != "" {
			f, err := os.Create(path)
			if err == nil && trace.Start(f) == nil {
				stops = append(stops, func() { trace.Stop(); f.Close() })
			}
		}
		if path := os.Getenv("TRUEUP_MEMPROFILE"); path != "" {
			stops = append(stops, func() {
				if f, err := os.Create(path); err == nil {
					runtime.GC()
					_ = pprof.Lookup("heap").WriteTo(f, 0)
					f.Close()
				}
			})
		}
		for env, name := range map[string]string{"TRUEUP_BLOCKPROFILE": "block", "TRUEUP_MUTEXPROFILE": "mutex"} {
			path := os.Getenv(env)
			if path == "" {
				continue
			}
			if name == "block" {
				runtime.SetBlockProfileRate(10000)
			} else {
				runtime.SetMutexProfileFraction(5)
			}
			stops = append(stops, func() {
				if f, err := os.Create(path); err == nil {
					_ = pprof.Lookup(name).WriteTo(f, 0)
					f.Close()
				}
			})
		}
		return func() {
			for _, stop := range stops {
				stop()
			}
		}
	}
}
