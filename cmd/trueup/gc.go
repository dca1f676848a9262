package main

import (
	"os"
	"runtime/debug"

	"github.com/trueup/trueup/engine/config"
)

// largeStack is the number of resource blocks from which a command lowers
// the garbage collector's target (tuneGC).
var largeStack = 20000

// largeStackGCPercent is the GC percent of a large stack's command: the
// heap may grow to 1.5 times what was live after the last collection,
// instead of Go's default twice.
const largeStackGCPercent = 50

// tuneGC lowers the garbage collector's target for a stack of more than
// largeStack resource blocks, unless GOGC or GOMEMLIMIT says otherwise.
// Such a command's live heap holds the parsed configuration and every
// object's values for its whole run (hundreds of megabytes); with Go's
// default the process takes twice that. At 100,000 resources this brings
// an apply's peak from about 2.3 GB to 1.7 GB for about an eighth more
// CPU time (docs/performance.md). Smaller stacks keep the default: their
// peak is mostly the binary itself.
func tuneGC(cfg *config.Config) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	if resourceBlocks(cfg) >= largeStack {
		debug.SetGCPercent(largeStackGCPercent)
	}
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
