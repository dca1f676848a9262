package agent

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"github.com/trueup/trueup/engine/agent/store"
	"github.com/trueup/trueup/engine/plans"
	"github.com/trueup/trueup/engine/render"
	"github.com/trueup/trueup/engine/run"
	"github.com/trueup/trueup/engine/source"
)

// planRun plans (kind plan and pr-plan) or plans and applies (kind
// apply) the checkout. A pull request's plan never takes the state lock
// and never writes state: run.Plan only reads it.
func (a *Agent) planRun(ctx context.Context, t *task, co *source.Checkout, rl *runLog) (outcome, error) {
	env, watch := a.runEnv(t)
	req := a.request(t, co, rl)
	req.Mode = plans.NormalMode
	// The plans of pushes and pull requests read only what their change
	// touches; a manual run and the drift check read everything.
	req.RefreshChanged = !t.stack.RefreshAll && t.trigger != store.TriggerManual
	var res *run.Result
	var pol policyVerdict
	switch t.kind {
	case store.KindApply:
		res = run.PlanAndApply(ctx, env, req, a.staleStateApprover(t, rl, &pol, a.reviewedPlanApprover(t, rl, &pol, a.policyApprover(ctx, t, rl, &pol))))
	case store.KindPRPlan:
		req.NoLock = true
		res = run.Plan(ctx, env, req)
		if !res.Diagnostics.HasErrors() {
			pol.res, pol.err = a.policyCheck(ctx, t, res.Plan, rl)
		}
	default:
		res = run.Plan(ctx, env, req)
	}
	if err := watch.heldErr(); err != nil && res.Diagnostics.HasErrors() {
		return outcome{}, err
	}
	if req.RefreshChanged && res.Plan != nil {
		rl.info("read %d of the %d objects in state: the ones this change touches and what depends on them (refresh = \"changed\")", res.Plan.Refreshed, res.Plan.Stored)
	}
	out := outcome{errs: rl.diagnostics(res.Diagnostics)}
	a.savePlan(t, res.Plan, "", rl)
	if res.Plan != nil {
		out.summary = summaryOf(res.Plan.Counts())
		out.summary.Drifted = len(res.Plan.Drift)
	}
	switch {
	case len(out.errs) > 0:
		out.status = store.OutcomeFailed
		out.detail = "failed: " + firstLine(out.errs[0])
		if res.Applied {
			a.afterApply(t, res)
		}
	case res.Plan == nil || !res.Plan.HasChanges():
		out.status, out.detail = store.OutcomeNoChanges, "no changes"
		if t.kind == store.KindApply {
			a.storeStatus(t.stack.Name, func(st *store.StackStatus) { st.LastAppliedCommit = co.Commit })
		}
	case res.Applied:
		out.status = store.OutcomeSucceeded
		out.summary.Applied = true
		out.detail = fmt.Sprintf("applied: %d added, %d changed, %d destroyed", res.Counts.Add, res.Counts.Change, res.Counts.Destroy)
		a.afterApply(t, res)
	default:
		out.status = store.OutcomeSucceeded
		c := res.Plan.Counts()
		out.detail = fmt.Sprintf("plan: %d to add, %d to change, %d to destroy", c.Add, c.Change, c.Destroy)
	}
	blocked := ""
	if t.kind == store.KindApply {
		blocked = "; nothing applied"
	}
	if t.policyOverride != "" && pol.err == nil && pol.res != nil && pol.res.Failed() {
		out.detail += fmt.Sprintf(" (%d policy %s overridden by %s)", len(pol.res.Failures), pluralize(len(pol.res.Failures), "failure"), t.policyOverride)
	} else if policyOutcome(pol.res, pol.err, &out, blocked) {
		out.status = store.OutcomeFailed
	}
	if t.kind == store.KindPRPlan {
		a.commentPlan(ctx, t, co, res.Plan, out.errs, pol.res, rl)
	}
	if t.kind == store.KindApply && t.pr != 0 {
		a.commentApplied(ctx, t, out, rl)
	}
	return out, nil
}

// afterApply records a successful apply in the stack's status and metrics.
func (a *Agent) afterApply(t *task, res *run.Result) {
	now := time.Now().UTC()
	a.storeStatus(t.stack.Name, func(st *store.StackStatus) {
		st.LastAppliedCommit, st.LastApplied = t.commit, now
		st.Drifted = false
	})
	a.metrics.lastApplied.WithLabelValues(t.stack.Name).Set(float64(now.Unix()))
	a.metrics.drifted.WithLabelValues(t.stack.Name).Set(0)
}

// savePlan stores the plan as text (prefixed by head, when given) and JSON.
// The renderers redact sensitive values.
func (a *Agent) savePlan(t *task, p *plans.Plan, head string, rl *runLog) {
	if p == nil && head == "" {
		return
	}
	var text bytes.Buffer
	var js []byte
	text.WriteString(head)
	if p != nil {
		schemas, done := a.schemas(t)
		defer done()
		render.Plan(&text, p, render.NoColor, schemas)
		var err error
		if js, err = t.planJSON.of(p); err != nil {
			rl.warn("could not render the plan as JSON: %v", err)
		}
	}
	rec := store.Plan{Text: a.redact.text(text.String()), JSON: []byte(a.redact.text(string(js)))}
	if p != nil && p.PriorState != nil {
		rec.StateLineage, rec.StateSerial = p.PriorState.Lineage, p.PriorState.Serial
	}
	if p != nil {
		rec.Graph = p.ResourceGraph
		var err error
		if rec.ChangesDigest, err = plans.Digest(p); err != nil {
			rl.warn("could not digest the plan's changes: %v", err)
		}
	}
	if err := a.store.SetPlan(t.id, rec); err != nil {
		a.log.Error("could not record a plan", "run", t.id, "error", err)
	}
}

// schemas looks up the schema blocks of the task's resource types, so
// that plan texts render nested blocks as blocks; done ends the provider
// processes it started.
func (a *Agent) schemas(t *task) (schemas render.Schemas, done func()) {
	env, _ := a.runEnv(t)
	return run.Schemas(context.Background(), env.Providers)
}

func summaryOf(c plans.Counts) store.Summary {
	return store.Summary{Add: c.Add, Change: c.Change, Destroy: c.Destroy}
}
