package google

import (
	"fmt"
	"time"

	"cloud.google.com/go/storage"
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/providers/internal/kit"
	"github.com/trueup/trueup/schema"
)

// dateLayout is the YYYY-MM-DD form of lifecycle dates.
const dateLayout = "2006-01-02"

var ruleType = lifecycleRuleBlock.ImpliedType()

// expandLifecycle turns the lifecycle_rule blocks of v into the SDK's form.
func expandLifecycle(v cty.Value) (storage.Lifecycle, schema.Diagnostics) {
	var lc storage.Lifecycle
	rules := v.GetAttr("lifecycle_rule")
	if !kit.Usable(rules) {
		return lc, nil
	}
	for i, rule := range rules.AsValueSlice() {
		path := cty.GetAttrPath("lifecycle_rule").IndexInt(i)
		action, cond := kit.FirstBlock(rule, "action"), kit.FirstBlock(rule, "condition")
		if action.IsNull() || cond.IsNull() {
			return lc, schema.Errorf(path, "Incomplete lifecycle rule", "A lifecycle_rule needs one action and one condition block.")
		}
		c, err := expandCondition(cond)
		if err != nil {
			return lc, schema.Errorf(path.GetAttr("condition"), "Invalid lifecycle condition", err.Error())
		}
		lc.Rules = append(lc.Rules, storage.LifecycleRule{
			Action:    storage.LifecycleAction{Type: kit.String(action, "type"), StorageClass: kit.String(action, "storage_class")},
			Condition: c,
		})
	}
	return lc, nil
}

func expandCondition(v cty.Value) (storage.LifecycleCondition, error) {
	c := storage.LifecycleCondition{
		MatchesStorageClasses:   kit.Obj(v).StrList("matches_storage_class"),
		MatchesPrefix:           kit.Obj(v).StrList("matches_prefix"),
		MatchesSuffix:           kit.Obj(v).StrList("matches_suffix"),
		NumNewerVersions:        kit.Int(v, "num_newer_versions"),
		DaysSinceCustomTime:     kit.Int(v, "days_since_custom_time"),
		DaysSinceNoncurrentTime: kit.Int(v, "days_since_noncurrent_time"),
	}
	if kit.IsSet(v, "age") {
		c.AgeInDays = kit.Int(v, "age")
		sendZero := !kit.IsSet(v, "send_age_if_zero") || kit.Bool(v, "send_age_if_zero")
		c.AllObjects = c.AgeInDays == 0 && sendZero
	}
	switch s := kit.String(v, "with_state"); s {
	case "", "ANY":
		c.Liveness = storage.LiveAndArchived
	case "LIVE":
		c.Liveness = storage.Live
	case "ARCHIVED":
		c.Liveness = storage.Archived
	default:
		return c, fmt.Errorf("with_state %q is not LIVE, ARCHIVED or ANY", s)
	}
	for name, dst := range map[string]*time.Time{
		"created_before": &c.CreatedBefore, "custom_time_before": &c.CustomTimeBefore, "noncurrent_time_before": &c.NoncurrentTimeBefore,
	} {
		if s := kit.String(v, name); s != "" {
			t, err := time.Parse(dateLayout, s)
			if err != nil {
				return c, fmt.Errorf("%s %q is not a date in the form YYYY-MM-DD", name, s)
			}
			*dst = t
		}
	}
	return c, nil
}

// flattenLifecycle turns the bucket's lifecycle into lifecycle_rule
// blocks. Zero values the API reports for unset conditions become null;
// send_age_if_zero, which the API does not know, is taken from prior's
// rule at the same index.
func flattenLifecycle(prior cty.Value, lc storage.Lifecycle) cty.Value {
	var priorRules []cty.Value
	if !prior.IsNull() && kit.Usable(prior.GetAttr("lifecycle_rule")) {
		priorRules = prior.GetAttr("lifecycle_rule").AsValueSlice()
	}
	rules := make([]cty.Value, 0, len(lc.Rules))
	for i, r := range lc.Rules {
		sendZero := cty.NullVal(cty.Bool)
		if i < len(priorRules) {
			if pc := kit.FirstBlock(priorRules[i], "condition"); !pc.IsNull() {
				sendZero = pc.GetAttr("send_age_if_zero")
			}
		}
		action := cty.ObjectVal(map[string]cty.Value{
			"type": cty.StringVal(r.Action.Type), "storage_class": kit.StrOrNull(r.Action.StorageClass),
		})
		rules = append(rules, cty.ObjectVal(map[string]cty.Value{
			"action":    cty.ListVal([]cty.Value{action}),
			"condition": cty.ListVal([]cty.Value{flattenCondition(r.Condition, sendZero)}),
		}))
	}
	return kit.BlockList(ruleType, rules...)
}

func flattenCondition(c storage.LifecycleCondition, sendZero cty.Value) cty.Value {
	age := cty.NullVal(cty.Number)
	switch {
	case c.AllObjects:
		age = cty.NumberIntVal(0)
	case c.AgeInDays > 0:
		age = cty.NumberIntVal(c.AgeInDays)
	}
	state := map[storage.Liveness]string{storage.LiveAndArchived: "ANY", storage.Live: "LIVE", storage.Archived: "ARCHIVED"}[c.Liveness]
	return cty.ObjectVal(map[string]cty.Value{
		"age":                        age,
		"created_before":             dateOrNull(c.CreatedBefore),
		"with_state":                 cty.StringVal(state),
		"matches_storage_class":      kit.NullIfEmpty(kit.ListVal(c.MatchesStorageClasses)),
		"matches_prefix":             kit.NullIfEmpty(kit.ListVal(c.MatchesPrefix)),
		"matches_suffix":             kit.NullIfEmpty(kit.ListVal(c.MatchesSuffix)),
		"num_newer_versions":         positiveOrNull(c.NumNewerVersions),
		"custom_time_before":         dateOrNull(c.CustomTimeBefore),
		"days_since_custom_time":     positiveOrNull(c.DaysSinceCustomTime),
		"days_since_noncurrent_time": positiveOrNull(c.DaysSinceNoncurrentTime),
		"noncurrent_time_before":     dateOrNull(c.NoncurrentTimeBefore),
		"send_age_if_zero":           sendZero,
	})
}

func dateOrNull(t time.Time) cty.Value {
	if t.IsZero() {
		return cty.NullVal(cty.String)
	}
	return cty.StringVal(t.Format(dateLayout))
}

func positiveOrNull(i int64) cty.Value {
	if i <= 0 {
		return cty.NullVal(cty.Number)
	}
	return cty.NumberIntVal(i)
}

// planLifecycleDefaults sets with_state to its default, ANY, in every
// rule whose configuration leaves it unset (and so unknown in the plan).
func planLifecycleDefaults(planned cty.Value) cty.Value {
	rules := planned.GetAttr("lifecycle_rule")
	if !kit.Usable(rules) || rules.LengthInt() == 0 {
		return planned
	}
	out := rules.AsValueSlice()
	for i, rule := range out {
		conds := rule.GetAttr("condition")
		if !kit.Usable(conds) || conds.LengthInt() == 0 {
			continue
		}
		cs := conds.AsValueSlice()
		for j, c := range cs {
			if !c.GetAttr("with_state").IsKnown() {
				cs[j] = kit.Set(c, "with_state", cty.StringVal("ANY"))
			}
		}
		out[i] = kit.Set(rule, "condition", cty.ListVal(cs))
	}
	return kit.Set(planned, "lifecycle_rule", cty.ListVal(out))
}
