package render

import (
	"encoding/json"
	"io"
	"math/big"

	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/engine/plans"
	"github.com/zclconf/go-cty/cty"
)

// JSONFormatVersion is the version of the JSON plan and state documents.
// Their layout follows Terraform's `show -json` documents.
const JSONFormatVersion = "1.2"

type jsonPlan struct {
	FormatVersion   string                `json:"format_version"`
	TrueupVersion   string                `json:"trueup_version"`
	Mode            string                `json:"mode"`
	Commit          string                `json:"commit,omitempty"`
	Errored         bool                  `json:"errored"`
	Applyable       bool                  `json:"applyable"`
	Complete        bool                  `json:"complete"`
	ResourceChanges []jsonResourceChange  `json:"resource_changes"`
	ResourceDrift   []jsonResourceChange  `json:"resource_drift"`
	OutputChanges   map[string]jsonChange `json:"output_changes"`
	Summary         jsonSummary           `json:"summary"`
}

type jsonSummary struct {
	Add     int `json:"add"`
	Change  int `json:"change"`
	Destroy int `json:"destroy"`
}

type jsonResourceChange struct {
	Address      string     `json:"address"`
	Mode         string     `json:"mode"`
	Type         string     `json:"type"`
	Name         string     `json:"name"`
	Index        any        `json:"index,omitempty"`
	Deposed      string     `json:"deposed,omitempty"`
	ProviderName string     `json:"provider_name"`
	Change       jsonChange `json:"change"`
	ActionReason string     `json:"action_reason,omitempty"`
}

type jsonChange struct {
	Actions         []string `json:"actions"`
	Before          any      `json:"before"`
	After           any      `json:"after"`
	AfterUnknown    any      `json:"after_unknown"`
	BeforeSensitive any      `json:"before_sensitive"`
	AfterSensitive  any      `json:"after_sensitive"`
	ReplacePaths    [][]any  `json:"replace_paths,omitempty"`
	// Importing and GeneratedConfig are set as in Terraform's plan JSON
	// when an import block adopts the object.
	Importing       *jsonImporting `json:"importing,omitempty"`
	GeneratedConfig string         `json:"generated_config,omitempty"`
}

type jsonImporting struct {
	ID string `json:"id"`
}

// PlanJSON writes the machine-readable plan document. Sensitive values are
// never written: they appear as null, with *_sensitive marking where they
// were. Unknown values appear as null with after_unknown marking them.
func PlanJSON(w io.Writer, p *plans.Plan, version string) error {
	cn := p.Counts()
	doc := jsonPlan{
		FormatVersion: JSONFormatVersion, TrueupVersion: version, Mode: p.Mode.String(), Commit: p.Commit,
		Errored: p.Errored, Applyable: !p.Errored && p.HasChanges(), Complete: !p.Errored,
		ResourceChanges: []jsonResourceChange{}, ResourceDrift: []jsonResourceChange{},
		OutputChanges: map[string]jsonChange{},
		Summary:       jsonSummary{Add: cn.Add, Change: cn.Change, Destroy: cn.Destroy},
	}
	for _, rc := range p.Changes {
		doc.ResourceChanges = append(doc.ResourceChanges, resourceChangeJSON(rc))
	}
	for _, rc := range p.Drift {
		doc.ResourceDrift = append(doc.ResourceDrift, resourceChangeJSON(rc))
	}
	for _, oc := range p.Outputs {
		before, after := oc.Before, oc.After
		if oc.Sensitive {
			before, after = before.Mark(sensitiveMark), after.Mark(sensitiveMark)
		}
		doc.OutputChanges[oc.Name] = changeJSON(oc.Action, before, after, nil)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}

func resourceChangeJSON(rc *plans.ResourceChange) jsonResourceChange {
	mode := "managed"
	if rc.Addr.Resource.Mode == addrs.DataResourceMode {
		mode = "data"
	}
	out := jsonResourceChange{
		Address: rc.Addr.String(), Mode: mode, Type: rc.Addr.Resource.Type, Name: rc.Addr.Resource.Name,
		Deposed: rc.Deposed, ProviderName: rc.ProviderKey, ActionReason: rc.Reason,
		Change: changeJSON(rc.Action, rc.Before, rc.After, rc.RequiredReplace),
	}
	if rc.Importing != "" {
		out.Change.Importing = &jsonImporting{ID: rc.Importing}
		out.Change.GeneratedConfig = rc.GeneratedConfig
	}
	if rc.Reason == plans.ReasonCheckNested {
		out.ActionReason = "read_because_check_nested"
	}
	if rc.Addr.Key != addrs.NoKey {
		k := rc.Addr.Key.Value()
		if k.Type() == cty.String {
			out.Index = k.AsString()
		} else {
			i, _ := k.AsBigFloat().Int64()
			out.Index = i
		}
	}
	return out
}

func changeJSON(a plans.Action, before, after cty.Value, replace []cty.Path) jsonChange {
	c := jsonChange{Actions: a.JSONActions()}
	c.Before, _, c.BeforeSensitive = jsonValue(before)
	c.After, c.AfterUnknown, c.AfterSensitive = jsonValue(after)
	for _, p := range replace {
		var steps []any
		for _, s := range p {
			switch s := s.(type) {
			case cty.GetAttrStep:
				steps = append(steps, s.Name)
			case cty.IndexStep:
				if s.Key.Type() == cty.String {
					steps = append(steps, s.Key.AsString())
				} else if s.Key.Type() == cty.Number {
					i, _ := s.Key.AsBigFloat().Int64()
					steps = append(steps, i)
				}
			}
		}
		c.ReplacePaths = append(c.ReplacePaths, steps)
	}
	return c
}

// jsonValue converts v to plain JSON data, with sensitive and unknown
// values replaced by null, and returns alongside the trees that mark where
// values were unknown and where they were sensitive (false when none).
func jsonValue(v cty.Value) (val, unknown, sensitive any) {
	if v == cty.NilVal {
		return nil, false, false
	}
	if isSensitive(v) {
		return nil, false, true
	}
	v, _ = v.Unmark()
	if !v.IsKnown() {
		return nil, true, false
	}
	if v.IsNull() {
		return nil, false, false
	}
	ty := v.Type()
	switch {
	case ty == cty.String:
		return v.AsString(), false, false
	case ty == cty.Number:
		bf := v.AsBigFloat()
		if bf.IsInt() {
			i, acc := bf.Int64()
			if acc == big.Exact {
				return i, false, false
			}
		}
		f, _ := bf.Float64()
		return f, false, false
	case ty == cty.Bool:
		return v.True(), false, false
	case ty.IsListType() || ty.IsSetType() || ty.IsTupleType():
		vals, unks, sens := []any{}, []any{}, []any{}
		anyUnk, anySens := false, false
		for it := v.ElementIterator(); it.Next(); {
			_, ev := it.Element()
			a, u, s := jsonValue(ev)
			vals, unks, sens = append(vals, a), append(unks, u), append(sens, s)
			anyUnk = anyUnk || u != false
			anySens = anySens || s != false
		}
		return vals, pick(anyUnk, unks), pick(anySens, sens)
	case ty.IsMapType() || ty.IsObjectType():
		vals, unks, sens := map[string]any{}, map[string]any{}, map[string]any{}
		for k, ev := range v.AsValueMap() {
			a, u, s := jsonValue(ev)
			vals[k] = a
			if u != false {
				unks[k] = u
			}
			if s != false {
				sens[k] = s
			}
		}
		return vals, pick(len(unks) > 0, unks), pick(len(sens) > 0, sens)
	}
	return nil, false, false
}

func pick(any_ bool, tree any) any {
	if any_ {
		return tree
	}
	return false
}
