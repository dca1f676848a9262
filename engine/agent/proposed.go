package agent

import (
	"github.com/trueup/trueup/engine/agent/store"
	"github.com/trueup/trueup/engine/agent/web"
)

// A stack that exists only in an open pull request (a directory it adds
// under a stack glob, see prglobs.go) is listed on the dashboard and in
// /api/stacks as proposed, with the pull request's number and link and its
// pull-request plans, as Atlantis lists a pull request's projects. The
// record of it is the stack's pull-request lock, which every plan of the
// pull request takes (prlocks.go): it is in the store, so a fleet's agents
// and a restarted agent list it too, and it goes when the pull request is
// merged (the stack is then configured, from the next poll) or closed.
// docs/agent-proposed-stacks.md says more.

// proposedStacks returns the stacks locked to a pull request that the
// configuration does not have (configured names them), each marked with
// that pull request.
func (a *Agent) proposedStacks(configured map[string]bool) ([]web.Stack, error) {
	locks, err := a.store.Locks()
	if err != nil {
		return nil, err
	}
	var out []web.Stack
	for _, l := range locks {
		if configured[l.Stack] {
			continue
		}
		st, err := a.store.StackStatus(l.Stack)
		if err != nil {
			return nil, err
		}
		v := web.Stack{Name: l.Stack, Repo: l.Repo, Forge: l.Forge, Status: st, Lock: l,
			Proposed: &web.Proposal{Forge: l.Forge, Repo: l.Repo, PR: l.PR, URL: l.URL}}
		if v.LastRun, err = a.lastRun(l.Stack); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// lastRun is the stack's newest run, or nil.
func (a *Agent) lastRun(stack string) (*store.Run, error) {
	runs, err := a.store.List(store.Filter{Stack: stack, Limit: 1})
	if err != nil || len(runs) == 0 {
		return nil, err
	}
	return runs[0], nil
}
