package eval

import (
	"context"
	"fmt"
	"maps"
	"slices"
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
	return ConfigureProvidersAfter(ctx, ev, provs, keys, nil)
}

// Configured holds the diagnostics of providers configured ahead of the
// operation that needs them (ConfigureEach), by configuration key.
type Configured map[string]hcl.Diagnostics

// ConfigureEach configures the providers of keys, one after another in
// sorted order as ConfigureProviders does, and returns each key's
// diagnostics, for ConfigureProvidersAfter to report. The plan calls it
// on a goroutine of its own while the state is locked and read, which
// needs no provider (plan.StartEarly).
func ConfigureEach(ctx context.Context, ev *Evaluator, provs *Providers, keys []string) Configured {
	keys = slices.Clone(keys)
	sort.Strings(keys)
	provs.SetConfig(ev.Config)
	c := newConfigurer(ctx, ev, provs, nil)
	for _, key := range keys {
		c.configure(key)
	}
	return c.done
}

// ConfigureProvidersAfter is ConfigureProviders for keys, where done
// (nil: none) holds the providers ConfigureEach configured already: it
// configures the keys done lacks (providers only the state names), and
// returns every key's diagnostics in the sorted order of keys, as
// ConfigureProviders does. A provider that failed to configure ahead (bad
// credentials) so fails the operation at the same point and with the same
// diagnostics as one configured here.
func ConfigureProvidersAfter(ctx context.Context, ev *Evaluator, provs *Providers, keys []string, done Configured) hcl.Diagnostics {
	var diags hcl.Diagnostics
	sort.Strings(keys)
	provs.SetConfig(ev.Config)
	c := newConfigurer(ctx, ev, provs, done)
	for _, key := range keys {
		diags = append(diags, c.configure(key)...)
	}
	ev.addProviderFunctions(ctx, provs, keys)
	return diags
}

// configurer configures providers before the walk, each key once. A
// provider block that refers to an ephemeral resource has it opened
// first (Evaluator.Ephemerals), and with it the provider it is opened
// with, configured in turn.
type configurer struct {
	ctx   context.Context
	ev    *Evaluator
	provs *Providers
	done  Configured
	busy  map[string]bool
}

func newConfigurer(ctx context.Context, ev *Evaluator, provs *Providers, done Configured) *configurer {
	c := &configurer{ctx: ctx, ev: ev, provs: provs, done: Configured{}, busy: map[string]bool{}}
	maps.Copy(c.done, done)
	return c
}

// configure configures key unless it was, and returns its diagnostics.
func (c *configurer) configure(key string) hcl.Diagnostics {
	if ds, ok := c.done[key]; ok {
		return ds
	}
	if c.busy[key] {
		return hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Cycle in provider configuration",
			Detail:  fmt.Sprintf("The configuration of provider %q refers, through ephemeral resources, to an ephemeral resource that needs that provider configured.", key),
			Subject: providerUseRange(c.ev.Config, nil, key)}}
	}
	c.busy[key] = true
	ds := c.configureOne(key)
	c.done[key] = ds
	return ds
}

// configureOne evaluates the provider block of key and configures an
// instance of its provider.
func (c *configurer) configureOne(key string) hcl.Diagnostics {
	ctx, ev, provs := c.ctx, c.ev, c.provs
	var diags hcl.Diagnostics
	path, local := SplitProviderKey(key)
	cfg := ev.Config.Descendant(path)
	var pc *config.Provider
	if cfg != nil {
		pc = cfg.Module.ProviderConfigs[local]
	}
	ps, err := provs.KeySchema(ctx, key)
	if err != nil {
		return append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Unknown provider", Detail: err.Error(),
			Subject: providerUseRange(ev.Config, pc, key)})
	}
	body := hcl.EmptyBody()
	var rng *hcl.Range
	if pc != nil {
		body, rng = pc.Config, pc.DeclRange.Ptr()
	} else if strings.Contains(local, ".") {
		return append(diags, &hcl.Diagnostic{
			Severity: hcl.DiagError, Summary: "Provider configuration not present",
			Detail:  fmt.Sprintf("A resource refers to provider %q, but no provider block with alias %q is declared.", key, strings.SplitN(local, ".", 2)[1]),
			Subject: providerUseRange(ev.Config, nil, key),
		})
	}
	mi := path.UnkeyedInstance()
	refs, ds := lang.ReferencesInBlock(body, ps.Provider)
	diags = append(diags, ds...)
	if ds := c.evalEarly(mi, refs, map[string]bool{}); ds.HasErrors() {
		return append(diags, ds...)
	}
	val, ds := ev.Scope(mi).EvalBlock(body, ps.Provider)
	diags = append(diags, ds...)
	if ds.HasErrors() {
		return diags
	}
	val, _ = val.UnmarkDeep()
	for _, d := range provs.Configure(ctx, key, configureRequest(val)) {
		diags = append(diags, ProviderDiag(d, rng, StateProviderIn(ev.Config, key)))
	}
	return diags
}

// evalEarly evaluates, in module instance mi, the locals and child-module
// variables that refs name, and theirs in turn, and opens the ephemeral
// resources they name; it refuses references to other resources and to
// module outputs (not known before refresh).
func (c *configurer) evalEarly(mi addrs.ModuleInstance, refs []*addrs.Reference, visiting map[string]bool) hcl.Diagnostics {
	ev := c.ev
	var diags hcl.Diagnostics
	cfg := ev.configOf(mi)
	for _, ref := range refs {
		switch s := ref.Subject.(type) {
		case addrs.Resource, addrs.ResourceInstance, addrs.ModuleCall:
			if r, ok := resourceOf(s); ok && r.Mode == addrs.EphemeralResourceMode && ev.Ephemerals != nil {
				diags = append(diags, c.openEarly(mi, cfg, r, visiting)...)
				continue
			}
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagError, Summary: "Unsupported reference in provider configuration",
				Detail:  fmt.Sprintf("Provider configurations are evaluated before resources are read, so they may refer only to variables, to ephemeral resources (in plan and apply) and to locals that depend on nothing else; %s is not one of them.", s.String()),
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
			diags = append(diags, c.evalEarly(mi, inner, visiting)...)
			v, ds := ev.Scope(mi).EvalExpr(l.Expr, cty.DynamicPseudoType)
			diags = append(diags, ds...)
			ev.SetLocal(mi, s.Name, v)
		case addrs.InputVariable:
			diags = append(diags, c.evalVariableEarly(mi, cfg, s.Name, visiting)...)
		}
	}
	return diags
}

// resourceOf is the resource a reference's subject names, if it names one.
func resourceOf(s addrs.Referenceable) (addrs.Resource, bool) {
	switch s := s.(type) {
	case addrs.Resource:
		return s, true
	case addrs.ResourceInstance:
		return s.Resource, true
	}
	return addrs.Resource{}, false
}

// openEarly opens, for a provider block, the ephemeral resource r of
// module cfg: what its configuration refers to is evaluated early in
// turn, and the provider it is opened with configured. The walk finds it
// open and does not open it again.
func (c *configurer) openEarly(mi addrs.ModuleInstance, cfg *config.Config, r addrs.Resource, visiting map[string]bool) hcl.Diagnostics {
	res := cfg.Module.EphemeralResources[r.String()]
	id := string(mi) + r.String()
	if res == nil || visiting[id] {
		return nil // an undeclared one is reported by reference validation
	}
	visiting[id] = true
	key, diags := ResourceProviderKey(cfg, res)
	if diags.HasErrors() {
		return diags
	}
	rs, err := c.provs.ResourceSchema(c.ctx, key, res.Addr())
	if err != nil || rs == nil {
		return nil // reported by ValidateResourceTypes
	}
	refs, ds := lang.ReferencesInBlock(res.Config, rs.Block)
	diags = append(diags, ds...)
	for _, expr := range []hcl.Expression{res.Count, res.ForEach} {
		if expr != nil {
			more, ds := lang.ReferencesInExpr(expr)
			refs, diags = append(refs, more...), append(diags, ds...)
		}
	}
	if diags = append(diags, c.evalEarly(mi, refs, visiting)...); diags.HasErrors() {
		return diags
	}
	if diags = append(diags, c.configure(key)...); diags.HasErrors() {
		return diags
	}
	return append(diags, c.ev.Ephemerals.Open(c.ctx, &Node{Kind: ResourceNode, Config: cfg, Resource: res})...)
}

// evalVariableEarly evaluates a child module variable from its call's
// argument before the walk, for a provider block.
func (c *configurer) evalVariableEarly(mi addrs.ModuleInstance, cfg *config.Config, name string, visiting map[string]bool) hcl.Diagnostics {
	ev := c.ev
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
		diags = append(diags, c.evalEarly(pi, refs, visiting)...)
	}
	return append(diags, ev.EvalModuleVariable(mi, cfg, name)...)
}

// providerUseRange is where the configuration needs the provider
// configuration key, for a diagnostic about it: its provider block pc
// when there is one, else the block of the first resource (by module,
// then address) that uses key; nil when only the state names key (a
// provider whose resources were all removed from the configuration,
// for which Terraform gives no range either).
func providerUseRange(root *config.Config, pc *config.Provider, key string) *hcl.Range {
	if pc != nil {
		return pc.DeclRange.Ptr()
	}
	if root == nil {
		return nil
	}
	for _, c := range root.All() {
		for _, r := range AllResources(c.Module) {
			if k, _ := ResourceProviderKey(c, r); k == key {
				return r.DeclRange.Ptr()
			}
		}
	}
	return nil
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
