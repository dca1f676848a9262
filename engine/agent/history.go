package agent

import (
	"path/filepath"

	"github.com/trueup/trueup/engine/agent/store"
)

// History is the run history the agent records into and its dashboard
// and API read: store.Store (bbolt, one machine) or pgstore.Store
// (PostgreSQL, shared by a fleet of agents).
type History = store.History

// openHistory returns the history of opts, or opens the bbolt one in the
// data directory.
func openHistory(opts Options) (History, error) {
	if opts.History != nil {
		return opts.History, nil
	}
	return store.Open(filepath.Join(opts.Config.Server.DataDir, "history.db"))
}
