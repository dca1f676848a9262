package config

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
)

// checkDependencies checks every stack's depends_on: known stacks, not
// itself, no cycle.
func checkDependencies(cfg *Config) hcl.Diagnostics {
	var diags hcl.Diagnostics
	for _, s := range cfg.Stacks {
		for _, d := range s.DependsOn {
			switch {
			case d == s.Name:
				diags = append(diags, errorAt(s.DependsOnRange, "Stack depends on itself",
					fmt.Sprintf("The stack %q lists itself in depends_on.", s.Name)))
			case cfg.Stack(d) == nil:
				diags = append(diags, errorAt(s.DependsOnRange, "Unknown stack in depends_on",
					fmt.Sprintf("The stack %q depends on %q, but no stack %q is declared.", s.Name, d, d)))
			}
		}
	}
	if diags.HasErrors() {
		return diags
	}
	for _, s := range cfg.Stacks {
		if cycle := findCycle(cfg, s.Name, nil); cycle != nil {
			return hcl.Diagnostics{errorAt(s.DependsOnRange, "Dependency cycle between stacks",
				fmt.Sprintf("The stacks' depends_on form a cycle: %s. Each stack can only wait for stacks that do not wait for it.", strings.Join(cycle, " -> ")))}
		}
	}
	return nil
}

// findCycle returns a path back to a stack already on path, or nil.
func findCycle(cfg *Config, name string, path []string) []string {
	if i := slices.Index(path, name); i >= 0 {
		return append(slices.Clone(path[i:]), name)
	}
	path = append(path, name)
	for _, d := range cfg.Stack(name).Upstream() {
		if c := findCycle(cfg, d, path); c != nil {
			return c
		}
	}
	return nil
}

// depth is 0 for a stack without dependencies, else one more than its
// deepest dependency's. The configuration must be free of cycles.
func (c *Config) depth(name string) int {
	n := 0
	for _, d := range c.Stack(name).Upstream() {
		n = max(n, c.depth(d)+1)
	}
	return n
}

// InDependencyOrder returns stacks sorted so that each comes after the
// stacks it depends on (otherwise in their given order).
func (c *Config) InDependencyOrder(stacks []*Stack) []*Stack {
	out := slices.Clone(stacks)
	sort.SliceStable(out, func(i, j int) bool { return c.depth(out[i].Name) < c.depth(out[j].Name) })
	return out
}

// GraphDOT writes the stacks and their depends_on as Graphviz DOT, an
// edge from each stack to each stack it depends on, as `terraform graph`
// draws dependencies. Inferred dependencies are dashed edges labelled
// with the data source that reads the upstream state.
func (c *Config) GraphDOT() string {
	var b strings.Builder
	b.WriteString("digraph stacks {\n  rankdir = \"RL\"\n")
	for _, s := range c.Stacks {
		if s.Glob == "" {
			fmt.Fprintf(&b, "  %q\n", s.Name)
		}
	}
	for _, g := range c.Globs {
		fmt.Fprintf(&b, "  subgraph %q {\n    label = %q\n", "cluster_"+g.Name(), g.Name()+" ("+strings.Join(g.Patterns, ", ")+")")
		for _, s := range c.Stacks {
			if s.Glob == g.Name() {
				fmt.Fprintf(&b, "    %q\n", s.Name)
			}
		}
		b.WriteString("  }\n")
	}
	for _, s := range c.Stacks {
		for _, d := range s.DependsOn {
			fmt.Fprintf(&b, "  %q -> %q\n", s.Name, d)
		}
		for _, in := range s.Inferred {
			if !slices.Contains(s.DependsOn, in.Upstream) {
				fmt.Fprintf(&b, "  %q -> %q [style = \"dashed\", label = %q]\n", s.Name, in.Upstream, in.Reason)
			}
		}
	}
	b.WriteString("}\n")
	return b.String()
}
