package eval

import (
	"fmt"
	"maps"
	"slices"

	"github.com/agext/levenshtein"
	"github.com/hashicorp/hcl/v2"
	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/engine/config"
	"github.com/trueup/trueup/engine/lang"
	"github.com/trueup/trueup/engine/vars"
	"github.com/zclconf/go-cty/cty"
)

// ModuleInstances returns the instances of the module at path p known so
// far: the root module's one instance, and for a child module one per key
// of its call's expansion in each instance of its parent. A module whose
// call has not been expanded yet has none.
func (e *Evaluator) ModuleInstances(p addrs.Module) []addrs.ModuleInstance {
	if p.IsRoot() {
		return []addrs.ModuleInstance{addrs.RootModuleInstance}
	}
	parent, name := p.Parent()
	var out []addrs.ModuleInstance
	for _, pi := range e.ModuleInstances(parent) {
		e.mu.RLock()
		exp, ok := e.calls[callKey{pi, name}]
		e.mu.RUnlock()
		if !ok || !exp.Known {
			continue
		}
		for _, k := range exp.Keys {
			out = append(out, pi.Child(name, k))
		}
	}
	return out
}

// ExpandModuleCall evaluates the count or for_each of module call c in
// parent instance pi and records its instances.
func (e *Evaluator) ExpandModuleCall(pi addrs.ModuleInstance, c *config.ModuleCall) (Expansion, hcl.Diagnostics) {
	exp, diags := e.expand(pi, c.Count, c.ForEach)
	if !diags.HasErrors() {
		e.mu.Lock()
		e.calls[callKey{pi, c.Name}] = exp
		e.mu.Unlock()
	}
	return exp, diags
}

// callExpansion returns the recorded expansion of a module call.
func (e *Evaluator) callExpansion(pi addrs.ModuleInstance, name string) (Expansion, bool) {
	e.mu.RLock()
	defer e.mu.RUnlock()
	exp, ok := e.calls[callKey{pi, name}]
	return exp, ok
}

// moduleCallValue builds what module.NAME refers to in parent instance
// pi: the outputs of each instance of child, as an object; a tuple of them
// for count, an object of them for for_each. Outputs not evaluated yet are
// unknown.
func (e *Evaluator) moduleCallValue(pi addrs.ModuleInstance, child *config.Config) cty.Value {
	name := child.Call.Name
	exp, ok := e.callExpansion(pi, name)
	if !ok && child.Call.Count == nil && child.Call.ForEach == nil {
		// Not expanded (validation): a single instance whose outputs are
		// unknown, so that references to undeclared outputs are caught.
		exp, ok = Expansion{Known: true, Keys: []addrs.InstanceKey{addrs.NoKey}}, true
	}
	if !ok || !exp.Known {
		return cty.DynamicVal
	}
	one := func(k addrs.InstanceKey) cty.Value {
		mi := pi.Child(name, k)
		attrs := make(map[string]cty.Value, len(child.Module.Outputs))
		for oname := range child.Module.Outputs {
			v, ok := e.Output(mi, oname)
			if !ok {
				v = cty.DynamicVal
			}
			attrs[oname] = v
		}
		return cty.ObjectVal(attrs)
	}
	switch exp.Each {
	case CountEach:
		vals := make([]cty.Value, len(exp.Keys))
		for i, k := range exp.Keys {
			vals[i] = one(k)
		}
		return cty.TupleVal(vals)
	case ForEachEach:
		vals := make(map[string]cty.Value, len(exp.Keys))
		for _, k := range exp.Keys {
			vals[string(k.(addrs.StringKey))] = one(k)
		}
		return cty.ObjectVal(vals)
	}
	return one(addrs.NoKey)
}

// ModuleCallArgs returns the arguments of a module call by variable name.
// Arguments naming no variable of the child module are errors.
func ModuleCallArgs(child *config.Config) (map[string]*hcl.Attribute, hcl.Diagnostics) {
	attrs, diags := child.Call.Config.JustAttributes()
	for name, a := range attrs {
		if _, ok := child.Module.Variables[name]; ok {
			continue
		}
		detail := fmt.Sprintf("An argument named %q is not expected here: %s declares no variable of that name.", name, child.Path)
		if s := closest(name, slices.Sorted(maps.Keys(child.Module.Variables))); s != "" {
			detail += fmt.Sprintf(" Did you mean %q?", s)
		}
		diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Unsupported argument", Detail: detail, Subject: a.NameRange.Ptr()})
	}
	return attrs, diags
}

// EvalModuleVariable evaluates the input variable name of child module
// instance mi from its call's argument in the parent instance, converts
// and validates it as declared, and records it.
func (e *Evaluator) EvalModuleVariable(mi addrs.ModuleInstance, child *config.Config, name string) hcl.Diagnostics {
	decl := child.Module.Variables[name]
	attrs, _ := child.Call.Config.JustAttributes()
	pi, step := mi.Parent()
	given := cty.NilVal
	rng := child.Call.DeclRange
	var diags hcl.Diagnostics
	if a, ok := attrs[name]; ok {
		exp, _ := e.callExpansion(pi, child.Call.Name)
		scope := e.InstanceScope(pi, step.Key, exp.EachValues[step.Key])
		given, diags = scope.EvalExpr(a.Expr, cty.DynamicPseudoType)
		rng = a.Expr.Range()
		if !diags.HasErrors() && !decl.Ephemeral && lang.MarkedWith(given, lang.Ephemeral) {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Ephemeral value not allowed",
				Detail:  "This input variable is not declared as accepting a ephemeral values, so it cannot be set to a result derived from an ephemeral value.",
				Subject: rng.Ptr()})
		}
		if diags.HasErrors() {
			e.SetVariable(mi, name, cty.UnknownVal(decl.Type))
			return diags
		}
	}
	v, ds := vars.ModuleInput(decl, mi.String()+".var."+name, given, child.Call.DeclRange, rng, e.otherVariables(mi, child, name), e.funcs)
	diags = append(diags, ds...)
	if decl.Sensitive {
		v = v.Mark(lang.Sensitive)
	}
	if decl.Ephemeral {
		v = v.Mark(lang.Ephemeral)
	}
	e.SetVariable(mi, name, v)
	return diags
}

// otherVariables returns the values of the variables of module instance
// mi other than name, for validation rules that refer to them; those not
// evaluated yet are unknown, which defers the rule.
func (e *Evaluator) otherVariables(mi addrs.ModuleInstance, c *config.Config, name string) map[string]cty.Value {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := make(map[string]cty.Value, len(c.Module.Variables))
	for n, decl := range c.Module.Variables {
		if n == name {
			continue
		}
		v, ok := e.values(mi).vars[n]
		if !ok {
			v = cty.UnknownVal(decl.Type)
		}
		out[n] = v
	}
	return out
}

// closest returns the name among names nearest to given, or "".
func closest(given string, names []string) string {
	best, bestDist := "", 4
	for _, n := range names {
		if d := levenshtein.Distance(given, n, nil); d < bestDist {
			best, bestDist = n, d
		}
	}
	return best
}
