package google

import (
	"maps"
	"slices"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/providers/internal/kit"
	"github.com/trueup/trueup/schema"
)

// Labels follow the Terraform google provider (v5 and later): labels is
// non-authoritative — it manages the keys configuration names and leaves
// others alone; terraform_labels is what trueup manages (labels, as the
// provider has no default_labels); effective_labels is every label the
// object has, whoever set it.

// labelAttributes are the three label attributes of a labelled resource.
func labelAttributes() map[string]*schema.Attribute {
	return map[string]*schema.Attribute{
		"labels": {Type: cty.Map(cty.String), Optional: true,
			Description: "Labels to manage on the object (non-authoritative: other labels are left alone)."},
		"terraform_labels": {Type: cty.Map(cty.String), Computed: true,
			Description: "The labels trueup manages on the object."},
		"effective_labels": {Type: cty.Map(cty.String), Computed: true,
			Description: "Every label the object has, including those set by other clients."},
	}
}

// planLabels sets terraform_labels and effective_labels of planned from
// its labels: managed keys that configuration dropped are removed from
// effective_labels, configured ones set, others kept.
func planLabels(prior, planned cty.Value) cty.Value {
	managed := kit.Obj(planned).StrMap("labels")
	if !planned.GetAttr("labels").IsWhollyKnown() {
		return kit.SetAll(planned, map[string]cty.Value{
			"terraform_labels": cty.UnknownVal(cty.Map(cty.String)),
			"effective_labels": cty.UnknownVal(cty.Map(cty.String)),
		})
	}
	effective := map[string]string{}
	if !prior.IsNull() {
		effective = kit.Obj(prior).StrMap("effective_labels")
		if effective == nil {
			effective = map[string]string{}
		}
		for k := range kit.Obj(prior).StrMap("terraform_labels") {
			if _, ok := managed[k]; !ok {
				delete(effective, k)
			}
		}
	}
	for k, v := range managed {
		effective[k] = v
	}
	return kit.SetAll(planned, map[string]cty.Value{
		"terraform_labels": kit.MapVal(managed),
		"effective_labels": kit.MapVal(effective),
	})
}

// readLabels sets the label attributes of live from the object's labels.
// labels and terraform_labels keep only the keys prior manages, so a label
// someone else added is not a diff; a value someone changed is. An
// imported object (prior terraform_labels null) adopts every label.
func readLabels(prior, live cty.Value, actual map[string]string) cty.Value {
	labels, managed := kit.MapVal(actual), kit.MapVal(actual)
	if !prior.IsNull() && !prior.GetAttr("terraform_labels").IsNull() {
		labels = filterLabels(prior.GetAttr("labels"), actual)
		managed = filterLabels(prior.GetAttr("terraform_labels"), actual)
	} else if len(actual) == 0 {
		labels = cty.NullVal(cty.Map(cty.String))
	}
	return kit.SetAll(live, map[string]cty.Value{
		"labels":           labels,
		"terraform_labels": managed,
		"effective_labels": kit.MapVal(actual),
	})
}

// filterLabels is actual restricted to the keys of keys (a map value);
// null stays null.
func filterLabels(keys cty.Value, actual map[string]string) cty.Value {
	if !kit.Usable(keys) {
		return keys
	}
	out := map[string]string{}
	for it := keys.ElementIterator(); it.Next(); {
		k, _ := it.Element()
		if v, ok := actual[k.AsString()]; ok {
			out[k.AsString()] = v
		}
	}
	return kit.MapVal(out)
}

// labelChanges is what an update must do to turn the labels of prior into
// those of planned (both by effective_labels): keys to set and to delete.
func labelChanges(prior, planned cty.Value) (set map[string]string, del []string) {
	before, after := kit.Obj(prior).StrMap("effective_labels"), kit.Obj(planned).StrMap("effective_labels")
	set = map[string]string{}
	for k, v := range after {
		if old, ok := before[k]; !ok || old != v {
			set[k] = v
		}
	}
	for _, k := range slices.Sorted(maps.Keys(before)) {
		if _, ok := after[k]; !ok {
			del = append(del, k)
		}
	}
	return set, del
}
