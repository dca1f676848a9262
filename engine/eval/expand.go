package eval

import (
	"fmt"
	"math/big"
	"sort"

	"github.com/hashicorp/hcl/v2"
	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/engine/config"
	"github.com/trueup/trueup/engine/lang"
	"github.com/zclconf/go-cty/cty"
)

// Expansion is the set of instances a resource block expands to.
type Expansion struct {
	Each EachMode
	// Known is false when count or for_each is not known yet (plan only).
	Known bool
	// Keys are the instance keys in order.
	Keys []addrs.InstanceKey
	// EachValues holds each.value per for_each key.
	EachValues map[addrs.InstanceKey]cty.Value
}

// Expand evaluates a resource block's count or for_each in module
// instance mi.
func (e *Evaluator) Expand(mi addrs.ModuleInstance, res *config.Resource) (Expansion, hcl.Diagnostics) {
	return e.expand(mi, res.Count, res.ForEach)
}

func (e *Evaluator) expand(mi addrs.ModuleInstance, count, forEach hcl.Expression) (Expansion, hcl.Diagnostics) {
	switch {
	case count != nil:
		return e.expandCount(e.Scope(mi), count)
	case forEach != nil:
		return e.expandForEach(e.Scope(mi), forEach)
	}
	return Expansion{Each: NoEach, Known: true, Keys: []addrs.InstanceKey{addrs.NoKey}}, nil
}

func (e *Evaluator) expandCount(scope *lang.Scope, expr hcl.Expression) (Expansion, hcl.Diagnostics) {
	exp := Expansion{Each: CountEach}
	v, diags := scope.EvalExpr(expr, cty.Number)
	if diags.HasErrors() {
		return exp, diags
	}
	bad := func(detail string) (Expansion, hcl.Diagnostics) {
		return exp, append(diags, &hcl.Diagnostic{
			Severity: hcl.DiagError, Summary: "Invalid count argument",
			Detail: detail, Subject: expr.Range().Ptr(),
		})
	}
	if v.HasMark(lang.Ephemeral) {
		return bad(`The given "count" is derived from an ephemeral value, which means that trueup cannot persist it between plan/apply rounds. Use only non-ephemeral values to specify the number of resource instances.`)
	}
	if v.IsMarked() {
		return bad("Sensitive values, or values derived from sensitive values, cannot be used as count arguments.")
	}
	if v.IsNull() {
		return bad("The given \"count\" argument value is null. An integer is required.")
	}
	if !v.IsKnown() {
		return exp, diags
	}
	n, acc := v.AsBigFloat().Int64()
	if acc != big.Exact || n < 0 {
		return bad(fmt.Sprintf("The given \"count\" argument value is %s: a whole number of zero or more is required.", v.AsBigFloat().Text('f', -1)))
	}
	exp.Known = true
	exp.Keys = make([]addrs.InstanceKey, n)
	for i := range exp.Keys {
		exp.Keys[i] = addrs.IntKey(i)
	}
	return exp, diags
}

func (e *Evaluator) expandForEach(scope *lang.Scope, expr hcl.Expression) (Expansion, hcl.Diagnostics) {
	exp := Expansion{Each: ForEachEach, EachValues: map[addrs.InstanceKey]cty.Value{}}
	v, diags := scope.EvalExpr(expr, cty.DynamicPseudoType)
	if diags.HasErrors() {
		return exp, diags
	}
	bad := func(detail string) (Expansion, hcl.Diagnostics) {
		return exp, append(diags, &hcl.Diagnostic{
			Severity: hcl.DiagError, Summary: "Invalid for_each argument",
			Detail: detail, Subject: expr.Range().Ptr(),
		})
	}
	if lang.MarkedWith(v, lang.Ephemeral) {
		return bad(`The given "for_each" value is derived from an ephemeral value, which means that trueup cannot persist it between plan/apply rounds. Use only non-ephemeral values to specify a resource's instance keys.`)
	}
	if v.IsMarked() {
		return bad("Sensitive values, or values derived from sensitive values, cannot be used as for_each arguments: the keys would be shown in plan output.")
	}
	if v.IsNull() {
		return bad("The given \"for_each\" argument value is null. A map, or set of strings, is allowed.")
	}
	ty := v.Type()
	switch {
	case ty.IsMapType() || ty.IsObjectType():
	case ty.IsSetType():
		if !ty.ElementType().Equals(cty.String) && ty.ElementType() != cty.DynamicPseudoType {
			return bad(fmt.Sprintf("The given \"for_each\" argument value is a set of %s: a set of strings is required.", ty.ElementType().FriendlyName()))
		}
	case ty == cty.DynamicPseudoType:
	default:
		return bad(fmt.Sprintf("The given \"for_each\" argument value is %s: a map, or set of strings, is required. Convert a list with toset().", ty.FriendlyName()))
	}
	if !v.IsWhollyKnown() && (!v.IsKnown() || ty.IsSetType()) {
		return exp, diags
	}
	var keys []string
	for it := v.ElementIterator(); it.Next(); {
		k, ev := it.Element()
		if ty.IsSetType() {
			if k.IsNull() {
				return bad("The given \"for_each\" argument value is a set containing null: set elements are the instance keys and must not be null.")
			}
			ev = k
		}
		if !k.IsKnown() {
			return exp, diags
		}
		key := k.AsString()
		keys = append(keys, key)
		exp.EachValues[addrs.StringKey(key)] = ev
	}
	sort.Strings(keys)
	exp.Known = true
	for _, k := range keys {
		exp.Keys = append(exp.Keys, addrs.StringKey(k))
	}
	return exp, diags
}

// ExpandImport evaluates an import block's for_each in the root module.
func (e *Evaluator) ExpandImport(forEach hcl.Expression) (Expansion, hcl.Diagnostics) {
	return e.expandForEach(e.Scope(addrs.RootModuleInstance), forEach)
}
