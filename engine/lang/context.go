package lang

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/engine/addrs"
)

// contextBuilder gathers the values of referenced subjects, fetching each
// subject once, into the shape hcl expects: var.x, local.y, count.index,
// each.key, path.module, terraform.workspace, TYPE.NAME, data.TYPE.NAME.
type contextBuilder struct {
	data           Data
	seen           map[addrs.Referenceable]bool
	named          map[string]map[string]cty.Value // "var" → name → value, ...
	managed        map[string]map[string]cty.Value // managed type → name → value
	dataTypes      map[string]map[string]cty.Value // data type → name → value
	ephemeralTypes map[string]map[string]cty.Value // ephemeral type → name → value; nil until one is referred to
	diags          hcl.Diagnostics
}

func newContextBuilder(data Data) *contextBuilder {
	return &contextBuilder{
		data:      data,
		seen:      map[addrs.Referenceable]bool{},
		named:     map[string]map[string]cty.Value{},
		managed:   map[string]map[string]cty.Value{},
		dataTypes: map[string]map[string]cty.Value{},
	}
}

func (b *contextBuilder) add(ref *addrs.Reference) {
	subject := ref.Subject
	if ri, ok := subject.(addrs.ResourceInstance); ok {
		subject = ri.Resource
	}
	if b.seen[subject] {
		return
	}
	b.seen[subject] = true
	rng := ref.SourceRange
	switch s := subject.(type) {
	case addrs.InputVariable:
		b.setNamed("var", s.Name, b.check(b.data.GetInputVariable(s, rng)))
	case addrs.LocalValue:
		b.setNamed("local", s.Name, b.check(b.data.GetLocalValue(s, rng)))
	case addrs.CountAttr:
		b.setNamed("count", s.Name, b.check(b.data.GetCountAttr(s, rng)))
	case addrs.ForEachAttr:
		b.setNamed("each", s.Name, b.check(b.data.GetForEachAttr(s, rng)))
	case addrs.PathAttr:
		b.setNamed("path", s.Name, b.check(b.data.GetPathAttr(s, rng)))
	case addrs.TerraformAttr:
		b.setNamed("terraform", s.Name, b.check(b.data.GetTerraformAttr(s, rng)))
	case addrs.ModuleCall:
		b.setNamed("module", s.Name, b.check(b.data.GetModuleCall(s, rng)))
	case addrs.Resource:
		v := b.check(b.data.GetResource(s, rng))
		table := b.managed
		switch s.Mode {
		case addrs.DataResourceMode:
			table = b.dataTypes
		case addrs.EphemeralResourceMode:
			if b.ephemeralTypes == nil {
				b.ephemeralTypes = map[string]map[string]cty.Value{}
			}
			table = b.ephemeralTypes
		}
		set(table, s.Type, s.Name, v)
	}
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

func (b *contextBuilder) setNamed(root, name string, v cty.Value) { set(b.named, root, name, v) }

func set(table map[string]map[string]cty.Value, outer, inner string, v cty.Value) {
	m := table[outer]
	if m == nil {
		m = map[string]cty.Value{}
		table[outer] = m
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
