package main

import (
	"math"
	"os"
	"runtime/debug"
	"sync"

	"github.com/trueup/trueup/engine/config"
	"github.com/trueup/trueup/engine/state"
)

// largeStack is the number of resources (resource and data blocks of the
// configuration, or objects of the stored state, whichever is larger) from
// which a command lowers the garbage collector's target (tuneGC).
var largeStack = 5000

// hugeStack is the number of resources from which a command collects at
// Go's default GC percent again, under a soft memory limit sized from the
// stack (tuneGC).
var hugeStack = 50000

// largeStackGCPercent is the GC percent of a large stack's command: the
// heap may grow to 1.5 times what was live after the last collection,
// instead of Go's default twice.
const largeStackGCPercent = 50

// hugeStackGCPercent is the GC percent of a huge stack's command: Go's
// default.
const hugeStackGCPercent = 100

// hugeStackBytesPerResource sizes a huge stack's soft memory limit: 15 KiB
// a resource (1.43 GiB at 100,000). A stack of null_resources holds about
// 4 KB a resource live at its peak, so its heap goal at GC percent 100
// stays under the limit and the limit adds no collection; a stack of larger
// objects is collected more often as its heap nears it.
const hugeStackBytesPerResource = 15 << 10

// gcTuned is the largest number of resources tuneGC was called with, so
// that a later, smaller count (the stored state after the configuration)
// does not lower what an earlier one set.
var gcTuned struct {
	sync.Mutex
	resources int
}

// tuneGC sets the garbage collector's target from the size of the stack,
// unless GOGC or GOMEMLIMIT says otherwise (docs/performance.md, "The GC
// policy by stack size"). The callers count the configuration's blocks
// (resourceBlocks) and, once it is read, the stored state's objects
// (stateObjects: a block with count = 10000 is one block); the largest
// count wins.
//
//   - Under largeStack resources: Go's default. The peak is mostly the
//     binary itself.
//   - From largeStack: GC percent 50. The live heap holds the configuration
//     being walked and every object's values (about 70 MB at 10,000
//     objects); GC percent 50 brings a 10,000-object apply's peak RSS from
//     about 150 to 130 MB, for about 9% more CPU time.
//   - From hugeStack: GC percent 100 again, under a soft memory limit of
//     hugeStackBytesPerResource a resource. At 100,000 objects the live
//     heap is about 400 MB and each collection marks all of it, at a cost
//     per pointer that grows with the heap (cache misses on span lookups):
//     GC percent 50 there costs about a third more CPU than 100, which
//     keeps the apply's peak near 1.1 GB, well under 2 GB.
func tuneGC(resources int) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	gcTuned.Lock()
	defer gcTuned.Unlock()
	if resources <= gcTuned.resources {
		return
	}
	gcTuned.resources = resources
	switch {
	case resources >= hugeStack:
		debug.SetGCPercent(hugeStackGCPercent)
		debug.SetMemoryLimit(hugeStackMemoryLimit(resources))
	case resources >= largeStack:
		debug.SetGCPercent(largeStackGCPercent)
	}
}

// hugeStackMemoryLimit is the soft memory limit of a huge stack of n
// resources.
func hugeStackMemoryLimit(n int) int64 {
	if n > math.MaxInt64/hugeStackBytesPerResource {
		return math.MaxInt64
	}
	return int64(n) * hugeStackBytesPerResource
}

// tuneGCForState is tuneGC for the stored state st (run.Request.StateRead).
func tuneGCForState(st *state.State) { tuneGC(stateObjects(st)) }

// stateObjects counts the objects of st.
func stateObjects(st *state.State) int {
	n := 0
	for _, r := range st.Resources {
		n += len(r.Instances)
	}
	return n
}

// resourceBlocks counts the resource and data blocks of cfg and its
// descendants.
func resourceBlocks(cfg *config.Config) int {
	if cfg == nil || cfg.Module == nil {
		return 0
	}
	n := len(cfg.Module.ManagedResources) + len(cfg.Module.DataResources)
	for _, child := range cfg.Children {
		n += resourceBlocks(child)
	}
	return n
}
