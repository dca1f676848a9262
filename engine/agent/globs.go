package agent

import (
	"context"
	"os"
	"slices"

	"github.com/hashicorp/hcl/v2"

	"github.com/trueup/trueup/engine/agent/config"
	"github.com/trueup/trueup/engine/forge"
	"github.com/trueup/trueup/engine/source"
)

// Stack globs (`path = "envs/*"`) are expanded from the repository: each
// directory matching a pattern that holds .tf or .tf.json files becomes a
// stack, unless another matched directory calls it as a local module.
// The agent expands them at start (the command does, before New), again
// on each poll of a glob (its poll_interval) and on each push to its
// branch: stacks of new directories start polling and their drift
// schedule, stacks of removed ones stop (their history stays). See
// docs/agent-globs.md.

// globDirs lists the directories of the checkout root that glob g
// expands to, sorted.
func globDirs(root string, g *config.Glob) []string { return g.Dirs(os.DirFS(root)) }

// findGlobDirs reads each glob's repository at ref (its branch when ""),
// and returns the directories each expands to. A repository that cannot
// be read is an error located at the glob's path.
func findGlobDirs(ctx context.Context, globs []*config.Glob, ref string, opts InferOptions) (map[string][]string, hcl.Diagnostics) {
	found := map[string][]string{}
	var diags hcl.Diagnostics
	for _, g := range globs {
		r := ref
		if r == "" {
			r = g.Template.Branch
		}
		co, err := source.Fetch(ctx, source.Options{URL: g.Template.Repo, Ref: r, CacheDir: opts.CacheDir, Auth: opts.Auth(g.Template), Log: opts.Log})
		if err != nil {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Cannot read the stack's repository",
				Detail:  "The stack's path is a pattern, expanded from the repository's directories, but fetching " + g.Template.Branch + " failed: " + err.Error(),
				Subject: g.PathRange.Ptr()})
			continue
		}
		found[g.Name()] = globDirs(co.Root, g)
	}
	return found, diags
}

// ExpandStacks returns cfg with its stack globs expanded from their
// repositories at their branch heads (see config.Expand); cfg itself is
// unchanged. Without globs it returns cfg.
func ExpandStacks(ctx context.Context, cfg *config.Config, opts InferOptions) (*config.Config, hcl.Diagnostics) {
	if len(cfg.Globs) == 0 {
		return cfg, nil
	}
	found, diags := findGlobDirs(ctx, cfg.Globs, "", opts)
	if diags.HasErrors() {
		return nil, diags
	}
	out, ds := cfg.Expand(found)
	diags = append(diags, ds...)
	if diags.HasErrors() {
		return nil, diags
	}
	return out, diags
}

// refreshGlobs expands the globs that pick chooses again, at ref (the
// branch head when ""), and when their directories changed replaces the
// configuration and starts and stops the stacks that came and went. A
// problem (a repository that cannot be read, a glob that now matches
// nothing, two stacks with one name) is logged with its location and
// leaves the stacks as they were.
func (a *Agent) refreshGlobs(ctx context.Context, pick func(*config.Glob) bool, ref string) {
	a.globMu.Lock()
	defer a.globMu.Unlock()
	cur := a.conf()
	var globs []*config.Glob
	for _, g := range cur.Globs {
		if pick(g) {
			globs = append(globs, g)
		}
	}
	if len(globs) == 0 {
		return
	}
	log := a.log.Named("globs")
	opts := InferOptions{CacheDir: a.cacheDir(), Auth: a.gitAuth, Log: log}
	found, diags := findGlobDirs(ctx, globs, ref, opts)
	a.logDiags(log, diags) // those globs keep their stacks
	dirs := cur.ExpandedDirs()
	changed := false
	for name, d := range found {
		if !slices.Equal(dirs[name], d) {
			dirs[name], changed = d, true
		}
	}
	if !changed {
		return
	}
	next, diags := cur.Expand(dirs)
	if diags.HasErrors() {
		a.logDiags(log, diags)
		return
	}
	InferDependencies(ctx, next, InferOptions{CacheDir: a.cacheDir(), Auth: a.gitAuth, Log: a.log.Named("deps")})
	a.swapConfig(ctx, cur, next)
}

// swapConfig publishes next and starts and stops the triggers of the
// stacks that came and went.
func (a *Agent) swapConfig(ctx context.Context, cur, next *config.Config) {
	a.cfgp.Store(next)
	for _, s := range cur.Stacks {
		if next.Stack(s.Name) == nil {
			a.log.Info("stack removed: its directory no longer matches; its history stays", "stack", s.Name, "glob", s.Glob, "path", s.Path)
			a.stopStack(s.Name)
		}
	}
	for _, s := range next.Stacks {
		if cur.Stack(s.Name) == nil {
			a.log.Info("stack added: a new directory matches", "stack", s.Name, "glob", s.Glob, "path", s.Path)
			a.startStack(ctx, s)
		}
	}
}

// logDiags logs diagnostics with their locations.
func (a *Agent) logDiags(log interface{ Warn(string, ...any) }, diags hcl.Diagnostics) {
	for _, d := range diags {
		where := ""
		if d.Subject != nil {
			where = d.Subject.String()
		}
		log.Warn("stack glob not expanded again: "+d.Summary, "at", where, "detail", a.redact.text(d.Detail))
	}
}

// watchGlobs expands each glob with a poll interval again at that
// interval.
func (a *Agent) watchGlobs(ctx context.Context) {
	for _, g := range a.conf().Globs {
		if g.Template.PollInterval <= 0 {
			continue
		}
		name := g.Name()
		a.every(ctx, g.Template.PollInterval, func() {
			a.refreshGlobs(ctx, func(g *config.Glob) bool { return g.Name() == name }, "")
		})
	}
}

// pushGlobs are the globs whose repository and branch a push is to.
func pushGlobs(cfg *config.Config, ev *forge.Event) func(*config.Glob) bool {
	any := false
	for _, g := range cfg.Globs {
		if ev.Branch == g.Template.Branch && sameRepo(g.Template.Repo, ev.RepoURLs) {
			any = true
		}
	}
	if !any {
		return nil
	}
	return func(g *config.Glob) bool {
		return ev.Branch == g.Template.Branch && sameRepo(g.Template.Repo, ev.RepoURLs)
	}
}
