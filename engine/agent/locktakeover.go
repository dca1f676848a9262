package agent

import (
	"fmt"

	"github.com/trueup/trueup/engine/state"
)

// deadHolder judges the holder of a state lock that has not expired: it
// returns why the holder is known to be dead when the lock names another
// agent of this fleet that is gone (its presence lock is free: PostgreSQL
// dropped its session), and "" otherwise, so the lock is judged by its
// lease. It is asked only by a run that holds its stack's fleet-wide
// lease, so no live agent of the fleet can be running the stack; the
// backend's takeover stays conditional on the lock as read, so a lock
// renewed or released meanwhile is left alone. See docs/agent-fleet.md.
func (a *Agent) deadHolder(info *state.LockInfo) string {
	if a.fleet == nil || info.Agent == "" || info.Agent == a.id {
		return ""
	}
	gone, err := a.fleet.Gone(info.Agent)
	if err != nil {
		a.log.Warn("could not ask the fleet whether a lock's agent is alive; waiting for its lease", "holder", info.Agent, "error", err)
		return ""
	}
	if !gone {
		return ""
	}
	return fmt.Sprintf("agent %s, which held it, is gone from the fleet (its presence lock in PostgreSQL is free)", info.Agent)
}
