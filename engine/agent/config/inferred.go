package config

import (
	"fmt"
	"slices"
)

// Inferred is a dependency the agent found in a stack's Terraform
// configuration rather than in depends_on: a terraform_remote_state data
// source reading another managed stack's state.
type Inferred struct {
	// Upstream is the stack whose state is read.
	Upstream string
	// Reason says where: `data.terraform_remote_state.network (s3
	// bucket "b", key "network.tfstate")`; it holds no secrets.
	Reason string
}

// Upstream returns the stacks s waits for: its depends_on, then those
// inferred, without duplicates.
func (s *Stack) Upstream() []string {
	out := slices.Clone(s.DependsOn)
	for _, in := range s.Inferred {
		if !slices.Contains(out, in.Upstream) {
			out = append(out, in.Upstream)
		}
	}
	return out
}

// AddInferred records that the stack name depends on upstream for the
// given reason. It refuses an edge to the stack itself or one that would
// close a cycle (the stacks' order would be undefined) and ignores one
// already known.
func (c *Config) AddInferred(name, upstream, reason string) error {
	s := c.Stack(name)
	if s == nil || c.Stack(upstream) == nil {
		return fmt.Errorf("no stack %q or %q", name, upstream)
	}
	if name == upstream {
		return fmt.Errorf("stack %s reads its own state (%s)", name, reason)
	}
	if slices.Contains(s.Upstream(), upstream) {
		return nil
	}
	s.Inferred = append(s.Inferred, Inferred{Upstream: upstream, Reason: reason})
	if cycle := findCycle(c, name, nil); cycle != nil {
		s.Inferred = s.Inferred[:len(s.Inferred)-1]
		return fmt.Errorf("stack %s reads stack %s's state (%s), but that closes a dependency cycle: %v; the edge is left out",
			name, upstream, reason, cycle)
	}
	return nil
}
