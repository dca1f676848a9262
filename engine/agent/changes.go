package agent

import (
	"context"
	"strings"
	"time"

	"github.com/trueup/trueup/engine/agent/config"
	"github.com/trueup/trueup/engine/agent/store"
	"github.com/trueup/trueup/engine/forge"
	"github.com/trueup/trueup/engine/source"
)

// changeSet answers, for the stacks one push or pull request concerns,
// whether its changes touch each: the files changed (from git, or the
// forge's list) are read once per repository, the local modules once per
// stack directory.
type changeSet struct {
	a *Agent
	// base and head are the refs or SHAs compared; files are the forge's
	// list of changed files, used when git cannot tell.
	base, head string
	listed     []string
	preferGit  bool
	changed    map[string][]string // by normalised repo; nil entry: unknown
	known      map[string]bool
}

// pushChanges compares a push's before and after commits; when the forge
// does not say what was there before (a new branch), its list of files
// decides.
func (a *Agent) pushChanges(ev *forge.Event) *changeSet {
	base := ev.BaseSHA
	if strings.Trim(base, "0") == "" {
		base = ""
	}
	return &changeSet{a: a, base: base, head: ev.HeadSHA, listed: ev.ChangedFiles, preferGit: true,
		changed: map[string][]string{}, known: map[string]bool{}}
}

// prChanges compares a pull request's head with its base branch (the
// merge base), as the forge's "files changed" view does.
func (a *Agent) prChanges(ev *forge.Event, head string) *changeSet {
	base := ev.BaseSHA
	if base == "" {
		base = "refs/heads/" + ev.Branch
	}
	return &changeSet{a: a, base: base, head: head, listed: ev.ChangedFiles,
		changed: map[string][]string{}, known: map[string]bool{}}
}

// touches reports whether the changes concern s: a file matching its
// autoplan patterns (default: under its path) or in a local module it
// calls. When that cannot be told it says yes: a needless run is better
// than a missing one.
func (c *changeSet) touches(ctx context.Context, s *config.Stack, log interface{ Warn(string, ...any) }) bool {
	changed, ok := c.files(ctx, s, log)
	if !ok {
		return true
	}
	if s.Touched(changed, nil) {
		return true
	}
	opts := source.Options{URL: s.Repo, Ref: c.head, CacheDir: c.a.cacheDir(), Auth: c.a.gitAuth(s), Log: c.a.log}
	co, err := source.Fetch(ctx, opts)
	if err != nil {
		log.Warn("could not read the stack's modules; checking its own files only", "error", c.a.redact.text(err.Error()))
		return false
	}
	var modules []string
	for _, d := range stackDirs(co.Root, s.Path) {
		if d != s.Path {
			modules = append(modules, d)
		}
	}
	return s.Touched(changed, modules)
}

// files returns the changed files of s's repository, and false when they
// cannot be told.
func (c *changeSet) files(ctx context.Context, s *config.Stack, log interface{ Warn(string, ...any) }) ([]string, bool) {
	repo := normalizeRepo(s.Repo)
	if c.known[repo] {
		return c.changed[repo], c.changed[repo] != nil
	}
	c.known[repo] = true
	if len(c.listed) > 0 && (!c.preferGit || c.base == "") {
		c.changed[repo] = c.listed
		return c.listed, true
	}
	if c.base == "" || c.head == "" {
		return nil, false
	}
	opts := source.Options{URL: s.Repo, CacheDir: c.a.cacheDir(), Auth: c.a.gitAuth(s), Log: c.a.log}
	changed, err := source.ChangedPaths(ctx, opts, c.base, c.head)
	switch {
	case err != nil && len(c.listed) > 0:
		log.Warn("could not list the changes from git; using the forge's list of files", "error", c.a.redact.text(err.Error()))
		changed = c.listed
	case err != nil:
		log.Warn("could not list the changes; running anyway", "error", c.a.redact.text(err.Error()))
		return nil, false
	}
	if changed == nil {
		changed = []string{}
	}
	c.changed[repo] = changed
	return changed, true
}

// runPush queues a run of each stack (given in dependency order) whose
// files the push changed, as Atlantis's autoplan does; the others record
// the pushed commit as seen, so that stacks depending on them do not wait
// for a run that will not come.
func (a *Agent) runPush(forgeKind string, ev *forge.Event, stacks []*config.Stack) {
	defer a.bg.Done()
	ctx, cancel := context.WithTimeout(a.baseContext(), 5*time.Minute)
	defer cancel()
	changes := a.pushChanges(ev)
	for _, s := range stacks {
		log := a.log.With("stack", s.Name, "commit", shortSHA(ev.HeadSHA))
		if !changes.touches(ctx, s, log) {
			log.Info("the push does not touch the stack")
			a.storeStatus(s.Name, func(st *store.StackStatus) { st.LastSeenCommit = ev.HeadSHA })
			continue
		}
		t := &task{stack: s, kind: pushKind(s), trigger: store.TriggerWebhook, forge: forgeKind, repo: ev.RepoFullName,
			commit: ev.HeadSHA, author: ev.Author, message: ev.Message}
		if ev.RepoFullName == "" {
			t.forge = ""
		}
		if _, _, err := a.enqueue(t); err != nil {
			log.Warn("could not queue a run", "error", err)
		}
	}
}

// pollTouches reports whether the commits from seen (the head last seen;
// "" for none) to head touch the stack: polling, like a push, runs only
// the stacks whose files changed.
func (a *Agent) pollTouches(ctx context.Context, s *config.Stack, seen, head string, log interface{ Warn(string, ...any) }) bool {
	if seen == "" {
		return true
	}
	changes := &changeSet{a: a, base: seen, head: head, preferGit: true, changed: map[string][]string{}, known: map[string]bool{}}
	return changes.touches(ctx, s, log)
}
