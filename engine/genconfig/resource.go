package genconfig

import (
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/schema"
)

// Resource returns the resource block `resource "TYPE" "NAME" { ... }`
// that configures obj, an object of the type block describes, as
// Terraform generates it: every attribute that configuration can set, in
// name order, null where obj has none, then the nested blocks obj holds;
// computed-only attributes are left out. Sensitive attributes (by schema
// or by mark) are written as null with a "# sensitive" comment, so that
// no secret reaches the file. provider is the provider argument to write,
// "" for none. The text is formatted as hclwrite formats it and ends
// without a newline.
func Resource(typeName, name, provider string, block *schema.Block, obj cty.Value) string {
	w := &writer{}
	w.line(fmt.Sprintf("resource %q %q {", typeName, name))
	if provider != "" {
		w.line("provider = " + provider)
	}
	w.body(block, obj)
	w.b.WriteString("}")
	return string(hclwrite.Format([]byte(w.b.String())))
}

// writer accumulates unformatted HCL; hclwrite.Format indents and aligns
// it at the end.
type writer struct {
	b strings.Builder
}

func (w *writer) line(s string) {
	w.b.WriteString(s)
	w.b.WriteByte('\n')
}

// body writes the attributes and nested blocks of one block's value.
func (w *writer) body(block *schema.Block, obj cty.Value) {
	for _, name := range block.AttributeNames() {
		a := block.Attributes[name]
		if !a.Required && !a.Optional {
			continue // computed only: the provider sets it
		}
		w.attribute(name, a, attrOf(obj, name, a.Type))
	}
	for _, name := range block.BlockTypeNames() {
		nb := block.BlockTypes[name]
		w.nested(name, nb, attrOf(obj, name, nb.ImpliedType()))
	}
}

// attribute writes name = value, or null when the value is sensitive,
// not known, or the empty string of an optional attribute (which the
// providers of Terraform's legacy SDK report for unset strings).
func (w *writer) attribute(name string, a *schema.Attribute, v cty.Value) {
	if a.Sensitive || v.ContainsMarked() {
		w.line(name + " = null # sensitive")
		return
	}
	if !v.IsWhollyKnown() || (a.Optional && v.Type() == cty.String && !v.IsNull() && v.AsString() == "") {
		v = cty.NullVal(a.Type)
	}
	w.line(name + " = " + string(hclwrite.TokensForValue(v).Bytes()))
}

// nested writes the blocks of one nested block type: none for a null or
// empty collection, one per element otherwise, labelled by key for maps.
func (w *writer) nested(name string, nb *schema.NestedBlock, v cty.Value) {
	if v.IsNull() || !v.IsKnown() {
		return
	}
	if v.IsMarked() {
		w.line(name + " {} # sensitive")
		return
	}
	switch nb.Nesting {
	case schema.NestingSingle:
		w.block(name, &nb.Block, v)
	case schema.NestingMap:
		m := v.AsValueMap()
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			w.block(fmt.Sprintf("%s %q", name, k), &nb.Block, m[k])
		}
	default:
		for it := v.ElementIterator(); it.Next(); {
			_, ev := it.Element()
			w.block(name, &nb.Block, ev)
		}
	}
}

// block writes one nested block with its header.
func (w *writer) block(header string, b *schema.Block, v cty.Value) {
	if v.IsMarked() {
		w.line(header + " {} # sensitive")
		return
	}
	w.line(header + " {")
	w.body(b, v)
	w.line("}")
}

// attrOf returns obj's attribute name, or a null of ty when obj is null
// or lacks it.
func attrOf(obj cty.Value, name string, ty cty.Type) cty.Value {
	if obj.IsNull() || !obj.IsKnown() || !obj.Type().IsObjectType() || !obj.Type().HasAttribute(name) {
		return cty.NullVal(ty)
	}
	return obj.GetAttr(name)
}
