package providertest

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/schema"
)

// checkSchema checks that every resource and data source schema is well
// formed: each attribute has a type and a meaningful combination of
// Required, Optional and Computed.
func checkSchema(t *testing.T, s schema.ProviderSchema) {
	t.Helper()
	for kind, types := range map[string]map[string]*schema.Resource{"resource": s.Resources, "data source": s.DataSources} {
		for _, name := range sortedKeys(types) {
			r := types[name]
			if r == nil || r.Block == nil {
				t.Errorf("%s %s: no schema block", kind, name)
				continue
			}
			for _, msg := range blockProblems(r.Block) {
				t.Errorf("%s %s: %s", kind, name, msg)
			}
		}
	}
}

func blockProblems(b *schema.Block) []string {
	var out []string
	for _, name := range b.AttributeNames() {
		a := b.Attributes[name]
		switch {
		case a == nil || a.Type == cty.NilType:
			out = append(out, fmt.Sprintf("attribute %q has no type", name))
		case a.Required && (a.Optional || a.Computed):
			out = append(out, fmt.Sprintf("attribute %q is Required and also Optional or Computed", name))
		case !a.Required && !a.Optional && !a.Computed:
			out = append(out, fmt.Sprintf("attribute %q is neither Required, Optional nor Computed", name))
		case a.ForceNew && a.Computed && !a.Optional:
			out = append(out, fmt.Sprintf("attribute %q is computed-only, so ForceNew means nothing", name))
		}
	}
	for _, name := range b.BlockTypeNames() {
		for _, msg := range blockProblems(&b.BlockTypes[name].Block) {
			out = append(out, fmt.Sprintf("block %q: %s", name, msg))
		}
	}
	return out
}

// keepsConfig returns the attributes whose planned value contradicts the
// configuration: a configured, known value changed, or a value planned for
// an attribute that configuration leaves null and the provider may not set.
func keepsConfig(b *schema.Block, config, planned cty.Value) []string {
	var errs []string
	for _, name := range b.AttributeNames() {
		a := b.Attributes[name]
		cv, pv := config.GetAttr(name), planned.GetAttr(name)
		switch {
		case cv.IsNull() && !a.Computed && !pv.IsNull():
			errs = append(errs, name+": planned a value for an unset attribute")
		case !cv.IsNull() && cv.IsWhollyKnown() && !pv.RawEquals(cv):
			errs = append(errs, name+": planned value differs from configuration")
		}
	}
	return errs
}

// matchesPlanned returns the paths at which actual differs from a known
// value of planned.
func matchesPlanned(planned, actual cty.Value, path cty.Path) []string {
	switch {
	case !planned.IsKnown():
		return nil
	case planned.IsWhollyKnown():
		if planned.RawEquals(actual) {
			return nil
		}
		return []string{pathString(path)}
	case actual.IsNull() || !actual.IsKnown():
		return []string{pathString(path)}
	}
	var out []string
	ty := planned.Type()
	switch {
	case ty.IsObjectType():
		for name := range ty.AttributeTypes() {
			out = append(out, matchesPlanned(planned.GetAttr(name), actual.GetAttr(name), path.GetAttr(name))...)
		}
	case ty.IsListType() || ty.IsTupleType() || ty.IsMapType():
		if planned.LengthInt() != actual.LengthInt() {
			return []string{pathString(path)}
		}
		for it := planned.ElementIterator(); it.Next(); {
			k, pv := it.Element()
			if actual.HasIndex(k).False() {
				out = append(out, pathString(path.Index(k)))
				continue
			}
			out = append(out, matchesPlanned(pv, actual.Index(k), path.Index(k))...)
		}
	}
	// Partially known sets have no element identity to compare by.
	sort.Strings(out)
	return out
}

// differingAttrs returns the names of the attributes, other than ignore,
// whose values differ between a and b.
func differingAttrs(block *schema.Block, a, b cty.Value, ignore []string) []string {
	var out []string
	for name := range block.ImpliedType().AttributeTypes() {
		if slices.Contains(ignore, name) {
			continue
		}
		if !a.GetAttr(name).RawEquals(b.GetAttr(name)) {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}

// format renders an object for a failure message, with sensitive
// attributes redacted: secrets never reach test output.
func format(block *schema.Block, v cty.Value) string {
	switch {
	case v.IsNull():
		return "null"
	case !v.IsKnown():
		return "(unknown)"
	}
	var parts []string
	for name := range block.ImpliedType().AttributeTypes() {
		av := v.GetAttr(name)
		s := av.GoString()
		if a := block.Attributes[name]; a != nil && a.Sensitive && !av.IsNull() {
			s = "(sensitive)"
		}
		parts = append(parts, name+" = "+s)
	}
	sort.Strings(parts)
	return "{" + strings.Join(parts, ", ") + "}"
}

func pathStrings(paths []cty.Path) []string {
	out := make([]string, len(paths))
	for i, p := range paths {
		out[i] = pathString(p)
	}
	return out
}

func pathString(p cty.Path) string {
	if len(p) == 0 {
		return "(object)"
	}
	var sb strings.Builder
	for _, step := range p {
		switch s := step.(type) {
		case cty.GetAttrStep:
			if sb.Len() > 0 {
				sb.WriteByte('.')
			}
			sb.WriteString(s.Name)
		case cty.IndexStep:
			sb.WriteString("[" + s.Key.GoString() + "]")
		}
	}
	return sb.String()
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
