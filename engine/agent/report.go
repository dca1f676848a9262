package agent

import (
	"context"
	"fmt"
	"strings"

	"github.com/trueup/trueup/engine/agent/store"
	"github.com/trueup/trueup/engine/forge"
	"github.com/trueup/trueup/engine/plans"
	"github.com/trueup/trueup/engine/policy"
	"github.com/trueup/trueup/engine/render"
	"github.com/trueup/trueup/engine/source"
)

// Marker is the hidden text that identifies a stack's pull-request
// comment, so that later plans edit it in place.
func Marker(stack string) string { return "<!-- trueup:stack=" + stack + " -->" }

// StatusContext names a stack's commit status.
func StatusContext(stack string) string { return "trueup/" + stack }

// report sends a finished run's statuses and notifications.
func (a *Agent) report(ctx context.Context, t *task, rl *runLog, res outcome) {
	switch t.kind {
	case store.KindPlan, store.KindApply, store.KindPRPlan:
		state := forge.StateSuccess
		if res.status == store.OutcomeFailed {
			state = forge.StateFailure
		} else if res.status == store.OutcomeInterrupted {
			state = forge.StateError
		}
		a.setStatus(ctx, t, state, res.detail, rl)
	}
	if t.kind == store.KindApply && res.status == store.OutcomeFailed {
		a.notify(ctx, t, fmt.Sprintf("trueup: apply of stack %s failed", t.stack.Name), res.detail, rl)
	}
	if (t.kind == store.KindDrift || t.kind == store.KindReconcile) && res.status == store.OutcomeFailed && len(res.errs) > 0 && res.summary.Drifted == 0 {
		a.notify(ctx, t, fmt.Sprintf("trueup: drift check of stack %s failed", t.stack.Name), res.errs[0], rl)
	}
}

// setStatus sets the commit status of the run's commit, when the stack
// reports to a forge. Failures are logged: a status is never worth failing
// a run.
func (a *Agent) setStatus(ctx context.Context, t *task, state, desc string, rl *runLog) {
	switch t.kind {
	case store.KindPlan, store.KindApply, store.KindPRPlan:
	default:
		return
	}
	f := a.forges[t.forge]
	if f == nil || t.repo == "" || t.commit == "" {
		return
	}
	st := forge.Status{State: state, Context: StatusContext(t.stack.Name), Description: desc, TargetURL: a.runURL(t.id)}
	if err := f.SetStatus(ctx, t.repo, t.commit, st); err != nil {
		rl.warn("could not set the commit status: %v", err)
	}
}

// commentPlan posts or edits the stack's comment on the pull request.
func (a *Agent) commentPlan(ctx context.Context, t *task, co *source.Checkout, p *plans.Plan, errs []string, pol *policy.Result, rl *runLog) {
	f := a.forges[t.forge]
	if f == nil || t.repo == "" || t.pr == 0 {
		rl.warn("no forge to comment on: the plan is only on the dashboard")
		return
	}
	marker := Marker(t.stack.Name)
	src := ""
	if co != nil {
		src = co.Source
	}
	schemas, done := a.schemas(t)
	defer done()
	body := render.PRComment(render.CommentInput{
		Stack: t.stack.Name, Commit: t.commit, Source: src, Plan: p, Errors: errs, Schemas: schemas,
		RunURL: a.runURL(t.id), Limit: render.DefaultCommentLimit - len(marker) - 1, Policy: pol,
	})
	if err := f.UpsertComment(ctx, t.repo, t.pr, marker, marker+"\n"+a.redact.text(body)); err != nil {
		rl.warn("could not comment on pull request %d: %v", t.pr, err)
		return
	}
	rl.info("plan commented on pull request %d", t.pr)
}

// notifyDrift tells the notification targets, and opens an issue on the
// stack's forge, that drift was found.
func (a *Agent) notifyDrift(ctx context.Context, t *task, report string, rl *runLog) {
	title := fmt.Sprintf("trueup: drift detected in stack %s", t.stack.Name)
	a.notify(ctx, t, title, report, rl)
	f := a.forges[t.forge]
	if f == nil || t.repo == "" {
		return
	}
	body := fmt.Sprintf("%s\n\n```\n%s\n```\n\nChecked at commit `%s`. Run: %s\n\nTo put the infrastructure back as git says, set `on_drift = \"reconcile\"` or push to %s; to accept the change, update the configuration.",
		title, strings.TrimSpace(report), shortSHA(t.commit), a.runURL(t.id), t.stack.Branch)
	if err := f.CreateIssue(ctx, t.repo, title, body); err != nil {
		rl.warn("could not open an issue: %v", err)
		return
	}
	rl.info("opened an issue on %s", t.repo)
}

// notifyReconcile tells the notification targets what a reconcile did.
func (a *Agent) notifyReconcile(ctx context.Context, t *task, report string, res outcome, rl *runLog) {
	title := fmt.Sprintf("trueup: drift in stack %s reconciled", t.stack.Name)
	if res.status == store.OutcomeFailed {
		title = fmt.Sprintf("trueup: drift in stack %s could not be reconciled", t.stack.Name)
	}
	a.notify(ctx, t, title, report+"\n"+res.detail, rl)
}

// notify posts a message to every notification target.
func (a *Agent) notify(ctx context.Context, t *task, title, text string, rl *runLog) {
	if len(a.conf().Notify) == 0 {
		return
	}
	msg := forge.Message{Text: a.redact.text(title + "\n" + text), Fields: map[string]string{
		"stack": t.stack.Name, "kind": t.kind, "commit": shortSHA(t.commit), "run": a.runURL(t.id),
	}}
	for _, n := range a.conf().Notify {
		if err := forge.NotifyWebhook(ctx, n.URL.Reveal(), msg); err != nil {
			rl.warn("notification failed: %v", a.redact.text(err.Error()))
			continue
		}
		rl.info("notification sent")
	}
}
