package apply

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/trueup/trueup/engine/config"
	"github.com/trueup/trueup/engine/eval"
	"github.com/trueup/trueup/engine/plans"
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
	case !got.IsWhollyKnown():
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
