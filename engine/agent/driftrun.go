package agent

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/trueup/trueup/engine/agent/config"
	"github.com/trueup/trueup/engine/agent/store"
	"github.com/trueup/trueup/engine/drift"
	"github.com/trueup/trueup/engine/plans"
	"github.com/trueup/trueup/engine/run"
	"github.com/trueup/trueup/engine/source"
)

// driftRun checks the stack for drift (a refresh-only plan, minus what the
// ignore rules quiet). A drift run reports it; a reconcile run then plans
// and applies the checkout, putting the cloud back as git says.
func (a *Agent) driftRun(ctx context.Context, t *task, co *source.Checkout, rl *runLog) (outcome, error) {
	env, watch := a.runEnv(t)
	req := a.request(t, co, rl)
	req.Mode, req.Operation = plans.RefreshOnlyMode, "drift"
	res := run.Plan(ctx, env, req)
	if err := watch.heldErr(); err != nil && res.Diagnostics.HasErrors() {
		return outcome{}, err
	}
	out := outcome{errs: rl.diagnostics(res.Diagnostics)}
	if len(out.errs) > 0 || res.Plan == nil {
		a.savePlan(t, res.Plan, "", rl)
		out.status, out.detail = store.OutcomeFailed, "drift check failed"
		return out, nil
	}
	rules, _ := driftRules(t.stack) // checked at start
	rep := drift.Report(res.Plan, rules)
	text := a.redact.text(rep.Text())
	out.summary.Drifted = len(rep.Resources)
	now := time.Now().UTC()
	if !rep.Drifted() {
		rl.info("no drift (%d ignored)", rep.Ignored)
		a.savePlan(t, res.Plan, text+"\n", rl)
		a.setDrifted(t.stack, false, "", now)
		out.status, out.detail = store.OutcomeNoChanges, "no drift"
		return out, nil
	}
	rl.warn("%s", text)
	closed := ""
	if t.kind == store.KindReconcile {
		if closed = windowClosed(t.stack); closed != "" {
			rl.warn("not reconciling: %s (deploy_window); the drift is reported instead", closed)
		}
	}
	if t.kind == store.KindDrift || closed != "" {
		a.savePlan(t, res.Plan, text+"\n", rl)
		changed := a.setDrifted(t.stack, true, digest(text), now)
		out.status = store.OutcomeDrifted
		out.detail = fmt.Sprintf("drift: %d object(s) changed outside trueup", len(rep.Resources))
		if closed != "" {
			out.detail += "; not reconciled: outside the deploy windows"
		}
		if changed {
			a.notifyDrift(ctx, t, text, rl)
		} else {
			rl.info("same drift as last reported: no new notification")
		}
		return out, nil
	}
	return a.reconcile(ctx, t, co, rl, text, len(rep.Resources))
}

// reconcile applies the checkout after drift was found.
func (a *Agent) reconcile(ctx context.Context, t *task, co *source.Checkout, rl *runLog, driftText string, drifted int) (outcome, error) {
	rl.info("reconciling: applying %s to put the infrastructure back as git says", shortSHA(co.Commit))
	env, watch := a.runEnv(t)
	req := a.request(t, co, rl)
	req.Mode, req.Operation = plans.NormalMode, "reconcile"
	var pol policyVerdict
	res := run.PlanAndApply(ctx, env, req, a.policyApprover(ctx, t, rl, &pol))
	if err := watch.heldErr(); err != nil && res.Diagnostics.HasErrors() {
		return outcome{}, err
	}
	out := outcome{errs: rl.diagnostics(res.Diagnostics)}
	a.savePlan(t, res.Plan, driftText+"\nReconcile plan:\n\n", rl)
	if policyOutcome(pol.res, pol.err, &out, "; drift not reconciled") {
		out.status = store.OutcomeFailed
		a.setDrifted(t.stack, true, digest(driftText), time.Now().UTC())
		a.notifyReconcile(ctx, t, driftText, out, rl)
		return out, nil
	}
	if res.Plan != nil {
		out.summary = summaryOf(res.Plan.Counts())
	}
	out.summary.Drifted = drifted
	now := time.Now().UTC()
	switch {
	case len(out.errs) > 0:
		out.status, out.detail = store.OutcomeFailed, "reconcile failed: "+firstLine(out.errs[0])
		a.setDrifted(t.stack, true, digest(driftText), now)
	default:
		out.status, out.summary.Applied = store.OutcomeSucceeded, res.Applied
		out.detail = fmt.Sprintf("drift reconciled: %d added, %d changed, %d destroyed", res.Counts.Add, res.Counts.Change, res.Counts.Destroy)
		if res.Applied {
			t.commit = co.Commit
			a.afterApply(t, res)
		}
		a.setDrifted(t.stack, false, "", now)
	}
	a.notifyReconcile(ctx, t, driftText, out, rl)
	return out, nil
}

// setDrifted records a drift check's result; it reports whether the drift
// differs from what was last recorded (and so deserves a notification).
func (a *Agent) setDrifted(s *config.Stack, drifted bool, sum string, at time.Time) bool {
	changed := false
	a.storeStatus(s.Name, func(st *store.StackStatus) {
		changed = drifted && (!st.Drifted || st.DriftDigest != sum)
		st.Drifted, st.DriftDigest, st.DriftChecked = drifted, sum, at
	})
	a.metrics.drifted.WithLabelValues(s.Name).Set(boolFloat(drifted))
	return changed
}

func digest(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:8])
}
