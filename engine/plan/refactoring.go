package plan

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/engine/config"
	"github.com/trueup/trueup/engine/eval"
	"github.com/trueup/trueup/engine/plans"
	"github.com/trueup/trueup/engine/refactor"
	"github.com/trueup/trueup/engine/state"
	"github.com/zclconf/go-cty/cty"
)

// applyMoves validates the moved and removed blocks and returns a copy of
// stored with the moved blocks carried out, remembering where each moved
// object came from. A move whose destination is taken is left undone,
// with Terraform's warning.
func (p *planner) applyMoves(stored *state.State) (*state.State, hcl.Diagnostics) {
	diags := refactor.Validate(p.opts.Config)
	diags = append(diags, p.validateRemoved()...)
	stmts, ds := refactor.Statements(p.opts.Config, stored)
	if diags = append(diags, ds...); diags.HasErrors() || len(stmts) == 0 {
		return stored, diags
	}
	working := stored.DeepCopy()
	moved, blocked := refactor.ApplyMoves(working, stmts)
	p.prevAddrs = refactor.Origins(moved)
	if len(blocked) > 0 {
		var lines []string
		for _, b := range blocked {
			lines = append(lines, fmt.Sprintf("  - %s could not move to %s", b.From, b.To))
		}
		diags = append(diags, &hcl.Diagnostic{
			Severity: hcl.DiagWarning,
			Summary:  "Unresolved resource instance address changes",
			Detail: "trueup tried to adjust resource instance addresses in the prior state based on change information recorded in the configuration, " +
				"but some adjustments did not succeed due to existing objects already at the intended addresses:\n" + strings.Join(lines, "\n") +
				"\n\ntrueup has planned to destroy these objects. If the proposed changes aren't appropriate, you must first resolve the conflicts using the \"trueup state\" subcommands and then create a new plan.",
		})
	}
	return working, diags
}

// validateRemoved refuses removed blocks whose object is still declared.
func (p *planner) validateRemoved() hcl.Diagnostics {
	var diags hcl.Diagnostics
	for _, c := range p.opts.Config.All() {
		for _, r := range c.Module.Removed {
			switch from := r.From.(type) {
			case addrs.Resource:
				if d := c.Descendant(from.Module.Module()); d != nil && d.Module.ResourceByAddr(from.Local()) != nil {
					diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Removed resource still exists",
						Detail:  fmt.Sprintf("This statement declares that %s was removed, but it is still declared in configuration.", from),
						Subject: d.Module.ResourceByAddr(from.Local()).DeclRange.Ptr()})
				}
			case addrs.ModuleInstance:
				if c.Descendant(from.Module()) != nil {
					diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Removed module still exists",
						Detail:  fmt.Sprintf("This statement declares that %s was removed, but it is still declared in configuration.", from),
						Subject: r.DeclRange.Ptr()})
				}
			}
		}
	}
	return diags
}

// removedBlock returns the removed block that names the object at addr
// (its resource or a module holding it), or nil.
func (p *planner) removedBlock(addr addrs.Resource) *config.Removed {
	static := addr.Module.Module()
	for _, c := range p.opts.Config.All() {
		for _, r := range c.Module.Removed {
			switch from := r.From.(type) {
			case addrs.Resource:
				if joinStatic(c.Path, from.Module.Module()) == static && from.Local() == addr.Local() {
					return r
				}
			case addrs.ModuleInstance:
				m := joinStatic(c.Path, from.Module())
				if static == m || strings.HasPrefix(string(static), string(m)+".") {
					return r
				}
			}
		}
	}
	return nil
}

func joinStatic(base, rel addrs.Module) addrs.Module {
	return addrs.ModuleOf(append(base.Names(), rel.Names()...)...)
}

// planForget plans that an object leaves state without being destroyed.
func (p *planner) planForget(obj *priorObject) {
	p.addChange(&plans.ResourceChange{
		Addr: obj.addr, ProviderKey: obj.providerKey, Action: plans.Forget,
		Reason: "destroy = false is set in the configuration",
		Before: obj.value, After: obj.value, SchemaVersion: obj.schema.Version,
	})
}

// forgetWarning is Terraform's warning listing the objects a plan forgets.
func forgetWarning(changes []*plans.ResourceChange) *hcl.Diagnostic {
	var names []string
	for _, rc := range changes {
		if rc.Action == plans.Forget {
			names = append(names, " - "+rc.Addr.String())
		}
	}
	if len(names) == 0 {
		return nil
	}
	sort.Strings(names)
	return &hcl.Diagnostic{Severity: hcl.DiagWarning, Summary: "Some objects will no longer be managed by trueup",
		Detail: "If you apply this plan, trueup will discard its tracking information for the following objects, but it will not delete them:\n" +
			strings.Join(names, "\n") + "\n\nAfter applying this plan, trueup will no longer manage these objects. You will need to import them into trueup to manage them again."}
}

// planImports adopts the objects that import blocks name and state does
// not hold yet: each is imported through its provider and read, and then
// planned as if it had been in state, marked as being imported.
func (p *planner) planImports(ctx context.Context) hcl.Diagnostics {
	var diags hcl.Diagnostics
	root := p.opts.Config
	for _, c := range root.All() {
		if c.Call != nil && len(c.Module.Imports) > 0 {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid import configuration",
				Detail:  fmt.Sprintf("An import block was detected in %q. Import blocks are only allowed in the root module.", c.Path),
				Subject: c.Module.Imports[0].DeclRange.Ptr()})
		}
	}
	for _, im := range root.Module.Imports {
		targets, ds := p.importTargets(im)
		if diags = append(diags, ds...); ds.HasErrors() {
			continue
		}
		for _, t := range targets {
			diags = append(diags, p.importOne(ctx, im, t.addr, t.id)...)
		}
	}
	return diags
}

type importTarget struct {
	addr addrs.ResourceInstance
	id   string
}

// importTargets evaluates an import block's for_each, to and id.
func (p *planner) importTargets(im *config.Import) ([]importTarget, hcl.Diagnostics) {
	type elem struct {
		key  addrs.InstanceKey
		each cty.Value
	}
	elems := []elem{{key: addrs.NoKey, each: cty.NilVal}}
	if im.ForEach != nil {
		exp, diags := p.ev.ExpandImport(im.ForEach)
		if diags.HasErrors() {
			return nil, diags
		}
		elems = elems[:0]
		for _, k := range exp.Keys {
			elems = append(elems, elem{key: k, each: exp.EachValues[k]})
		}
	}
	var out []importTarget
	var diags hcl.Diagnostics
	for _, e := range elems {
		scope := p.ev.InstanceScope(addrs.RootModuleInstance, e.key, e.each)
		idVal, ds := scope.EvalExpr(im.ID, cty.String)
		if diags = append(diags, ds...); ds.HasErrors() {
			continue
		}
		if !idVal.IsWhollyKnown() || idVal.IsNull() || idVal.AsString() == "" || idVal.IsMarked() {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid import id argument",
				Detail: "The import ID must be a non-empty, non-sensitive string known before apply.", Subject: im.ID.Range().Ptr()})
			continue
		}
		ri := im.To.Instance(addrs.NoKey)
		if im.ToKey != nil {
			kv, ds := scope.EvalExpr(im.ToKey, cty.DynamicPseudoType)
			if diags = append(diags, ds...); ds.HasErrors() {
				continue
			}
			key, err := addrs.KeyFromValue(kv)
			if err != nil {
				diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid import address",
					Detail: "The instance key of the import target is invalid: " + err.Error() + ".", Subject: im.ToRange.Ptr()})
				continue
			}
			ri = im.To.Instance(key)
		}
		out = append(out, importTarget{addr: ri, id: idVal.AsString()})
	}
	return out, diags
}

// importOne imports one object unless state already holds its address.
func (p *planner) importOne(ctx context.Context, im *config.Import, ri addrs.ResourceInstance, id string) hcl.Diagnostics {
	if p.prior.objects[ri] != nil {
		return nil // already managed: the block has done its work
	}
	res := p.resourceConfig(ri.Resource)
	if res == nil {
		return hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Configuration for import target does not exist",
			Detail:  fmt.Sprintf("The configuration for the given import target %s does not exist. All target instances must have an associated configuration to be imported.", ri),
			Subject: im.ToRange.Ptr()}}
	}
	local := res.ProviderKey()
	if im.ProviderConfigRef != nil {
		local = im.ProviderConfigRef.String()
	}
	key, diags := eval.ResolveProviderKey(p.opts.Config.Descendant(ri.Resource.Module.Module()), local)
	if diags.HasErrors() {
		return diags
	}
	rs, err := p.opts.Providers.ResourceSchema(ctx, key, ri.Resource)
	if err != nil || rs == nil {
		return hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Invalid resource type", Detail: fmt.Sprintf("provider %q has no resource type %q", key, ri.Resource.Type), Subject: im.ToRange.Ptr()}}
	}
	p.opts.Hook.PreImport(ri.String(), id)
	p.opts.Hook.PreRefresh(ri.String())
	v, private, sds := ImportObject(ctx, p.opts.Providers.Get(key), rs, ri, id)
	if sds.HasErrors() {
		p.opts.Hook.PostRefresh(ri.String(), false, sds.Err())
		for _, d := range sds {
			diags = append(diags, eval.ProviderDiag(d, im.DeclRange.Ptr(), ri.String()))
		}
		return diags
	}
	p.opts.Hook.PostRefresh(ri.String(), false, nil)
	v = eval.MarkSchemaSensitive(rs.Block, v)
	obj := &priorObject{addr: ri, providerKey: key, inst: &state.Instance{Key: ri.Key, SchemaVersion: rs.Version, Private: private}, schema: rs, stored: v, value: v, private: private}
	p.mu.Lock()
	p.prior.objects[ri] = obj
	p.prior.byRes[ri.Resource] = append(p.prior.byRes[ri.Resource], obj)
	p.importing[ri] = id
	p.mu.Unlock()
	return diags
}
