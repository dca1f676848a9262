package agent

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/trueup/trueup/engine/forge"
)

// reportPullRequestStacks tells the pull request what its head makes of
// the stack globs: the check GlobsStatusContext (failed, with the located
// errors, when they do not expand) and a comment naming the errors and
// the stacks that merging stops managing.
func (a *Agent) reportPullRequestStacks(ctx context.Context, forgeKind string, ev *forge.Event, ps *prStacks) {
	f := a.forges[forgeKind]
	if !ps.globs || f == nil || ev.RepoFullName == "" {
		return
	}
	log := a.log.With("pr", ev.Number, "repo", ev.RepoFullName)
	st := forge.Status{State: forge.StateSuccess, Context: GlobsStatusContext, TargetURL: a.conf().Server.PublicURL,
		Description: fmt.Sprintf("stack globs expand at the head: %d new, %d removed", len(ps.added), len(ps.removed))}
	if ps.diags.HasErrors() {
		st.State, st.Description = forge.StateFailure, shortDiag(ps.diags[0])
		a.logDiags(log, ps.diags)
	}
	if ev.HeadSHA != "" {
		if err := f.SetStatus(ctx, ev.RepoFullName, ev.HeadSHA, st); err != nil {
			log.Warn("could not set the stack globs' status", "error", a.redact.text(err.Error()))
		}
	}
	key := fmt.Sprintf("%s %s#%d", forgeKind, ev.RepoFullName, ev.Number)
	body := globsComment(ev, ps)
	if body == "" {
		if _, noted := a.prGlobsNoted.Load(key); !noted {
			return
		}
		body = fmt.Sprintf("### trueup: stack globs at `%s`\n\nThe stack globs expand at this head without errors, and it removes no stack.\n", shortSHA(ev.HeadSHA))
	}
	a.prGlobsNoted.Store(key, true)
	if err := f.UpsertComment(ctx, ev.RepoFullName, ev.Number, globsMarker, globsMarker+"\n"+a.redact.text(body)); err != nil {
		log.Warn("could not comment on the stack globs", "error", a.redact.text(err.Error()))
	}
}

// diagLine is a diagnostic on one line: file:line:column, summary.
func diagLine(d *hcl.Diagnostic) string {
	if d.Subject == nil {
		return d.Summary
	}
	return fmt.Sprintf("%s:%d:%d: %s", d.Subject.Filename, d.Subject.Start.Line, d.Subject.Start.Column, d.Summary)
}

// shortDiag is a diagnostic for a commit status (140 characters): the
// file's base name, line, column and summary.
func shortDiag(d *hcl.Diagnostic) string {
	if d.Subject == nil {
		return d.Summary
	}
	r := *d
	sub := *d.Subject
	sub.Filename = filepath.Base(sub.Filename)
	r.Subject = &sub
	return diagLine(&r)
}

// globsComment is the comment about the pull request's stack globs, or ""
// when there is nothing to say.
func globsComment(ev *forge.Event, ps *prStacks) string {
	if len(ps.diags) == 0 && len(ps.removed) == 0 {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "### trueup: stack globs at `%s`\n\n", shortSHA(ev.HeadSHA))
	if ps.diags.HasErrors() {
		b.WriteString("**The stack globs do not expand at this head**, so its new directories are not planned (the stacks of the base branch are):\n\n```text\n")
		for _, d := range ps.diags {
			fmt.Fprintf(&b, "%s\n", diagLine(d))
			if d.Detail != "" {
				fmt.Fprintf(&b, "  %s\n", strings.ReplaceAll(d.Detail, "```", "'''"))
			}
		}
		b.WriteString("```\n")
		return b.String()
	}
	b.WriteString("This pull request removes the directories of these stacks:\n\n")
	for _, s := range ps.removed {
		fmt.Fprintf(&b, "- `%s` (directory `%s` of `stack \"%s\"`)\n", s.Name, s.Path, s.Glob)
	}
	b.WriteString(`
**Once merged, trueup stops managing them: their resources are not destroyed.** ` +
		`They stay in the cloud and in the stacks' state, which trueup keeps, as Terraform leaves them when a ` +
		`configuration's directory is deleted; their run history stays on the dashboard. ` +
		`They are not planned in this pull request.

To destroy the resources first, keep the directories in this pull request (or close it) and, in a pull request ` +
		`of its own, remove the resources from their configuration (keeping the provider and backend blocks): ` +
		`its plan shows the destroys and merging it applies them. Then delete the directories.
`)
	return b.String()
}
