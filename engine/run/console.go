package run

import (
	"context"
	"maps"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/engine/eval"
	"github.com/trueup/trueup/engine/lang"
	"github.com/trueup/trueup/engine/lang/funcs"
	"github.com/trueup/trueup/engine/plan"
	"github.com/trueup/trueup/engine/state"
)

// Console is where `console` evaluates expressions: the root module of a
// stack, as state or a plan leaves it.
type Console struct {
	// scope evaluates in the root module, with every function of the
	// configuration, impure ones (timestamp(), uuid()) answering.
	scope *lang.Scope
	provs *eval.Providers
}

// Eval evaluates expr in the root module. The value may be unknown and
// may be marked sensitive.
func (c *Console) Eval(expr hcl.Expression) (cty.Value, hcl.Diagnostics) {
	return c.scope.EvalExpr(expr, cty.DynamicPseudoType)
}

// Close stops the providers the console started (their functions stay
// callable until then).
func (c *Console) Close() { c.provs.Close() }

// OpenConsole loads req.Dir's configuration and variables (a required
// variable without a value is unknown, as Terraform's console takes it),
// reads the state under the lock and evaluates the configuration against
// it without configuring a provider (plan.Eval); with fromPlan it makes a
// plan and evaluates in its planned values, as `terraform console -plan`
// does. The Console is nil when nothing could be evaluated; otherwise the
// Result's diagnostics say what could not.
func OpenConsole(ctx context.Context, env Env, req Request, fromPlan bool) (*Console, *Result) {
	res := &Result{Files: map[string]*hcl.File{}}
	env, req = withDefaults(env, req)
	req.AllowUnsetVariables = true
	cfg, vals, ok := load(req, res, nil)
	if !ok {
		return nil, res
	}
	provs := eval.NewProviders(env.Providers)
	var ev *eval.Evaluator
	withState(ctx, env, req, cfg.Module, res, func(_ state.Backend, stored *state.State) {
		opts := plan.Options{
			Config: cfg, Vars: vals, State: stored, Providers: provs, Parallelism: req.Parallelism,
			Hook: req.Hook, Log: env.Log, Workspace: req.Workspace,
		}
		var diags hcl.Diagnostics
		if fromPlan {
			opts.Evaluated = func(e *eval.Evaluator) { ev = e }
			res.Plan, diags = plan.Plan(ctx, opts)
		} else {
			ev, diags = plan.Eval(ctx, opts)
		}
		res.Diagnostics = append(res.Diagnostics, diags...)
	})
	if ev == nil {
		provs.Close()
		return nil, res
	}
	root := ev.Scope(addrs.RootModuleInstance)
	table := maps.Clone(root.Functions())
	maps.Copy(table, funcs.Table(root.BaseDir, false))
	return &Console{scope: &lang.Scope{Data: root.Data, BaseDir: root.BaseDir, FunctionTable: table}, provs: provs}, res
}
