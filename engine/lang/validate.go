package lang

import (
	"sort"

	"github.com/hashicorp/hcl/v2"

	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/engine/config"
)

// refContext says what an expression may refer to besides declared
// objects: count.index inside a counted resource, each.* inside one with
// for_each.
type refContext struct {
	counted, forEach bool
}

// ValidateReferences checks that every reference in every expression of
// mod names a declared variable, local value, resource or data source,
// that count.index and each.* appear only where count and for_each are
// set, that their attributes and those of path and terraform exist, and
// that validation rules refer only to their own variable, and that every
// function called exists (provider::NAME::FUNC aside). Cycles are not
// checked here: the planner's graph reports them. mod is the root module;
// ValidateReferencesIn checks a child module.
func ValidateReferences(mod *config.Module) hcl.Diagnostics {
	return ValidateReferencesIn(mod, addrs.RootModule)
}

// ValidateReferencesIn is ValidateReferences for the module at path,
// which its errors name as Terraform's do: "the root module", "module.net".
func ValidateReferencesIn(mod *config.Module, path addrs.Module) hcl.Diagnostics {
	where := "the root module"
	if !path.IsRoot() {
		where = path.String()
	}
	v := &validator{mod: mod, where: where}
	for _, r := range sortedResources(mod) {
		v.resource(r)
	}
	for _, name := range sortedKeys(mod.Locals) {
		v.expr(mod.Locals[name].Expr, refContext{})
	}
	for _, name := range sortedKeys(mod.Outputs) {
		o := mod.Outputs[name]
		v.expr(o.Expr, refContext{})
		v.traversals(o.DependsOn)
	}
	for _, name := range sortedKeys(mod.ModuleCalls) {
		c := mod.ModuleCalls[name]
		v.expr(c.Count, refContext{})
		v.expr(c.ForEach, refContext{})
		v.body(c.Config, refContext{counted: c.Count != nil, forEach: c.ForEach != nil})
		v.traversals(c.DependsOn)
	}
	for _, name := range sortedKeys(mod.ProviderConfigs) {
		v.body(mod.ProviderConfigs[name].Config, refContext{})
	}
	for _, name := range sortedKeys(mod.Variables) {
		for _, rule := range mod.Variables[name].Validations {
			v.expr(rule.Condition, refContext{})
			v.expr(rule.ErrorMessage, refContext{})
		}
	}
	v.checkBlocks()
	sortDiags(v.diags)
	return v.diags
}

type validator struct {
	mod *config.Module
	// where names mod in errors: "the root module", "module.net".
	where string
	diags hcl.Diagnostics
}

func (v *validator) resource(r *config.Resource) {
	v.expr(r.Count, refContext{})
	v.expr(r.ForEach, refContext{})
	ctx := refContext{counted: r.Count != nil, forEach: r.ForEach != nil}
	v.body(r.Config, ctx)
	v.traversals(r.DependsOn)
	v.conditions(r)
	if r.Managed == nil {
		return
	}
	if r.Managed.Connection != nil {
		v.selfBody(r.Managed.Connection.Config, ctx)
	}
	for _, p := range r.Managed.Provisioners {
		v.selfBody(p.Config, ctx)
		if p.Connection != nil {
			v.selfBody(p.Connection.Config, ctx)
		}
	}
}

// selfBody checks a provisioner or connection body, where self may be
// used.
func (v *validator) selfBody(body hcl.Body, ctx refContext) {
	refs, diags := ReferencesInSelfBlock(body, nil)
	v.diags = append(v.diags, diags...)
	v.diags = append(v.diags, bodyFunctionCalls(body)...)
	v.refs(refs, ctx)
}

func (v *validator) expr(expr hcl.Expression, ctx refContext) {
	refs, diags := ReferencesInExpr(expr)
	v.diags = append(v.diags, diags...)
	v.diags = append(v.diags, exprFunctionCalls(expr)...)
	v.refs(refs, ctx)
}

func (v *validator) body(body hcl.Body, ctx refContext) {
	refs, diags := ReferencesInBlock(body, nil)
	v.diags = append(v.diags, diags...)
	v.diags = append(v.diags, bodyFunctionCalls(body)...)
	v.refs(refs, ctx)
}

func (v *validator) traversals(ts []hcl.Traversal) {
	refs, diags := referencesFromTraversals(ts)
	v.diags = append(v.diags, diags...)
	v.refs(refs, refContext{})
}

func (v *validator) refs(refs []*addrs.Reference, ctx refContext) {
	for _, ref := range refs {
		if d := v.check(ref, ctx); d != nil {
			v.diags = append(v.diags, d)
		}
	}
}

// check returns the problem with one reference, or nil.
func (v *validator) check(ref *addrs.Reference, ctx refContext) *hcl.Diagnostic {
	switch s := ref.Subject.(type) {
	case addrs.InputVariable:
		return v.checkVariable(ref, s)
	case addrs.LocalValue:
		return v.checkLocal(ref, s)
	case addrs.Resource:
		return v.checkResource(ref, s)
	case addrs.ResourceInstance:
		return v.checkResource(ref, s.Resource)
	case addrs.ModuleCall:
		return v.checkModuleCall(ref, s)
	case addrs.CountAttr:
		return checkCount(ref, s, ctx)
	case addrs.ForEachAttr:
		return checkEach(ref, s, ctx)
	case addrs.PathAttr:
		return checkAttrName(ref, "path", s.Name, "module", "root", "cwd")
	case addrs.TerraformAttr:
		return checkAttrName(ref, "terraform", s.Name, "workspace", "applying")
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func sortedResources(mod *config.Module) []*config.Resource {
	var out []*config.Resource
	for _, table := range mod.ResourceTables() {
		for _, k := range sortedKeys(table) {
			out = append(out, table[k])
		}
	}
	return out
}

// sortDiags orders diagnostics by file and position, for stable output.
func sortDiags(diags hcl.Diagnostics) {
	sort.SliceStable(diags, func(i, j int) bool {
		a, b := diags[i].Subject, diags[j].Subject
		if a == nil || b == nil {
			return a != nil
		}
		if a.Filename != b.Filename {
			return a.Filename < b.Filename
		}
		return a.Start.Byte < b.Start.Byte
	})
}
