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
// configuration keys such as "aws" or "aws.west") and configures an
// instance of each. A provider block may refer to variables and to locals
// that depend only on variables: providers are configured before any
// resource is read, so that refresh can run fully in parallel.
func ConfigureProviders(ctx context.Context, ev *Evaluator, provs *Providers, keys []string) hcl.Diagnostics {
	var diags hcl.Diagnostics
	sort.Strings(keys)
	for _, key := range keys {
		name := ProviderName(key)
		ps, err := provs.Schema(ctx, name)
		if err != nil {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Unknown provider", Detail: err.Error()})
			continue
		}
		pc := ev.Module.ProviderConfigs[key]
		body := hcl.EmptyBody()
		var rng *hcl.Range
		if pc != nil {
			body, rng = pc.Config, pc.DeclRange.Ptr()
		} else if strings.Contains(key, ".") {
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagError, Summary: "Provider configuration not present",
				Detail: fmt.Sprintf("A resource refers to provider %q, but no provider block with alias %q is declared.", key, strings.SplitN(key, ".", 2)[1]),
			})
			continue
		}
		refs, ds := lang.ReferencesInBlock(body, ps.Provider)
		diags = append(diags, ds...)
		if ds := ev.evalLocalsFor(refs, map[string]bool{}); ds.HasErrors() {
			diags = append(diags, ds...)
			continue
		}
		val, ds := ev.Scope().EvalBlock(body, ps.Provider)
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

// evalLocalsFor evaluates the locals that refs name, and theirs in turn,
// refusing references to resources (not known before refresh).
func (ev *Evaluator) evalLocalsFor(refs []*addrs.Reference, visiting map[string]bool) hcl.Diagnostics {
	var diags hcl.Diagnostics
	for _, ref := range refs {
		switch s := ref.Subject.(type) {
		case addrs.Resource, addrs.ResourceInstance:
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagError, Summary: "Unsupported reference in provider configuration",
				Detail:  fmt.Sprintf("Provider configurations are evaluated before resources are read, so they may refer only to variables and to locals that do not depend on resources; %s is a resource.", s.String()),
				Subject: ref.SourceRange.Ptr(),
			})
		case addrs.LocalValue:
			if _, done := ev.localValue(s.Name); done || visiting[s.Name] {
				continue
			}
			l := ev.Module.Locals[s.Name]
			if l == nil {
				continue // reported by reference validation
			}
			visiting[s.Name] = true
			inner, ds := lang.ReferencesInExpr(l.Expr)
			diags = append(diags, ds...)
			diags = append(diags, ev.evalLocalsFor(inner, visiting)...)
			v, ds := ev.Scope().EvalExpr(l.Expr, cty.DynamicPseudoType)
			diags = append(diags, ds...)
			ev.SetLocal(s.Name, v)
		}
	}
	return diags
}

func (ev *Evaluator) localValue(name string) (cty.Value, bool) {
	ev.mu.RLock()
	defer ev.mu.RUnlock()
	v, ok := ev.locals[name]
	return v, ok
}

// ProviderKeys returns the provider configuration keys the module's
// resources and the given state provider keys need, sorted.
func ProviderKeys(mod *config.Module, stateKeys []string) []string {
	set := map[string]bool{}
	for _, r := range AllResources(mod) {
		set[r.ProviderKey()] = true
	}
	for _, k := range stateKeys {
		set[k] = true
	}
	keys := make([]string, 0, len(set))
	for k := range set {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
