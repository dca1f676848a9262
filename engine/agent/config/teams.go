package config

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/robfig/cron/v3"

	"github.com/trueup/trueup/internal/hclblock"
)

// PolicyOwners are who may override failing policies with `trueup
// approve_policies`, as Atlantis's policy owners: forge users, and
// teams (GitHub "org/team-slug", GitLab group paths) whose members are.
type PolicyOwners struct {
	Users []string
	Teams []string
}

type rawPolicyOwners struct {
	Users    []string  `hcl:"users,optional"`
	Teams    []string  `hcl:"teams,optional"`
	DefRange hcl.Range `hcl:",def_range"`
}

func decodePolicyOwners(cfg *Config, blocks []*rawPolicyOwners) hcl.Diagnostics {
	var diags hcl.Diagnostics
	if len(blocks) == 0 {
		return nil
	}
	if b := blocks[0]; len(b.Users)+len(b.Teams) == 0 {
		diags = append(diags, errorAt(b.DefRange, "Empty policy_owners block", "Name at least one user or team, or leave the block out."))
	} else {
		cfg.PolicyOwners = &PolicyOwners{Users: b.Users, Teams: b.Teams}
	}
	return append(diags, hclblock.ExtraBlocks(blocks, "policy_owners", func(b *rawPolicyOwners) hcl.Range { return b.DefRange })...)
}

// Deploy window kinds, as Burrito's sync windows.
const (
	WindowAllow = "allow"
	WindowDeny  = "deny"
)

// Window is a recurring period in which applies are allowed or denied:
// it opens at each time Schedule (a cron expression, "TZ=Zone" prefix
// allowed) names and stays open for Duration.
type Window struct {
	Kind     string
	Schedule string
	Cron     cron.Schedule
	Duration time.Duration
}

// Open reports whether the window is open at now: it opened less than
// Duration ago.
func (w *Window) Open(now time.Time) bool {
	return !w.Cron.Next(now.Add(-w.Duration)).After(now)
}

// Windows are a stack's deploy windows.
type Windows []*Window

// Allowed reports whether applies may run at now: no deny window is open,
// and, when there are allow windows, one is open. Otherwise it says why.
func (ws Windows) Allowed(now time.Time) (bool, string) {
	for _, w := range ws {
		if w.Kind == WindowDeny && w.Open(now) {
			return false, fmt.Sprintf("the deny deploy window %q (for %s) is open", w.Schedule, w.Duration)
		}
	}
	var allows []string
	for _, w := range ws {
		if w.Kind == WindowAllow {
			if w.Open(now) {
				return true, ""
			}
			allows = append(allows, fmt.Sprintf("%q for %s", w.Schedule, w.Duration))
		}
	}
	if len(allows) > 0 {
		return false, "no allow deploy window is open (" + strings.Join(allows, ", ") + ")"
	}
	return true, ""
}

type rawWindow struct {
	Kind          string    `hcl:"kind,label"`
	KindRange     hcl.Range `hcl:"kind,label_range"`
	Schedule      string    `hcl:"schedule"`
	ScheduleRange hcl.Range `hcl:"schedule,attr_value_range"`
	Duration      string    `hcl:"duration"`
	DurationRange hcl.Range `hcl:"duration,attr_value_range"`
}

// decodeApplyRules reads a stack's apply_requirements, automerge and
// deploy_window blocks.
func decodeApplyRules(s *Stack, rs *rawStack) hcl.Diagnostics {
	var diags hcl.Diagnostics
	for _, req := range rs.ApplyRequirements {
		if !slices.Contains(Requirements, req) {
			diags = append(diags, errorAt(rs.ApplyReqRange, "Unknown apply requirement",
				fmt.Sprintf("%q is not an apply requirement: use one of %s.", req, strings.Join(quoted(Requirements), ", "))))
			continue
		}
		s.ApplyRequirements = append(s.ApplyRequirements, req)
	}
	s.Automerge = rs.Automerge
	for _, rw := range rs.DeployWindows {
		if rw.Kind != WindowAllow && rw.Kind != WindowDeny {
			diags = append(diags, errorAt(rw.KindRange, "Unknown deploy window kind", fmt.Sprintf("%q is not a deploy window kind: use %q or %q.", rw.Kind, WindowAllow, WindowDeny)))
			continue
		}
		sched, err := ParseSchedule(rw.Schedule)
		if err != nil {
			diags = append(diags, errorAt(rw.ScheduleRange, "Invalid deploy window schedule", fmt.Sprintf("%q is not a cron expression: %v.", rw.Schedule, err)))
			continue
		}
		d, ds := duration(rw.Duration, rw.DurationRange, "duration", time.Minute)
		diags = append(diags, ds...)
		if ds.HasErrors() {
			continue
		}
		s.DeployWindows = append(s.DeployWindows, &Window{Kind: rw.Kind, Schedule: rw.Schedule, Cron: sched, Duration: d})
	}
	return diags
}

func quoted(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = fmt.Sprintf("%q", s)
	}
	return out
}
