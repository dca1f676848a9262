package eval

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/engine/config"
	"github.com/trueup/trueup/engine/lang"
	"github.com/zclconf/go-cty/cty"
)

// ConfigureProviders evaluates the provider blocks for keys (provider
// configuration keys such as "aws", "aws.west" or "module.net.aws") and
// configures an instance of each. A provider block may refer to
// variables and to locals that depend only on variables: providers are
// configured before any resource is read, so that refresh can run fully
// in parallel.
func ConfigureProviders(ctx context.Context, ev *Evaluator, provs *Providers, keys []string) hcl.Diagnostics {
	var diags hcl.Diagnostics
	sort.Strings(keys)
	provs.SetConfig(ev.Config)
	for _, key := range keys {
		ps, err := provs.KeySchema(ctx, key)
		if err != nil {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Unknown provider", Detail: err.Error()})
			continue
		}
		path, local := SplitProviderKey(key)
		cfg := ev.Config.Descendant(path)
		var pc *config.Provider
		if cfg != nil {
			pc = cfg.Module.ProviderConfigs[local]
		}
		body := hcl.EmptyBody()
		var rng *hcl.Range
		if pc != nil {
			body, rng = pc.Config, pc.DeclRange.Ptr()
		} else if strings.Contains(local, ".") {
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagError, Summary: "Provider configuration not present",
				Detail: fmt.Sprintf("A resource refers to provider %q, but no provider block with alias %q is declared.", key, strings.SplitN(local, ".", 2)[1]),
			})
			continue
		}
		mi := path.UnkeyedInstance()
		refs, ds := lang.ReferencesInBlock(body, ps.Provider)
		diags = append(diags, ds...)
		if ds := ev.evalEarly(mi, refs, map[string]bool{}); ds.HasErrors() {
			diags = append(diags, ds...)
			continue
		}
		val, ds := ev.Scope(mi).EvalBlock(body, ps.Provider)
		diags = append(diags, ds...)
		if ds.HasErrors() {
			continue
		}
		val, _ = val.UnmarkDeep()
		for _, d := range provs.Configure(ctx, key, configureRequest(val)) {
			diags = append(diags, ProviderDiag(d, rng, key))
		}
	}
	ev.addProviderFunctions(ctx, provs, keys)
	return diags
}

// evalEarly evaluates, in module instance mi, the locals and child-module
// variables that refs name, and theirs in turn, refusing references to
// resources and module outputs (not known before refresh).
func (ev *Evaluator) evalEarly(mi addrs.ModuleInstance, refs []*addrs.Reference, visiting map[string]bool) hcl.Diagnostics {
	var diags hcl.Diagnostics
	cfg := ev.configOf(mi)
	for _, ref := range refs {
		switch s := ref.Subject.(type) {
		case addrs.Resource, addrs.ResourceInstance, addrs.ModuleCall:
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagError, Summary: "Unsupported reference in provider configuration",
				Detail:  fmt.Sprintf("Provider configurations are evaluated before resources are read, so they may refer only to variables and to locals that do not depend on resources; %s is not one of them.", s.String()),
				Subject: ref.SourceRange.Ptr(),
			})
		case addrs.LocalValue:
			id := string(mi) + "local." + s.Name
			if _, done := ev.named(mi, func(mv *moduleValues) map[string]cty.Value { return mv.locals }, s.Name); done || visiting[id] {
				continue
			}
			l := cfg.Module.Locals[s.Name]
			if l == nil {
				continue // reported by reference validation
			}
			visiting[id] = true
			inner, ds := lang.ReferencesInExpr(l.Expr)
			diags = append(diags, ds...)
			diags = append(diags, ev.evalEarly(mi, inner, visiting)...)
			v, ds := ev.Scope(mi).EvalExpr(l.Expr, cty.DynamicPseudoType)
			diags = append(diags, ds...)
			ev.SetLocal(mi, s.Name, v)
		case addrs.InputVariable:
			diags = append(diags, ev.evalVariableEarly(mi, cfg, s.Name, visiting)...)
		}
	}
	return diags
}

// evalVariableEarly evaluates a child module variable from its call's
// argument before the walk, for a provider block.
func (ev *Evaluator) evalVariableEarly(mi addrs.ModuleInstance, cfg *config.Config, name string, visiting map[string]bool) hcl.Diagnostics {
	id := string(mi) + "var." + name
	if mi.IsRoot() || visiting[id] || cfg.Module.Variables[name] == nil {
		return nil
	}
	if _, done := ev.named(mi, func(mv *moduleValues) map[string]cty.Value { return mv.vars }, name); done {
		return nil
	}
	visiting[id] = true
	pi, step := mi.Parent()
	if _, ok := ev.callExpansion(pi, step.Name); !ok {
		ev.mu.Lock()
		ev.calls[callKey{pi, step.Name}] = Expansion{Each: NoEach, Known: true, Keys: []addrs.InstanceKey{addrs.NoKey}}
		ev.mu.Unlock()
	}
	var diags hcl.Diagnostics
	args, _ := cfg.Call.Config.JustAttributes()
	if a, ok := args[name]; ok {
		refs, ds := lang.ReferencesInExpr(a.Expr)
		diags = append(diags, ds...)
		diags = append(diags, ev.evalEarly(pi, refs, visiting)...)
	}
	return append(diags, ev.EvalModuleVariable(mi, cfg, name)...)
}

// ProviderKeys returns the provider configuration keys the configuration
// tree's resources and the given state provider keys need, sorted.
func ProviderKeys(root *config.Config, stateKeys []string) ([]string, hcl.Diagnostics) {
	var diags hcl.Diagnostics
	set := map[string]bool{}
	for _, c := range root.All() {
		for _, r := range AllResources(c.Module) {
			key, ds := ResourceProviderKey(c, r)
			diags = append(diags, ds...)
			if key != "" {
				set[key] = true
			}
		}
	}
	for _, k := range stateKeys {
		set[k] = true
	}
	keys := make([]string, 0, len(set))
	for k := range set {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys, diags
}
