package lang

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/engine/addrs"
)

// contextBuilder gathers the values of referenced subjects, fetching each
// subject once, into the shape hcl expects: var.x, local.y, count.index,
// each.key, path.module, terraform.workspace, TYPE.NAME, data.TYPE.NAME.
// Every instance of every resource builds one, so its tables are made only
// when a reference needs them, and a subject already in its table is what
// says it was fetched.
type contextBuilder struct {
	data           Data
	named          map[string]map[string]cty.Value // "var" → name → value, ...
	managed        map[string]map[string]cty.Value // managed type → name → value
	dataTypes      map[string]map[string]cty.Value // data type → name → value
	ephemeralTypes map[string]map[string]cty.Value // ephemeral type → name → value
	diags          hcl.Diagnostics
}

func newContextBuilder(data Data) *contextBuilder {
	return &contextBuilder{data: data}
}

func (b *contextBuilder) add(ref *addrs.Reference) {
	subject := ref.Subject
	if ri, ok := subject.(addrs.ResourceInstance); ok {
		subject = ri.Resource
	}
	rng := ref.SourceRange
	if r, ok := subject.(addrs.Resource); ok {
		table := &b.managed
		switch r.Mode {
		case addrs.DataResourceMode:
			table = &b.dataTypes
		case addrs.EphemeralResourceMode:
			table = &b.ephemeralTypes
		}
		if !has(*table, r.Type, r.Name) {
			set(table, r.Type, r.Name, b.check(b.data.GetResource(r, rng)))
		}
		return
	}
	root, name := namedSubject(subject)
	if root == "" || has(b.named, root, name) {
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
	set(&b.named, root, name, b.check(v, diags))
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

// has reports whether table holds outer.inner.
func has(table map[string]map[string]cty.Value, outer, inner string) bool {
	_, ok := table[outer][inner]
	return ok
}

// set puts v in *table as outer.inner, making the table and its inner map
// when they are missing.
func set(table *map[string]map[string]cty.Value, outer, inner string, v cty.Value) {
	if *table == nil {
		*table = map[string]map[string]cty.Value{}
	}
	m := (*table)[outer]
	if m == nil {
		m = map[string]cty.Value{}
		(*table)[outer] = m
	}
	m[inner] = v
}

func (b *contextBuilder) variables() map[string]cty.Value {
	vars := make(map[string]cty.Value, len(b.named)+len(b.managed)+1)
	for root, m := range b.named {
		vars[root] = cty.ObjectVal(m)
	}
	for typ, m := range b.managed {
		vars[typ] = cty.ObjectVal(m)
	}
	if len(b.dataTypes) > 0 {
		byType := make(map[string]cty.Value, len(b.dataTypes))
		for typ, m := range b.dataTypes {
			byType[typ] = cty.ObjectVal(m)
		}
		vars["data"] = cty.ObjectVal(byType)
	}
	if len(b.ephemeralTypes) > 0 {
		byType := make(map[string]cty.Value, len(b.ephemeralTypes))
		for typ, m := range b.ephemeralTypes {
			byType[typ] = cty.ObjectVal(m)
		}
		vars["ephemeral"] = cty.ObjectVal(byType)
	}
	return vars
}
