package drift

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/trueup/trueup/engine/plans"
	"github.com/trueup/trueup/engine/render"
	"github.com/trueup/trueup/schema"
	"github.com/zclconf/go-cty/cty"
)

// Result is a drift report.
type Result struct {
	Resources []ResourceDrift `json:"resources"`
	// Ignored counts the resources whose every change an ignore rule
	// matched.
	Ignored int `json:"ignored"`
}

// ResourceDrift is what changed on one object outside trueup.
type ResourceDrift struct {
	Address string `json:"address"`
	// Action is "changed" or "deleted".
	Action  string       `json:"action"`
	Changes []AttrChange `json:"changes,omitempty"`
}

// AttrChange is one attribute whose live value differs from the recorded
// one. Sensitive values read "(sensitive value)".
type AttrChange struct {
	Path   string `json:"path"`
	Before string `json:"before"`
	After  string `json:"after"`
}

// Drifted reports whether anything drifted that no rule ignores.
func (r *Result) Drifted() bool { return len(r.Resources) > 0 }

// Report lists the drift p recorded, minus what rules ignore.
func Report(p *plans.Plan, rules []Rule) *Result {
	res := &Result{Resources: []ResourceDrift{}}
	for _, rc := range p.Drift {
		var applicable []Rule
		for _, r := range rules {
			if r.matches(rc.Addr) {
				applicable = append(applicable, r)
			}
		}
		rd := ResourceDrift{Address: rc.Addr.String(), Action: "changed"}
		if rc.Action == plans.Delete || rc.After.IsNull() {
			rd.Action = "deleted"
			if ignoredWhole(applicable) {
				res.Ignored++
				continue
			}
			res.Resources = append(res.Resources, rd)
			continue
		}
		for _, ch := range changes(rc.Before, rc.After, nil) {
			if !ignoredPath(applicable, ch.path) {
				rd.Changes = append(rd.Changes, AttrChange{Path: schema.FormatPath(ch.path), Before: inline(ch.before), After: inline(ch.after)})
			}
		}
		if len(rd.Changes) == 0 {
			res.Ignored++
			continue
		}
		res.Resources = append(res.Resources, rd)
	}
	return res
}

func ignoredWhole(rules []Rule) bool {
	for _, r := range rules {
		if len(r.Path) == 0 {
			return true
		}
	}
	return false
}

func ignoredPath(rules []Rule, p cty.Path) bool {
	for _, r := range rules {
		if r.covers(p) {
			return true
		}
	}
	return false
}

type change struct {
	path          cty.Path
	before, after cty.Value
}

// changes lists the leaf paths where before and after differ: objects and
// maps are compared key by key; anything else as a whole.
func changes(before, after cty.Value, base cty.Path) []change {
	ub, bm := before.Unmark()
	ua, am := after.Unmark()
	if len(bm) == 0 && len(am) == 0 && mapLike(ub) && mapLike(ua) {
		keys := map[string]bool{}
		for k := range ub.AsValueMap() {
			keys[k] = true
		}
		for k := range ua.AsValueMap() {
			keys[k] = true
		}
		names := make([]string, 0, len(keys))
		for k := range keys {
			names = append(names, k)
		}
		sort.Strings(names)
		var out []change
		for _, k := range names {
			step := cty.PathStep(cty.GetAttrStep{Name: k})
			if ub.Type().IsMapType() || ua.Type().IsMapType() {
				step = cty.IndexStep{Key: cty.StringVal(k)}
			}
			out = append(out, changes(get(ub, k), get(ua, k), append(base.Copy(), step))...)
		}
		return out
	}
	if equal(before, after) {
		return nil
	}
	return []change{{path: base, before: before, after: after}}
}

func mapLike(v cty.Value) bool {
	return v.IsKnown() && !v.IsNull() && (v.Type().IsObjectType() || v.Type().IsMapType())
}

func get(v cty.Value, k string) cty.Value {
	if v.Type().IsObjectType() {
		if v.Type().HasAttribute(k) {
			return v.GetAttr(k)
		}
		return cty.NullVal(cty.DynamicPseudoType)
	}
	if idx := cty.StringVal(k); v.HasIndex(idx).True() {
		return v.Index(idx)
	}
	return cty.NullVal(cty.DynamicPseudoType)
}

func equal(a, b cty.Value) bool {
	ua, _ := a.UnmarkDeep()
	ub, _ := b.UnmarkDeep()
	if ua.IsNull() || ub.IsNull() {
		return ua.IsNull() == ub.IsNull()
	}
	return ua.RawEquals(ub)
}

// Text renders the report for people.
func (r *Result) Text() string {
	var b strings.Builder
	if !r.Drifted() {
		b.WriteString("No drift: every object matches the state trueup last recorded.\n")
	} else {
		fmt.Fprintf(&b, "Drift detected: %d %s changed outside trueup.\n", len(r.Resources), plural(len(r.Resources), "object"))
		for _, rd := range r.Resources {
			fmt.Fprintf(&b, "\n  # %s has been %s\n", rd.Address, map[string]string{"changed": "changed", "deleted": "deleted"}[rd.Action])
			for _, c := range rd.Changes {
				fmt.Fprintf(&b, "    ~ %s: %s -> %s\n", c.Path, oneLine(c.Before), oneLine(c.After))
			}
		}
	}
	if r.Ignored > 0 {
		fmt.Fprintf(&b, "\n(%d %s with drift matched only by ignore rules.)\n", r.Ignored, plural(r.Ignored, "object"))
	}
	return b.String()
}

func oneLine(s string) string {
	if len(s) > 200 {
		s = s[:197] + "..."
	}
	return strings.ReplaceAll(s, "\n", "\\n")
}

func plural(n int, w string) string {
	if n == 1 {
		return w
	}
	return w + "s"
}

// inline renders a value on one line: strings quoted, the rest as the plan
// shows them (sensitive values redacted).
func inline(v cty.Value) string {
	if !v.IsMarked() && v.IsKnown() && !v.IsNull() && v.Type() == cty.String {
		return strconv.Quote(v.AsString())
	}
	return render.Value(v)
}
