package lang

import (
	"maps"
	"sync/atomic"

	"github.com/trueup/trueup/internal/ctyobject"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/customdecode"
	"github.com/hashicorp/hcl/v2/hcldec"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

// hcldec.Decode of a body takes the body's content again for every
// instance (PartialContent copies the body into new maps, and the schema
// is derived from the spec again), and decodes every entry of the spec:
// a null of each attribute the body leaves out, an empty collection of
// each block type. For a resource's remaining body, all of that depends
// on the body and the schema only; what depends on the instance is the
// value of each attribute the body sets. A third of planning an instance
// of a resource with many attributes was hcldec.Decode.
//
// plainDecoder is that split, made once per PreparedBlock for a native
// body without nested blocks whose content has no diagnostics: the
// absent entries' values are decoded once, and an instance evaluates and
// converts only the attributes the body sets, as hcldec's AttrSpec does.
// Anything else (a custom expression decoder, a diagnostic from an
// expression or a conversion) goes to hcldec.Decode, whose diagnostics
// are the ones reported.

// plainDecoder decodes one prepared body: base holds the values of the
// spec's entries the body does not set, attrs the attributes it sets,
// code their compact expressions (compact.go; no nodes when none).
type plainDecoder struct {
	base  map[string]cty.Value
	attrs []plainAttr
	code  compactCode
	// baseMarked is whether a value of base holds a mark (none does: a
	// null or an empty collection).
	baseMarked bool
	// exact says every attribute's value has exactly its spec's type, so
	// that the decoded objects have one type (exactType). Their shape is
	// made at the second decode: a body decoded once (a resource without
	// count or for_each, most of a large stack) keeps no type of its own.
	exact   bool
	decodes atomic.Uint32
	shape   atomic.Pointer[exactShape]
}

// exactShape is what every object an exact plainDecoder decodes shares:
// its type, and the map of internals it starts as, copied whole
// (maps.Clone copies the table without hashing each entry again): base's
// values and a placeholder for each attribute the body sets, whose value
// replaces it.
type exactShape struct {
	ty  cty.Type
	raw map[string]any
}

// plainAttr is an attribute the body sets and the type its spec wants.
// Its expression is the compact one (the node root of the decoder's
// code) when expr is nil, else hcl's.
type plainAttr struct {
	name string
	expr hcl.Expression
	root int32
	ty   cty.Type
}

// newPlainDecoder returns the decoder of body with spec, or nil where
// hcldec.Decode must decode it: the body has blocks or content
// diagnostics (a missing required argument, an unsupported one), or an
// entry's value does not follow from the spec alone. With compact, the
// attributes' expressions are made compact where they can be, and the
// decoder keeps nothing of their syntax trees.
func newPlainDecoder(body hcl.Body, bp *blockPrep, compact bool) *plainDecoder {
	spec := bp.spec
	obj, ok := spec.(hcldec.ObjectSpec)
	if !ok {
		return nil
	}
	content, diags := body.Content(hcldec.ImpliedSchema(spec))
	if len(diags) > 0 || content == nil || len(content.Blocks) > 0 {
		return nil
	}
	d := &plainDecoder{attrs: make([]plainAttr, 0, len(content.Attributes))}
	absent := hcldec.ObjectSpec{}
	for name, s := range obj {
		as, isAttr := s.(*hcldec.AttrSpec)
		if !isAttr {
			absent[name] = s
			continue
		}
		attr, set := content.Attributes[as.Name]
		if !set {
			absent[name] = s
			continue
		}
		if as.Name != name || customdecode.CustomExpressionDecoderForType(as.Type) != nil {
			return nil
		}
		d.attrs = append(d.attrs, plainAttr{name: name, expr: attr.Expr, ty: as.Type})
	}
	if len(content.Attributes) != len(d.attrs) {
		return nil
	}
	if compact {
		d.compact()
	}
	// The entries the body leaves out decode the same without it: a null
	// attribute, no blocks of a type (or the diagnostic of a block type
	// that needs some, which hcldec then reports for each instance).
	base, ok := bp.absentOf(absent, d.attrs)
	if !ok {
		return nil
	}
	d.base = base
	for _, v := range base {
		d.baseMarked = d.baseMarked || deepMarked(v)
	}
	d.exact = d.exactTypes()
	return d
}

// exactTypes reports whether every attribute d sets converts to exactly
// its spec's type, and cty.Value's layout and the names allow building
// the objects with their type (internal/ctyobject).
func (d *plainDecoder) exactTypes() bool {
	if !ctyobject.LayoutOK {
		return false
	}
	for name := range d.base {
		if cty.NormalizeString(name) != name {
			return false
		}
	}
	for _, a := range d.attrs {
		if !exactType(a.ty) || cty.NormalizeString(a.name) != a.name {
			return false
		}
	}
	return true
}

// exactShape is the shape of every object d decodes, when exact, made
// once.
func (d *plainDecoder) exactShape() *exactShape {
	if sh := d.shape.Load(); sh != nil {
		return sh
	}
	atys := make(map[string]cty.Type, len(d.base)+len(d.attrs))
	raw := make(map[string]any, len(d.base)+len(d.attrs))
	for name, v := range d.base {
		atys[name], raw[name] = v.Type(), ctyobject.Raw(v)
	}
	for _, a := range d.attrs {
		atys[a.name], raw[a.name] = a.ty, nil
	}
	sh := &exactShape{ty: cty.Object(atys), raw: raw}
	if d.shape.CompareAndSwap(nil, sh) {
		return sh
	}
	return d.shape.Load()
}

// decode is hcldec.Decode of the body with the spec in evalCtx. ok is
// false when an expression or a conversion gave a diagnostic: the caller
// then decodes with hcldec.Decode for its diagnostics. marked is whether
// the value holds a mark at any depth, found from the attributes' values
// alone.
func (d *plainDecoder) decode(is *instanceScope) (val cty.Value, marked, ok bool) {
	marked = d.baseMarked
	var buf [8]cty.Value
	vals := buf[:0]
	// The first decode builds its object with cty.ObjectVal.
	exact := d.exact && d.decodes.Add(1) > 1
	for i := range d.attrs {
		a := &d.attrs[i]
		var v cty.Value
		if a.expr == nil {
			var ok bool
			if v, ok = d.code.eval(a.root, &is.contextBuilder); !ok {
				return cty.NilVal, false, false
			}
		} else {
			var diags hcl.Diagnostics
			if v, diags = a.expr.Value(is.evalContext()); len(diags) > 0 {
				return cty.NilVal, false, false
			}
		}
		cv, err := convert.Convert(v, a.ty)
		if err != nil {
			return cty.NilVal, false, false
		}
		marked = marked || deepMarked(cv)
		exact = exact && cv.Type().Equals(a.ty)
		vals = append(vals, cv)
	}
	if exact {
		sh := d.exactShape()
		raw := maps.Clone(sh.raw)
		for i, cv := range vals {
			raw[d.attrs[i].name] = ctyobject.Raw(cv)
		}
		return ctyobject.Of(sh.ty, raw), marked, true
	}
	all := make(map[string]cty.Value, len(d.base)+len(d.attrs))
	maps.Copy(all, d.base)
	for i, cv := range vals {
		all[d.attrs[i].name] = cv
	}
	return cty.ObjectVal(all), marked, true
}

// compact replaces the attributes' expressions with compact ones where
// they have a compact form.
func (d *plainDecoder) compact() {
	if len(d.attrs) == 0 {
		return
	}
	var cb compactBuilder
	some := false
	for i := range d.attrs {
		if root, ok := cb.add(d.attrs[i].expr); ok {
			d.attrs[i].root = root
			d.attrs[i].expr = nil // the tree is no longer needed
			some = true
		}
	}
	if some {
		d.code = cb.finish()
	}
}

// exactType reports whether a value converted to ty has exactly type ty:
// ty has no dynamic parts (a value of any type) and no optional
// attributes (which conversion drops). A decoder whose attributes all
// have such types builds its objects with one type, made once
// (objectType), where cty.ObjectVal would derive a type per object.
func exactType(ty cty.Type) bool {
	return !ty.HasDynamicTypes() && ty.Equals(ty.WithoutOptionalAttributesDeep())
}
