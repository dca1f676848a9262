package agent

import (
	"bytes"
	"context"
	"errors"
	"fmt"

	"github.com/trueup/trueup/engine/agent/config"
	"github.com/trueup/trueup/engine/plans"
	"github.com/trueup/trueup/engine/policy"
	"github.com/trueup/trueup/engine/render"
	"github.com/trueup/trueup/engine/run"
	"github.com/trueup/trueup/engine/version"
)

// checkPolicies loads every stack's policies once at start, so that a
// policy that does not compile stops the agent with its location instead
// of failing each run.
func checkPolicies(cfg *config.Config) error {
	for _, s := range cfg.Stacks {
		if len(s.Policies) == 0 {
			continue
		}
		if _, err := policy.Load(s.Policies...); err != nil {
			return fmt.Errorf("stack %q: policies: %w", s.Name, err)
		}
	}
	return nil
}

// policyCheck checks a plan against the stack's policies, read afresh so
// that edited policies apply without a restart. It returns nil when the
// stack has none or there is no plan. The findings go to the run log;
// an error (a policy that no longer compiles, an evaluation error) is
// returned as a failed check, so that nothing is applied unchecked.
func (a *Agent) policyCheck(ctx context.Context, t *task, p *plans.Plan, rl *runLog) (*policy.Result, error) {
	if len(t.stack.Policies) == 0 || p == nil {
		return nil, nil
	}
	set, err := policy.Load(t.stack.Policies...)
	if err != nil {
		rl.error("policies do not load: %v", err)
		return nil, fmt.Errorf("policies do not load: %w", err)
	}
	doc, err := t.planJSON.of(p)
	if err != nil {
		return nil, err
	}
	res, err := set.CheckJSON(ctx, doc)
	if err != nil {
		rl.error("policy check: %v", err)
		return nil, err
	}
	for _, f := range res.Failures {
		rl.error("policy %s.%s: %s", f.Namespace, f.Rule, f.Message)
	}
	for _, f := range res.Warnings {
		rl.warn("policy %s.%s: %s", f.Namespace, f.Rule, f.Message)
	}
	if res.Failed() {
		rl.error("policy check failed: %d %s", len(res.Failures), pluralize(len(res.Failures), "failure"))
	} else {
		rl.info("policy check passed (%d rules, %d %s)", res.Tests(), len(res.Warnings), pluralize(len(res.Warnings), "warning"))
	}
	return res, nil
}

// policyVerdict is what a run's policy check found.
type policyVerdict struct {
	res *policy.Result
	err error
}

// errStalePlan refuses an apply from a pull request whose plan is no
// longer the one its reviewers saw.
var errStalePlan = errors.New("the plan changed since it was commented on the pull request; nothing was applied: comment `trueup plan` to see the new one")

// errStaleState refuses an apply from a pull request of a stack requiring
// not_stale whose state moved since the reviewed plan.
var errStaleState = errors.New("the stack's state moved since the plan was made; nothing was applied: comment `trueup plan` to plan against it")

// policyApprover approves an apply only when the plan passes the stack's
// policies; the verdict is kept in v for the run's outcome.
func (a *Agent) policyApprover(ctx context.Context, t *task, rl *runLog, v *policyVerdict) run.Approver {
	return func(p *plans.Plan) (bool, error) {
		v.res, v.err = a.policyCheck(ctx, t, p, rl)
		if v.err == nil && v.res != nil && v.res.Failed() && t.policyOverride != "" {
			rl.warn("the failing policies were overridden by %s (policy owner): applying", t.policyOverride)
			return true, nil
		}
		return v.err == nil && (v.res == nil || !v.res.Failed()), nil
	}
}

// reviewedPlanApprover approves, for an apply from a pull request, only a
// plan that makes the changes of the one commented on it (the same
// plans.Digest: actions and values, however rendered or redacted), then
// asks next. Other runs go straight to next.
func (a *Agent) reviewedPlanApprover(t *task, rl *runLog, v *policyVerdict, next run.Approver) run.Approver {
	if t.reviewedState == nil {
		return next
	}
	want := t.reviewedState.ChangesDigest
	return func(p *plans.Plan) (bool, error) {
		got, err := plans.Digest(p)
		switch {
		case err != nil:
			v.err = fmt.Errorf("%w (its changes could not be compared: %v)", errStalePlan, err)
		case want == "":
			v.err = fmt.Errorf("%w (the reviewed plan was recorded by an older agent, without the digest of its changes)", errStalePlan)
		case got != want:
			v.err = errStalePlan
		}
		if v.err != nil {
			rl.error("%v", v.err)
			return false, nil
		}
		rl.info("the plan makes the changes reviewed on pull request %d", t.pr)
		return next(p)
	}
}

// policyOutcome turns a failed or errored check into the run's outcome.
func policyOutcome(res *policy.Result, err error, out *outcome, blocked string) bool {
	switch {
	case errors.Is(err, errStalePlan), errors.Is(err, errStaleState):
		out.errs = append(out.errs, err.Error())
		out.detail = "stale plan: nothing applied"
	case err != nil:
		out.errs = append(out.errs, "policy check: "+err.Error())
		out.detail = policyFailedPrefix + firstLine(err.Error())
	case res != nil && res.Failed():
		out.detail = fmt.Sprintf(policyFailedPrefix+"%d %s%s", len(res.Failures), pluralize(len(res.Failures), "failure"), blocked)
	default:
		return false
	}
	return true
}

func pluralize(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}

// planDocument renders a plan as JSON (Terraform's show -json format) once
// for the plan it was last asked about, since the policy check and the
// recorded plan both need it.
type planDocument struct {
	plan *plans.Plan
	doc  []byte
	err  error
}

// of returns the JSON document of p, rendering it unless it is the one
// rendered last.
func (d *planDocument) of(p *plans.Plan) ([]byte, error) {
	if d.plan != p || d.plan == nil {
		var buf bytes.Buffer
		d.plan, d.err = p, render.PlanJSON(&buf, p, version.Version)
		d.doc = buf.Bytes()
	}
	return d.doc, d.err
}
