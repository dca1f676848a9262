package config

import (
	"io/fs"

	"github.com/hashicorp/hcl/v2"
)

// ExpandedDirs returns, by glob, the directories of the glob's stacks in
// c (an expanded configuration), in c's order.
func (c *Config) ExpandedDirs() map[string][]string {
	out := map[string][]string{}
	for _, g := range c.Globs {
		out[g.Name()] = []string{}
	}
	for _, s := range c.Stacks {
		if s.Glob != "" {
			out[s.Glob] = append(out[s.Glob], s.Path)
		}
	}
	return out
}

// ExpandTree returns the expanded configuration c with the globs pick
// chooses expanded again from the repository tree fsys (such as a pull
// request's head), the others keeping their stacks. Errors are those of
// Expand, located in the agent's configuration.
func (c *Config) ExpandTree(fsys fs.FS, pick func(*Glob) bool) (*Config, hcl.Diagnostics) {
	dirs := c.ExpandedDirs()
	for _, g := range c.Globs {
		if pick(g) {
			dirs[g.Name()] = g.Dirs(fsys)
		}
	}
	return c.Expand(dirs)
}

// StackChanges are what a new expansion changes: the stacks it adds and
// the glob stacks it drops, in their configurations' order.
type StackChanges struct {
	Added, Removed []*Stack
}

// CompareStacks returns the stacks next adds to cur and the glob stacks
// of cur it no longer has, by name: a stack keeps its name, and so its
// state and history, as long as its directory matches.
func CompareStacks(cur, next *Config) StackChanges {
	var ch StackChanges
	for _, s := range next.Stacks {
		if cur.Stack(s.Name) == nil {
			ch.Added = append(ch.Added, s)
		}
	}
	for _, s := range cur.Stacks {
		if s.Glob != "" && next.Stack(s.Name) == nil {
			ch.Removed = append(ch.Removed, s)
		}
	}
	return ch
}
