package lang

import (
	"reflect"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/trueup/trueup/schema"
)

// The reference walk of a body decoded with a schema
// (dynblock.VariablesHCLDec) asks the body for its content with
// PartialContent at each level. For a native-syntax body, that copies the
// body with two new maps of hidden names and every attribute as an
// hcl.Attribute, and the schema is derived from the decoder spec again:
// over a plan and an apply, each resource body was walked four times (the
// plan's and the apply's graph, the plan's and the apply's evaluation),
// 75 of the 750 MB a 10,000-resource apply allocated, all of it garbage
// that the walk's concurrent collections keep as floating garbage.
//
// A native body without nested blocks has nothing else to walk: its
// references are those of its visible attributes that b declares, which
// plainVariables reads in place. Which attributes a remaining body hides
// (a resource's meta-arguments) is unexported state of hclsyntax.Body,
// read here through reflection; if hcl's layout ever changes, the walk
// falls back to dynblock.

// hiddenAttrsField is the index of hclsyntax.Body's hiddenAttrs field, -1
// when it is missing or not a map[string]struct{}.
var hiddenAttrsField = func() int {
	f, ok := reflect.TypeFor[hclsyntax.Body]().FieldByName("hiddenAttrs")
	if !ok || len(f.Index) != 1 || f.Type != reflect.TypeFor[map[string]struct{}]() {
		return -1
	}
	return f.Index[0]
}()

// plainVariables returns the traversals that dynblock.VariablesHCLDec
// finds in body decoded with b's DecoderSpec, when body is a native-syntax
// body without nested blocks (hidden or not); ok is false otherwise, and
// the caller walks it as before. The order is the map's, as the walk's
// is.
func plainVariables(body hcl.Body, b *schema.Block) (vars []hcl.Traversal, ok bool) {
	sb, ok := plainBlockless(body)
	if !ok || b == nil {
		return nil, false
	}
	for name, attr := range sb.Attributes {
		if _, declared := b.Attributes[name]; !declared || isHidden(sb, name) {
			continue
		}
		vars = append(vars, attr.Expr.Variables()...)
	}
	return vars, true
}

// plainBlockless reports whether body is a native-syntax body without
// nested blocks whose hidden attributes can be read: what plainVariables
// and plainAttribute read in place.
func plainBlockless(body hcl.Body) (*hclsyntax.Body, bool) {
	sb, native := body.(*hclsyntax.Body)
	if !native || len(sb.Blocks) > 0 || hiddenAttrsField < 0 {
		return nil, false
	}
	return sb, true
}

// isHidden reports whether sb hides attribute name (PartialContent read
// it before).
func isHidden(sb *hclsyntax.Body, name string) bool {
	hidden := reflect.ValueOf(sb).Elem().Field(hiddenAttrsField)
	return hidden.Len() > 0 && hidden.MapIndex(reflect.ValueOf(name)).IsValid()
}

// plainAttribute returns the attribute name of sb (from plainBlockless)
// as PartialContent would list it: nil when absent or hidden.
func plainAttribute(sb *hclsyntax.Body, name string) *hclsyntax.Attribute {
	attr, ok := sb.Attributes[name]
	if !ok || isHidden(sb, name) {
		return nil
	}
	return attr
}
