package main

import (
	"os"
	"runtime/debug"

	"github.com/trueup/trueup/engine/config"
	"github.com/trueup/trueup/engine/state"
)

// largeStack is the number of resources (resource and data blocks of the
// configuration, or objects of the stored state, whichever is larger) from
// which a command lowers the garbage collector's target (tuneGC).
var largeStack = 5000

// largeStackGCPercent is the GC percent of a large stack's command: the
// heap may grow to 1.5 times what was live after the last collection,
// instead of Go's default twice.
const largeStackGCPercent = 50

// tuneGC lowers the garbage collector's target for a stack of at least
// largeStack resources, unless GOGC or GOMEMLIMIT says otherwise. The
// callers count the configuration's blocks (resourceBlocks) and, once it
// is read, the stored state's objects (stateObjects: a block with count =
// 10000 is one block). Such a command's live heap holds the configuration
// being walked and every object's values (about 70 MB at 10,000 objects,
// 700 MB at 100,000); with Go's default the process takes twice that. GC
// percent 50 brings a 10,000-object plan's peak RSS from about 255 to 225
// MB for about 9% more CPU time, and keeps every 100,000-object command
// under 2 GB (docs/performance.md). One setting from 5,000 objects up also
// keeps the GC's share of the work the same at 10,000 and 100,000, so that
// the time grows linearly. Smaller stacks keep the default: their peak is
// mostly the binary itself.
func tuneGC(resources int) {
	if resources < largeStack || os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	debug.SetGCPercent(largeStackGCPercent)
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
