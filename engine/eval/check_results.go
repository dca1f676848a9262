package eval

import (
	"maps"
	"slices"

	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/engine/config"
	"github.com/trueup/trueup/engine/state"
	"github.com/zclconf/go-cty/cty"
)

// CheckResults evaluates every custom condition of the configuration tree
// with the values recorded now, and returns them as state's
// check_results: one entry per resource with conditions, output with
// preconditions and check block, with the status of each instance.
// Diagnostics are not repeated here; the walk reported them.
func (e *Evaluator) CheckResults() []state.CheckResult {
	var out []state.CheckResult
	for _, c := range e.Config.All() {
		prefix := c.Path.Prefix()
		for _, res := range AllResources(c.Module) {
			if len(res.Preconditions)+len(res.Postconditions) == 0 || res.Mode == addrs.EphemeralResourceMode {
				continue
			}
			out = append(out, e.resourceCheckResult(c, res))
		}
		for _, name := range slices.Sorted(maps.Keys(c.Module.Outputs)) {
			o := c.Module.Outputs[name]
			if len(o.Preconditions) == 0 {
				continue
			}
			r := newResult("output", prefix+OutputKey(name))
			for _, mi := range e.ModuleInstances(c.Path) {
				cr, _ := EvalConditions(OutputPrecondition, o.Preconditions, e.Scope(mi), cty.NilVal)
				r.add(instancePrefix(mi)+OutputKey(name), cr)
			}
			out = append(out, r.done())
		}
		for _, name := range slices.Sorted(maps.Keys(c.Module.Variables)) {
			if v := c.Module.Variables[name]; len(v.Validations) > 0 {
				out = append(out, e.variableCheckResult(c, name))
			}
		}
		for _, name := range slices.Sorted(maps.Keys(c.Module.Checks)) {
			chk := c.Module.Checks[name]
			r := newResult("check", prefix+chk.Addr())
			for _, mi := range e.ModuleInstances(c.Path) {
				cr, _ := e.EvalCheck(mi, chk)
				r.add(instancePrefix(mi)+chk.Addr(), cr)
			}
			out = append(out, r.done())
		}
	}
	return out
}

// resourceCheckResult evaluates the conditions of every instance of res
// recorded now.
func (e *Evaluator) resourceCheckResult(c *config.Config, res *config.Resource) state.CheckResult {
	r := newResult("resource", c.Path.Prefix()+res.Addr().String())
	for _, mi := range e.ModuleInstances(c.Path) {
		exp, diags := e.Expand(mi, res)
		if diags.HasErrors() || !exp.Known {
			continue
		}
		for _, key := range exp.Keys {
			ri := res.Addr().InModule(mi).Instance(key)
			self, ok := e.Instance(ri)
			if !ok {
				continue
			}
			scope := e.InstanceScope(mi, key, exp.EachValues[key])
			pre, _ := EvalConditions(ResourcePrecondition, res.Preconditions, scope, cty.NilVal)
			post, _ := EvalConditions(ResourcePostcondition, res.Postconditions, scope, self)
			cr := ConditionResult{
				Status:          pre.Status.combine(post.Status),
				FailureMessages: append(pre.FailureMessages, post.FailureMessages...),
			}
			r.add(ri.String(), cr)
		}
	}
	return r.done()
}

// variableCheckResult records the validation of variable name in every
// instance of module c: the rules naming only variables were checked when
// the value was set (a failure stops the run), so a known value passed
// them; those naming other objects are evaluated again now.
func (e *Evaluator) variableCheckResult(c *config.Config, name string) state.CheckResult {
	r := newResult("var", c.Path.Prefix()+"var."+name)
	for _, mi := range e.ModuleInstances(c.Path) {
		cr := ConditionResult{Status: CheckPass}
		if v, ok := e.variable(mi, name); !ok || !v.IsWhollyKnown() {
			cr.Status = CheckUnknown
		} else {
			cr, _ = e.EvalObjectValidations(mi, c.Module.Variables[name])
		}
		r.add(instancePrefix(mi)+"var."+name, cr)
	}
	return r.done()
}

// resultBuilder gathers the objects of one check_results entry.
type resultBuilder struct {
	r      state.CheckResult
	status CheckStatus
}

func newResult(kind, configAddr string) *resultBuilder {
	return &resultBuilder{r: state.CheckResult{ObjectKind: kind, ConfigAddr: configAddr}, status: CheckPass}
}

// add records one object's outcome.
func (b *resultBuilder) add(addr string, cr ConditionResult) {
	b.r.Objects = append(b.r.Objects, state.CheckObject{ObjectAddr: addr, Status: string(cr.Status), FailureMessages: cr.FailureMessages})
	b.status = b.status.combine(cr.Status)
}

// done returns the entry with the combined status of its objects.
func (b *resultBuilder) done() state.CheckResult {
	b.r.Status = string(b.status)
	return b.r
}

// instancePrefix returns "" for the root module instance and
// "module.a[0]." for others: the prefix of addresses in it.
func instancePrefix(mi addrs.ModuleInstance) string {
	if mi.IsRoot() {
		return ""
	}
	return mi.String() + "."
}

// variable returns the value of input variable name in module instance mi.
func (e *Evaluator) variable(mi addrs.ModuleInstance, name string) (cty.Value, bool) {
	if mi.IsRoot() {
		v, ok := e.Vars[name]
		return v, ok
	}
	return e.named(mi, func(mv *moduleValues) map[string]cty.Value { return mv.vars }, name)
}
