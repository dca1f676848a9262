package eval

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/agext/levenshtein"
	"github.com/hashicorp/hcl/v2"
	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/engine/config"
	"github.com/trueup/trueup/engine/lang"
	"github.com/trueup/trueup/engine/vars"
	"github.com/trueup/trueup/schema"
	"github.com/zclconf/go-cty/cty"
)

// ValidateResourceTypes checks that every resource and data block of the
// configuration tree names a type that its provider serves.
func ValidateResourceTypes(ctx context.Context, root *config.Config, provs *Providers) hcl.Diagnostics {
	var diags hcl.Diagnostics
	provs.SetConfig(root)
	for _, c := range root.All() {
		diags = append(diags, validateResourceTypes(ctx, c, provs)...)
	}
	return diags
}

// moduleResourceKey is the provider configuration key serving res of
// module c, or its unresolved key when it does not resolve (reported
// elsewhere).
func moduleResourceKey(c *config.Config, res *config.Resource) string {
	if key, diags := ResourceProviderKey(c, res); !diags.HasErrors() {
		return key
	}
	return c.Path.Prefix() + res.ProviderKey()
}

func validateResourceTypes(ctx context.Context, c *config.Config, provs *Providers) hcl.Diagnostics {
	var diags hcl.Diagnostics
	for _, res := range AllResources(c.Module) {
		key := moduleResourceKey(c, res)
		name := ProviderName(key)
		if !provs.Known(provs.registryName(key)) {
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagError, Summary: "Unknown provider",
				Detail:  fmt.Sprintf("%s uses provider %q, which is not built into trueup. Built in: %s.", res.Addr(), name, strings.Join(provs.Names(), ", ")),
				Subject: res.TypeRange().Ptr(),
			})
			continue
		}
		ps, err := provs.KeySchema(ctx, key)
		if err != nil {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Provider failed", Detail: err.Error(), Subject: res.TypeRange().Ptr()})
			continue
		}
		types, what := ps.Resources, "resource"
		switch res.Mode {
		case addrs.DataResourceMode:
			types, what = ps.DataSources, "data source"
		case addrs.EphemeralResourceMode:
			types, what = ps.EphemeralResources, "ephemeral resource"
		}
		if _, ok := types[res.Type]; ok {
			continue
		}
		summary, detail := "Invalid "+what+" type", fmt.Sprintf("The provider %q does not support %s type %q.", name, what, res.Type)
		if res.Mode == addrs.EphemeralResourceMode {
			// Terraform's words, which name the provider by its source.
			summary = "Invalid ephemeral resource"
			detail = fmt.Sprintf("The provider %s does not support ephemeral resource %q.", strings.TrimPrefix(KeySource(c.Root(), key), "registry.terraform.io/"), res.Type)
		} else if s := suggest(res.Type, types); s != "" {
			detail += fmt.Sprintf(" Did you mean %q?", s)
		}
		diags = append(diags, &hcl.Diagnostic{
			Severity: hcl.DiagError, Summary: summary, Detail: detail, Subject: res.TypeRange().Ptr(),
		})
	}
	return diags
}

// ValidateConfig checks the module calls of the tree and every resource
// body against its schema and its provider's own validation, with every
// variable, local, module output and resource unknown: what `trueup
// validate` reports without reading anything.
func ValidateConfig(ctx context.Context, root *config.Config, provs *Providers) hcl.Diagnostics {
	diags := ValidateModuleCalls(root)
	diags = append(diags, ValidateResourceTypes(ctx, root, provs)...)
	if diags.HasErrors() {
		return diags
	}
	vars := make(map[string]cty.Value, len(root.Module.Variables))
	for name := range root.Module.Variables {
		vars[name] = cty.DynamicVal
	}
	ev := NewEvaluator(root, vars, true)
	for _, c := range root.All() {
		diags = append(diags, ev.validateModule(ctx, c, provs)...)
	}
	return Dedupe(diags)
}

// Dedupe drops diagnostics that repeat an earlier one exactly: a module
// called several times is one piece of configuration, and its mistakes
// are reported once, as Terraform reports them.
func Dedupe(diags hcl.Diagnostics) hcl.Diagnostics {
	type key struct {
		sev             hcl.DiagnosticSeverity
		summary, detail string
		subject         hcl.Range
	}
	seen := make(map[key]bool, len(diags))
	out := diags[:0:0]
	for _, d := range diags {
		k := key{sev: d.Severity, summary: d.Summary, detail: d.Detail}
		if d.Subject != nil {
			k.subject = *d.Subject
		}
		if !seen[k] {
			seen[k] = true
			out = append(out, d)
		}
	}
	return out
}

func (ev *Evaluator) validateModule(ctx context.Context, c *config.Config, provs *Providers) hcl.Diagnostics {
	diags := ev.validateCallArgs(c)
	mi := c.Path.UnkeyedInstance()
	for _, name := range sortedNames(c.Module.Outputs) {
		_, ds := ev.Scope(mi).EvalExpr(c.Module.Outputs[name].Expr, cty.DynamicPseudoType)
		diags = append(diags, ds...)
	}
	for _, res := range AllResources(c.Module) {
		// count and for_each values known without variables (a literal
		// list, a negative number) are checked as plan would check them.
		if _, ds := ev.Expand(mi, res); ds.HasErrors() {
			diags = append(diags, ds...)
			continue
		}
		rs, _ := provs.ResourceSchema(ctx, moduleResourceKey(c, res), res.Addr())
		var key addrs.InstanceKey = addrs.NoKey
		switch {
		case res.Count != nil:
			key = addrs.IntKey(0)
		case res.ForEach != nil:
			key = unknownKey{}
		}
		scope := ev.InstanceScope(mi, key, cty.DynamicVal)
		cfg, ds := scope.EvalBlock(res.Config, rs.Block)
		diags = append(diags, ds...)
		diags = append(diags, ev.ValidateProvisioners(scope, res, cty.UnknownVal(rs.Block.ImpliedType()))...)
		if ds.HasErrors() {
			continue
		}
		cfg, _ = cfg.UnmarkDeep()
		factory := provs.registry[provs.registryName(moduleResourceKey(c, res))]
		for _, d := range ValidateResource(ctx, factory(), res, cfg) {
			rng := AttributeRange(res.Config, d.Attribute, res.DeclRange)
			diags = append(diags, ProviderDiag(d, &rng, res.Addr().String()))
		}
	}
	return diags
}

// validateCallArgs checks the arguments of the call to module c that
// validation can know: their references, and the values known without
// variables against the types and validation rules the module declares.
func (ev *Evaluator) validateCallArgs(c *config.Config) hcl.Diagnostics {
	if c.Call == nil {
		return nil
	}
	var key addrs.InstanceKey = addrs.NoKey
	switch {
	case c.Call.Count != nil:
		key = addrs.IntKey(0)
	case c.Call.ForEach != nil:
		key = unknownKey{}
	}
	scope := ev.InstanceScope(c.Parent.Path.UnkeyedInstance(), key, cty.DynamicVal)
	attrs, _ := c.Call.Config.JustAttributes()
	var diags hcl.Diagnostics
	for _, name := range sortedNames(attrs) {
		decl, ok := c.Module.Variables[name]
		if !ok {
			continue // reported by ValidateModuleCalls
		}
		a := attrs[name]
		given, ds := scope.EvalExpr(a.Expr, cty.DynamicPseudoType)
		diags = append(diags, ds...)
		if ds.HasErrors() || !given.IsWhollyKnown() {
			continue
		}
		// Other variables are unknown here: rules that refer to them wait
		// for plan.
		others := make(map[string]cty.Value, len(c.Module.Variables))
		for n, d := range c.Module.Variables {
			if n != name {
				others[n] = cty.UnknownVal(d.Type)
			}
		}
		_, ds = vars.ModuleInput(decl, c.Path.String()+".var."+name, given, c.Call.DeclRange, a.Expr.Range(), others, ev.funcs)
		diags = append(diags, ds...)
	}
	return diags
}

// unknownKey stands for a for_each key during validation: each.key and
// each.value are unknown.
type unknownKey struct{}

func (unknownKey) String() string   { return "[*]" }
func (unknownKey) Value() cty.Value { return cty.UnknownVal(cty.String) }

func suggest(given string, types map[string]*schema.Resource) string {
	names := make([]string, 0, len(types))
	for n := range types {
		names = append(names, n)
	}
	sort.Strings(names)
	best, bestDist := "", 4
	for _, n := range names {
		if d := levenshtein.Distance(given, n, nil); d < bestDist {
			best, bestDist = n, d
		}
	}
	return best
}

// ValidateModuleCalls checks what Terraform checks of module calls: each
// argument names a variable of the child module, every required variable
// is set, and a module that declares its own provider configurations is
// not called with count, for_each or depends_on.
func ValidateModuleCalls(root *config.Config) hcl.Diagnostics {
	var diags hcl.Diagnostics
	for _, c := range root.All() {
		if c.Call == nil {
			continue
		}
		args, ds := ModuleCallArgs(c)
		diags = append(diags, ds...)
		for _, name := range sortedNames(c.Module.Variables) {
			if _, ok := args[name]; !ok && c.Module.Variables[name].Required() {
				diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Missing required argument",
					Detail:  fmt.Sprintf("The argument %q is required, but no definition was found.", name),
					Subject: c.Call.DeclRange.Ptr()})
			}
		}
		if len(c.Module.ProviderConfigs) > 0 && (c.Call.Count != nil || c.Call.ForEach != nil || len(c.Call.DependsOn) > 0) {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Module is incompatible with count, for_each, and depends_on",
				Detail: fmt.Sprintf("The module at %s is a legacy module which contains its own local provider configurations, and so calls to it may not use the count, for_each, or depends_on arguments. "+
					"If you also control the module %q, consider updating this module to instead expect provider configurations to be passed by its caller.", c.Path, c.Call.SourceAddr),
				Subject: c.Call.DeclRange.Ptr()})
		}
	}
	return diags
}

func sortedNames[V any](m map[string]V) []string {
	names := make([]string, 0, len(m))
	for n := range m {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// ValidateReferences checks the references of every module of the tree
// (lang.ValidateReferences).
func ValidateReferences(root *config.Config) hcl.Diagnostics {
	var diags hcl.Diagnostics
	for _, c := range root.All() {
		diags = append(diags, lang.ValidateReferencesIn(c.Module, c.Path)...)
	}
	return Dedupe(diags)
}

// ValidateResource asks prov to check the configuration cfg (unmarked) of
// a resource, data or ephemeral block.
func ValidateResource(ctx context.Context, prov schema.Provider, res *config.Resource, cfg cty.Value) schema.Diagnostics {
	if res.Mode == addrs.EphemeralResourceMode {
		return prov.ValidateEphemeralResource(ctx, schema.ValidateEphemeralResourceRequest{TypeName: res.Type, Config: cfg}).Diagnostics
	}
	return prov.ValidateResource(ctx, schema.ValidateResourceRequest{
		TypeName: res.Type, DataSource: res.Mode == addrs.DataResourceMode, Config: cfg,
	}).Diagnostics
}
