package eval

import (
	"fmt"

	"github.com/trueup/trueup/engine/config"
	"github.com/trueup/trueup/engine/lang"
	"github.com/trueup/trueup/engine/state"
	"github.com/trueup/trueup/internal/ctymarshal"
	"github.com/trueup/trueup/schema"
	"github.com/zclconf/go-cty/cty"
)

// DecodeInstance returns a state object's value as the type ty, marked
// sensitive where state recorded it so.
func DecodeInstance(inst *state.Instance, ty cty.Type) (cty.Value, error) {
	v, err := unmarshalJSON(inst.Attributes, ty)
	if err != nil {
		return cty.NilVal, fmt.Errorf("decoding attributes: %w", err)
	}
	return MarkPaths(v, inst.SensitiveAttributes), nil
}

// EncodeInstance fills inst's attributes and sensitive paths from v, a
// value of the resource type's schema type ty: encoding with ty writes an
// attribute of DynamicPseudoType as {"value": ..., "type": ...}, as
// Terraform does (terraform_data's input and output).
func EncodeInstance(inst *state.Instance, v cty.Value, ty cty.Type) error {
	unmarked, pvms := lang.UnmarkDeepWithPaths(v)
	raw, err := ctymarshal.JSON(unmarked, ty)
	if err != nil {
		return fmt.Errorf("encoding attributes: %w", err)
	}
	inst.Attributes = raw
	inst.SensitiveAttributes = SensitivePathsOf(pvms)
	return nil
}

// MarkPaths marks the values at paths as sensitive.
func MarkPaths(v cty.Value, paths []cty.Path) cty.Value {
	if len(paths) == 0 {
		return v
	}
	pvms := make([]cty.PathValueMarks, len(paths))
	for i, p := range paths {
		pvms[i] = cty.PathValueMarks{Path: p, Marks: cty.NewValueMarks(lang.Sensitive)}
	}
	return v.MarkWithPaths(pvms)
}

// SensitivePathsOf returns the paths among pvms marked sensitive.
func SensitivePathsOf(pvms []cty.PathValueMarks) []cty.Path {
	var out []cty.Path
	for _, pvm := range pvms {
		if _, ok := pvm.Marks[lang.Sensitive]; ok {
			out = append(out, pvm.Path)
		}
	}
	return out
}

// MarkSchemaSensitive marks the attributes that b declares sensitive.
func MarkSchemaSensitive(b *schema.Block, v cty.Value) cty.Value {
	if b == nil || v.IsNull() || !v.IsKnown() {
		return v
	}
	return MarkPaths(v, schemaSensitivePaths(b, v, nil))
}

func schemaSensitivePaths(b *schema.Block, v cty.Value, base cty.Path) []cty.Path {
	var out []cty.Path
	if v.IsNull() || !v.IsKnown() {
		return nil
	}
	v, _ = v.Unmark()
	for name, a := range b.Attributes {
		if a.Sensitive {
			out = append(out, append(base.Copy(), cty.GetAttrStep{Name: name}))
		}
	}
	for name, nb := range b.BlockTypes {
		if !nb.Block.HasSensitive() {
			continue
		}
		bv, _ := v.GetAttr(name).Unmark()
		p := append(base.Copy(), cty.GetAttrStep{Name: name})
		if bv.IsNull() || !bv.IsKnown() {
			continue
		}
		switch nb.Nesting {
		case schema.NestingSingle:
			out = append(out, schemaSensitivePaths(&nb.Block, bv, p)...)
		case schema.NestingSet:
			// Set elements cannot be addressed: mark the whole set.
			out = append(out, p)
		default:
			for it := bv.ElementIterator(); it.Next(); {
				k, ev := it.Element()
				out = append(out, schemaSensitivePaths(&nb.Block, ev, append(p.Copy(), cty.IndexStep{Key: k}))...)
			}
		}
	}
	return out
}

// MarkVariables returns vars with the values of variables declared
// sensitive marked so.
func MarkVariables(mod *config.Module, vars map[string]cty.Value) map[string]cty.Value {
	out := make(map[string]cty.Value, len(vars))
	for name, v := range vars {
		if decl := mod.Variables[name]; decl != nil {
			if decl.Sensitive {
				v = v.Mark(lang.Sensitive)
			}
			if decl.Ephemeral {
				v = v.Mark(lang.Ephemeral)
			}
		}
		out[name] = v
	}
	return out
}
