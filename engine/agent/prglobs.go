package agent

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/hashicorp/hcl/v2"

	"github.com/trueup/trueup/engine/agent/config"
	"github.com/trueup/trueup/engine/forge"
	"github.com/trueup/trueup/engine/source"
)

// A pull request is matched against the stack globs of its repository and
// base branch expanded from its head (docs/agent-globs.md): a directory
// the pull request adds is planned in it, under the name (and so the
// state, locks and history) it keeps after merge; a directory it removes
// is not planned but named in a comment, since merging stops managing
// its stack without destroying anything; an expansion error fails the
// check GlobsStatusContext with its location.

// GlobsStatusContext names the commit status that says whether the stack
// globs expand at a pull request's head (":" cannot be in a stack name).
const GlobsStatusContext = "trueup:globs"

// globsMarker marks the comment on a pull request about its stack globs.
const globsMarker = "<!-- trueup:globs -->"

// pullRequestStacksAt returns the stacks a comment command on a pull
// request concerns: those of its head at sha (see pullRequestStacks).
func (a *Agent) pullRequestStacksAt(ctx context.Context, ev *forge.Event, sha string) []*config.Stack {
	at := *ev
	at.HeadSHA = sha
	return a.pullRequestStacks(ctx, &at).stacks
}

// pullRequestStack returns the stack named name that a stack glob gives
// at ref (a pull request's head) of its repository, or nil: the stack of
// a directory new in a pull request, for a run of it that a dead agent of
// the fleet left unfinished.
func (a *Agent) pullRequestStack(name, ref string) *config.Stack {
	ctx, cancel := a.prContext()
	defer cancel()
	cur := a.conf()
	tried := map[string]bool{}
	for _, g := range cur.Globs {
		repo := normalizeRepo(g.Template.Repo)
		if tried[repo] {
			continue
		}
		tried[repo] = true
		co, err := source.Fetch(ctx, source.Options{URL: g.Template.Repo, Ref: ref, CacheDir: a.cacheDir(), Auth: a.gitAuth(g.Template), Log: a.log})
		if err != nil {
			continue
		}
		next, diags := cur.ExpandTree(os.DirFS(co.Root), func(h *config.Glob) bool { return normalizeRepo(h.Template.Repo) == repo })
		if s := next.Stack(name); !diags.HasErrors() && s != nil && s.Glob != "" {
			return s
		}
	}
	return nil
}

// prStacks is what a pull request's head makes of the stacks of its
// repository and base branch.
type prStacks struct {
	// stacks are the stacks to match against the pull request's changes:
	// the base branch's (the agent's own *config.Stack), less removed,
	// plus added.
	stacks []*config.Stack
	// added are new in the pull request, removed gone from it.
	added, removed []*config.Stack
	// diags are the errors of the expansion at the head; with errors,
	// stacks are the base branch's.
	diags hcl.Diagnostics
	// globs reports whether a stack glob plans the repository's branch.
	globs bool
}

// prGlobs picks the globs of the pull request's repository and base
// branch, or is nil when there are none.
func prGlobs(cfg *config.Config, ev *forge.Event) func(*config.Glob) bool {
	pick := func(g *config.Glob) bool {
		return ev.Branch == g.Template.Branch && sameRepo(g.Template.Repo, ev.RepoURLs)
	}
	for _, g := range cfg.Globs {
		if pick(g) {
			return pick
		}
	}
	return nil
}

// prHead is the ref that holds a pull request's head.
func prHead(ev *forge.Event) string {
	if ev.HeadRef != "" {
		return ev.HeadRef
	}
	return ev.HeadSHA
}

// pullRequestStacks returns the stacks the pull request concerns, with
// the stack globs of its repository and branch expanded from its head.
func (a *Agent) pullRequestStacks(ctx context.Context, ev *forge.Event) *prStacks {
	cur := a.conf()
	out := &prStacks{stacks: matchStacks(cur.Stacks, ev)}
	pick := prGlobs(cur, ev)
	if pick == nil {
		return out
	}
	out.globs = true
	var first *config.Glob
	for _, g := range cur.Globs {
		if pick(g) {
			first = g
			break
		}
	}
	head := prHead(ev)
	co, err := source.Fetch(ctx, source.Options{URL: first.Template.Repo, Ref: head, CacheDir: a.cacheDir(), Auth: a.gitAuth(first.Template), Log: a.log})
	if err != nil {
		out.diags = hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Cannot read the pull request's head",
			Detail:  fmt.Sprintf("The stack's path is a pattern, expanded from the pull request's directories, but fetching %s failed: %s", head, a.redact.text(err.Error())),
			Subject: first.PathRange.Ptr()}}
		return out
	}
	next, diags := cur.ExpandTree(os.DirFS(co.Root), pick)
	if diags.HasErrors() {
		out.diags = diags
		return out
	}
	ch := config.CompareStacks(cur, next)
	out.added, out.removed = ch.Added, ch.Removed
	var stacks []*config.Stack
	for _, s := range out.stacks {
		if next.Stack(s.Name) != nil {
			stacks = append(stacks, s)
		}
	}
	out.stacks = append(stacks, matchStacks(ch.Added, ev)...)
	for _, s := range ch.Added {
		a.log.Info("pull request adds a stack", "stack", s.Name, "glob", s.Glob, "path", s.Path, "pr", ev.Number)
	}
	return out
}

// prContext bounds the work a pull request's event starts.
func (a *Agent) prContext() (context.Context, context.CancelFunc) {
	return context.WithTimeout(a.baseContext(), 5*time.Minute)
}
