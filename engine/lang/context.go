package lang

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/engine/addrs"
)

// contextBuilder gathers the values of referenced subjects, fetching each
// subject once, into the shape hcl expects: var.x, local.y, count.index,
// each.key, path.module, terraform.workspace, TYPE.NAME, data.TYPE.NAME.
// Every instance of every resource builds one, so it keeps the values in
// two short lists, in the order first referred to, and makes hcl's
// objects only when asked (variables); compact code reads most values
// from the lists themselves (variable).
type contextBuilder struct {
	data      Data
	named     []namedValue    // var.x, count.index, ...
	resources []resourceValue // TYPE.NAME, data.TYPE.NAME, ephemeral.TYPE.NAME
	diags     hcl.Diagnostics
	// vars is variables' result, made once (hclVariables).
	vars map[string]cty.Value
}

// namedValue is the value of root.name (var.x).
type namedValue struct {
	root, name string
	v          cty.Value
}

// resourceValue is the value of a resource, as references see it.
type resourceValue struct {
	mode      addrs.ResourceMode
	typ, name string
	v         cty.Value
}

func (b *contextBuilder) add(ref *addrs.Reference) {
	subject := ref.Subject
	if ri, ok := subject.(addrs.ResourceInstance); ok {
		subject = ri.Resource
	}
	rng := ref.SourceRange
	if r, ok := subject.(addrs.Resource); ok {
		if _, seen := b.resource(r.Mode, r.Type, r.Name); !seen {
			v := b.check(b.data.GetResource(r, rng))
			b.resources = append(b.resources, resourceValue{mode: r.Mode, typ: r.Type, name: r.Name, v: v})
		}
		return
	}
	root, name := namedSubject(subject)
	if root == "" {
		return
	}
	if _, seen := b.namedValue(root, name); seen {
		return
	}
	var v cty.Value
	var diags hcl.Diagnostics
	switch s := subject.(type) {
	case addrs.InputVariable:
		v, diags = b.data.GetInputVariable(s, rng)
	case addrs.LocalValue:
		v, diags = b.data.GetLocalValue(s, rng)
	case addrs.CountAttr:
		v, diags = b.data.GetCountAttr(s, rng)
	case addrs.ForEachAttr:
		v, diags = b.data.GetForEachAttr(s, rng)
	case addrs.PathAttr:
		v, diags = b.data.GetPathAttr(s, rng)
	case addrs.TerraformAttr:
		v, diags = b.data.GetTerraformAttr(s, rng)
	case addrs.ModuleCall:
		v, diags = b.data.GetModuleCall(s, rng)
	}
	b.named = append(b.named, namedValue{root: root, name: name, v: b.check(v, diags)})
}

// namedValue is the value of root.name, if it was referred to.
func (b *contextBuilder) namedValue(root, name string) (cty.Value, bool) {
	for i := range b.named {
		if nv := &b.named[i]; nv.name == name && nv.root == root {
			return nv.v, true
		}
	}
	return cty.NilVal, false
}

// resource is the value of the resource of mode, type and name, if it was
// referred to.
func (b *contextBuilder) resource(mode addrs.ResourceMode, typ, name string) (cty.Value, bool) {
	for i := range b.resources {
		if rv := &b.resources[i]; rv.name == name && rv.typ == typ && rv.mode == mode {
			return rv.v, true
		}
	}
	return cty.NilVal, false
}

// variable is compact code's lookup (compactScope) in the values gathered:
// root.attr itself when it was referred to (var.x, count.index, TYPE.NAME
// of a managed resource), sparing the object of all of root's values an
// hcl.EvalContext holds; otherwise that object, as the context built from
// the same values would hold it.
func (b *contextBuilder) variable(root, attr string) (v cty.Value, consumed, ok bool) {
	if attr != "" {
		if v, ok := b.namedValue(root, attr); ok {
			return v, true, true
		}
		if v, ok := b.resource(addrs.ManagedResourceMode, root, attr); ok {
			return v, true, true
		}
	}
	v, ok = b.hclVariables()[root]
	return v, false, ok
}

// hclVariables is variables, made on first use.
func (b *contextBuilder) hclVariables() map[string]cty.Value {
	if b.vars == nil {
		b.vars = b.variables()
	}
	return b.vars
}

// namedSubject is the root and name a subject other than a resource takes
// in the context (var, x), or "" for a subject that has none.
func namedSubject(subject addrs.Referenceable) (root, name string) {
	switch s := subject.(type) {
	case addrs.InputVariable:
		return "var", s.Name
	case addrs.LocalValue:
		return "local", s.Name
	case addrs.CountAttr:
		return "count", s.Name
	case addrs.ForEachAttr:
		return "each", s.Name
	case addrs.PathAttr:
		return "path", s.Name
	case addrs.TerraformAttr:
		return "terraform", s.Name
	case addrs.ModuleCall:
		return "module", s.Name
	}
	return "", ""
}

// check keeps the diagnostics and stands in an unknown value of any type
// for a value that could not be had, so evaluation goes on without
// repeating the error as "Unknown variable".
func (b *contextBuilder) check(v cty.Value, diags hcl.Diagnostics) cty.Value {
	b.diags = append(b.diags, diags...)
	if diags.HasErrors() || v == cty.NilVal {
		return cty.DynamicVal
	}
	return v
}

// variables is the values gathered in the shape of hcl's variables: an
// object per root (var, count, a managed resource type, data, ephemeral)
// of the names referred to.
func (b *contextBuilder) variables() map[string]cty.Value {
	// roots: "var", "count", a managed type → name → value; prefixed:
	// "data", "ephemeral" → type → name → value.
	roots := map[string]map[string]cty.Value{}
	prefixed := map[string]map[string]map[string]cty.Value{}
	for _, nv := range b.named {
		put(roots, nv.root, nv.name, nv.v)
	}
	for _, rv := range b.resources {
		switch rv.mode {
		case addrs.DataResourceMode, addrs.EphemeralResourceMode:
			prefix := "data"
			if rv.mode == addrs.EphemeralResourceMode {
				prefix = "ephemeral"
			}
			if prefixed[prefix] == nil {
				prefixed[prefix] = map[string]map[string]cty.Value{}
			}
			put(prefixed[prefix], rv.typ, rv.name, rv.v)
		default:
			put(roots, rv.typ, rv.name, rv.v)
		}
	}
	vars := make(map[string]cty.Value, len(roots)+len(prefixed))
	for root, m := range roots {
		vars[root] = cty.ObjectVal(m)
	}
	for prefix, types := range prefixed {
		byType := make(map[string]cty.Value, len(types))
		for typ, m := range types {
			byType[typ] = cty.ObjectVal(m)
		}
		vars[prefix] = cty.ObjectVal(byType)
	}
	return vars
}

// put sets table[outer][inner] to v, making the inner map when missing.
func put(table map[string]map[string]cty.Value, outer, inner string, v cty.Value) {
	m := table[outer]
	if m == nil {
		m = map[string]cty.Value{}
		table[outer] = m
	}
	m[inner] = v
}
