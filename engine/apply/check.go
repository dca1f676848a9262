package apply

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/trueup/trueup/engine/config"
	"github.com/trueup/trueup/engine/eval"
	"github.com/trueup/trueup/engine/lang"
	"github.com/trueup/trueup/engine/plans"
	"github.com/trueup/trueup/internal/ctyobject"
	"github.com/trueup/trueup/schema"
	"github.com/zclconf/go-cty/cty"
)

// providerAddr is the address of the provider configuration key as
// state records it and errors name it, as Terraform does:
// provider["registry.terraform.io/hashicorp/null"]. Each is formatted once
// per apply: every object recorded holds its resource's provider, and a
// string per object was as many allocations and pointers as objects.
func (x *executor) providerAddr(key string) string {
	x.mu.Lock()
	defer x.mu.Unlock()
	if s, ok := x.providerAddrs[key]; ok {
		return s
	}
	s := eval.StateProviderIn(x.opts.Config, key)
	if x.providerAddrs == nil {
		x.providerAddrs = map[string]string{}
	}
	x.providerAddrs[key] = s
	return s
}

// providerNamed adds the provider's address to a detail text.
func providerNamed(detail, addr string) string {
	return fmt.Sprintf("Provider %s: %s This is a bug in the provider, which should be reported in the provider's own issue tracker.", addr, detail)
}

// checkFinalPlan refuses a final plan that contradicts a known value of the
// saved plan: the provider would do something else than what was approved.
func checkFinalPlan(rc *plans.ResourceChange, final cty.Value, res *config.Resource) *hcl.Diagnostic {
	saved, _ := lang.UnmarkDeep(rc.After)
	if keepsKnown(saved, final, false) {
		return nil
	}
	bad := finalPlanChange(saved, final)
	if bad == nil {
		return nil
	}
	return &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  "Provider produced inconsistent final plan",
		Detail: fmt.Sprintf("When applying %s, the provider planned a different value for %s than the saved plan did. "+
			"Nothing was changed for this object; run plan again.", rc.Addr, schema.FormatPath(bad)),
		Subject: res.DeclRange.Ptr(),
	}
}

// finalPlanChange is checkFinalPlan's walk: the first path where saved
// knows a primitive value that final knows otherwise.
func finalPlanChange(saved, final cty.Value) cty.Path {
	var bad cty.Path
	_ = cty.Walk(saved, func(p cty.Path, sv cty.Value) (bool, error) {
		if bad != nil || !sv.IsKnown() {
			return false, nil
		}
		if !sv.Type().IsPrimitiveType() || sv.IsNull() {
			return true, nil
		}
		fv, err := p.Apply(final)
		if err != nil || !fv.IsKnown() {
			return false, nil
		}
		if !fv.RawEquals(sv) {
			bad = p
		}
		return false, nil
	})
	return bad
}

// checkApplyResult holds the new value to the rules Terraform holds
// providers to after apply: it conforms to the schema, is wholly known,
// and keeps every value the final plan knew.
func checkApplyResult(rc *plans.ResourceChange, ty cty.Type, planned, got cty.Value, provider func(key string) string, res *config.Resource) *hcl.Diagnostic {
	var problem string
	switch {
	case got == cty.NilVal || len(got.Type().TestConformance(ty)) > 0:
		problem = "the new value does not conform to the resource type's schema"
	case got.IsNull():
		problem = "the provider returned no object for a create or update"
	case !ctyobject.WhollyKnown(got):
		problem = "the new value has unknown values in it"
	default:
		if bad := firstChangedKnown(planned, got, rc.After); bad != nil {
			problem = fmt.Sprintf("%s was planned as %s but is now %s", schema.FormatPath(bad.path), bad.planned, bad.got)
		}
	}
	if problem == "" {
		return nil
	}
	d := &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  "Provider produced inconsistent result after apply",
		Detail: fmt.Sprintf("When applying changes to %s, provider %s produced an unexpected new value: %s.\n\n"+
			"This is a bug in the provider, which should be reported in the provider's own issue tracker.", rc.Addr, provider(rc.ProviderKey), problem),
	}
	if res != nil {
		d.Subject = res.DeclRange.Ptr()
	}
	return d
}

type mismatch struct {
	path         cty.Path
	planned, got string
}

// firstChangedKnown finds a known planned primitive value that the new
// value changed. Values that marked (the saved plan's value, with its
// sensitive marks) marks are not quoted.
func firstChangedKnown(planned, got, marked cty.Value) *mismatch {
	if keepsKnown(planned, got, true) {
		return nil
	}
	return walkChangedKnown(planned, got, marked)
}

// walkChangedKnown is firstChangedKnown's walk of every planned value.
func walkChangedKnown(planned, got, marked cty.Value) *mismatch {
	var bad *mismatch
	_ = cty.Walk(planned, func(p cty.Path, pv cty.Value) (bool, error) {
		if bad != nil || !pv.IsKnown() {
			return false, nil
		}
		if pv.IsNull() || pv.Type().IsPrimitiveType() {
			gv, err := p.Apply(got)
			if err != nil {
				return false, nil // set elements and absent keys: not compared
			}
			if !gv.RawEquals(pv) {
				bad = &mismatch{path: p, planned: short(pv), got: short(gv)}
				if mv, err := p.Apply(marked); err != nil || mv.IsMarked() || marked.IsMarked() {
					bad.planned, bad.got = "(sensitive value)", "(sensitive value)"
				}
			}
			return false, nil
		}
		return true, nil
	})
	return bad
}

func short(v cty.Value) string {
	switch {
	case v.IsNull():
		return "null"
	case !v.IsKnown():
		return "(known after apply)"
	case v.Type() == cty.String:
		return fmt.Sprintf("%q", v.AsString())
	case v.Type() == cty.Number:
		return v.AsBigFloat().Text('f', -1)
	case v.Type() == cty.Bool:
		if v.True() {
			return "true"
		}
		return "false"
	}
	return "a different value"
}

// keepsKnown reports that b holds every known primitive value of a at the
// same path, walking both objects' attributes together: the common case
// of the checks above (firstChangedKnown, checkFinalPlan), without the
// path and the path's application to b that cty.Walk makes for each of
// a's values (a fifth of applying an aws_s3_object in the engine). False
// means "not shown": the check's walk then decides, and names the path.
// With nulls, a null of a is a value b must hold (firstChangedKnown);
// without, a null of a is not compared (checkFinalPlan).
func keepsKnown(a, b cty.Value, nulls bool) bool {
	switch {
	case !a.IsKnown():
		return true
	case a.IsMarked() || b.IsMarked() || !a.Type().Equals(b.Type()):
		return false
	case a.IsNull():
		return !nulls || b.IsNull()
	case a.Type().IsPrimitiveType():
		return b.IsKnown() && b.RawEquals(a) || !nulls && !b.IsKnown()
	case a.Type().IsObjectType():
		if b.IsNull() || !b.IsKnown() {
			return false
		}
		ra, okA := ctyobject.Internals(a)
		rb, okB := ctyobject.Internals(b)
		for name := range a.Type().AttributeTypes() {
			if okA && okB {
				// Two plain values alike (strings, bools, nulls) are kept
				// whatever nulls says.
				if same, ok := ctyobject.SamePlain(ra[name], rb[name]); ok && same {
					continue
				}
			}
			if !keepsKnown(ctyobject.GetAttr(a, name), ctyobject.GetAttr(b, name), nulls) {
				return false
			}
		}
		return true
	}
	return b.RawEquals(a)
}
