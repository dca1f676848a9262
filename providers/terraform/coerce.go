package terraform

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"

	"github.com/trueup/trueup/schema"
)

// coerce turns a terraform_remote_state config value (an object or map, or
// null) into a value of the backend block's implied type: each attribute
// converted to its type, absent ones null, required ones present, unknown
// names refused. Errors are cty.PathErrors under path.
func coerce(b *schema.Block, v cty.Value, path cty.Path) (cty.Value, error) {
	given := map[string]cty.Value{}
	if !v.IsNull() {
		ty := v.Type()
		if !ty.IsObjectType() && !ty.IsMapType() {
			return cty.NilVal, path.NewErrorf("an object is required, not %s", ty.FriendlyName())
		}
		for it := v.ElementIterator(); it.Next(); {
			k, ev := it.Element()
			given[k.AsString()] = ev
		}
	}
	out := make(map[string]cty.Value, len(b.Attributes)+len(b.BlockTypes))
	for name, a := range b.Attributes {
		ev, ok := given[name]
		delete(given, name)
		if !ok || ev.IsNull() {
			if a.Required {
				return cty.NilVal, path.NewErrorf("the argument %q is required", name)
			}
			out[name] = cty.NullVal(a.Type)
			continue
		}
		cv, err := convert.Convert(ev, a.Type)
		if err != nil {
			return cty.NilVal, copyPath(path, name).NewErrorf("%s", errText(err))
		}
		out[name] = cv
	}
	for name, nb := range b.BlockTypes {
		ev, ok := given[name]
		delete(given, name)
		cv, err := coerceNested(nb, ev, ok, copyPath(path, name))
		if err != nil {
			return cty.NilVal, err
		}
		out[name] = cv
	}
	if len(given) > 0 {
		names := make([]string, 0, len(given))
		for n := range given {
			names = append(names, n)
		}
		sort.Strings(names)
		return cty.NilVal, copyPath(path, names[0]).NewErrorf("unsupported argument %q", names[0])
	}
	return cty.ObjectVal(out), nil
}

// coerceNested coerces a nested block given as an attribute value.
func coerceNested(nb *schema.NestedBlock, v cty.Value, given bool, path cty.Path) (cty.Value, error) {
	ety := nb.Block.ImpliedType()
	if !given || v.IsNull() {
		switch nb.Nesting {
		case schema.NestingList:
			return cty.ListValEmpty(ety), nil
		case schema.NestingSet:
			return cty.SetValEmpty(ety), nil
		case schema.NestingMap:
			return cty.MapValEmpty(ety), nil
		}
		return cty.NullVal(ety), nil
	}
	switch nb.Nesting {
	case schema.NestingSingle:
		return coerce(&nb.Block, v, path)
	case schema.NestingMap:
		return cty.NilVal, path.NewErrorf("blocks with labels are not supported here")
	}
	if !v.CanIterateElements() {
		return cty.NilVal, path.NewErrorf("a collection of blocks is required")
	}
	var elems []cty.Value
	for it := v.ElementIterator(); it.Next(); {
		_, ev := it.Element()
		cv, err := coerce(&nb.Block, ev, path)
		if err != nil {
			return cty.NilVal, err
		}
		elems = append(elems, cv)
	}
	if len(elems) == 0 {
		return coerceNested(nb, cty.NilVal, false, path)
	}
	if nb.Nesting == schema.NestingSet {
		return cty.SetVal(elems), nil
	}
	return cty.ListVal(elems), nil
}

func copyPath(p cty.Path, name string) cty.Path {
	out := make(cty.Path, 0, len(p)+1)
	out = append(out, p...)
	return out.GetAttr(name)
}

// errText is an error's message without a cty path prefix.
func errText(err error) string {
	var pe cty.PathError
	if errors.As(err, &pe) {
		return strings.TrimSpace(pe.Error())
	}
	return fmt.Sprint(err)
}
