package render

import (
	"encoding/json"
	"io"
	"slices"
	"time"

	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/engine/config"
	"github.com/trueup/trueup/engine/plans"
	"github.com/trueup/trueup/engine/version"
	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"
)

// JSONFormatVersion is the format_version of the JSON plan document,
// Terraform's `show -json PLANFILE` layout.
const JSONFormatVersion = "1.2"

// jsonPlan is the plan document: Terraform 1.11's fields, plus trueup's
// own (trueup_version, mode, commit, summary). resource_changes,
// resource_drift and output_changes are always present, empty when there
// are none, as trueup has always written them.
type jsonPlan struct {
	FormatVersion    string                  `json:"format_version"`
	TerraformVersion string                  `json:"terraform_version"`
	TrueupVersion    string                  `json:"trueup_version"`
	Mode             string                  `json:"mode"`
	Commit           string                  `json:"commit,omitempty"`
	Variables        map[string]jsonVariable `json:"variables,omitempty"`
	PlannedValues    jsonValues              `json:"planned_values"`
	ResourceDrift    []jsonResourceChange    `json:"resource_drift"`
	ResourceChanges  []jsonResourceChange    `json:"resource_changes"`
	OutputChanges    map[string]jsonChange   `json:"output_changes"`
	PriorState       *jsonState              `json:"prior_state,omitempty"`
	Configuration    *jsonConfig             `json:"configuration,omitempty"`
	RelevantAttrs    []plans.ResourceAttr    `json:"relevant_attributes,omitempty"`
	Checks           []jsonCheck             `json:"checks,omitempty"`
	Timestamp        string                  `json:"timestamp"`
	Applyable        bool                    `json:"applyable"`
	Complete         bool                    `json:"complete"`
	Errored          bool                    `json:"errored"`
	Summary          jsonSummary             `json:"summary"`
}

type jsonVariable struct {
	Value json.RawMessage `json:"value"`
}

type jsonSummary struct {
	Add     int `json:"add"`
	Change  int `json:"change"`
	Destroy int `json:"destroy"`
}

type jsonResourceChange struct {
	Address         string     `json:"address"`
	PreviousAddress string     `json:"previous_address,omitempty"`
	ModuleAddress   string     `json:"module_address,omitempty"`
	Mode            string     `json:"mode"`
	Type            string     `json:"type"`
	Name            string     `json:"name"`
	Index           any        `json:"index,omitempty"`
	ProviderName    string     `json:"provider_name"`
	Deposed         string     `json:"deposed,omitempty"`
	Change          jsonChange `json:"change"`
	ActionReason    string     `json:"action_reason,omitempty"`
}

type jsonChange struct {
	Actions         []string        `json:"actions"`
	Before          json.RawMessage `json:"before,omitempty"`
	After           json.RawMessage `json:"after,omitempty"`
	AfterUnknown    json.RawMessage `json:"after_unknown"`
	BeforeSensitive json.RawMessage `json:"before_sensitive"`
	AfterSensitive  json.RawMessage `json:"after_sensitive"`
	ReplacePaths    [][]any         `json:"replace_paths,omitempty"`
	Importing       *jsonImporting  `json:"importing,omitempty"`
	// GeneratedConfig is the block plan -generate-config-out wrote.
	GeneratedConfig string `json:"generated_config,omitempty"`
}

type jsonImporting struct {
	ID string `json:"id"`
}

// PlanJSON writes the machine-readable plan document, Terraform's
// `show -json PLANFILE` layout. Sensitive values are never written: they
// appear as null, with *_sensitive and sensitive_values marking where they
// were. Unknown values are left out (null in lists), with after_unknown
// marking them. The configuration is read from the plan's snapshot.
func PlanJSON(w io.Writer, p *plans.Plan, trueupVersion string) error {
	cn := p.Counts()
	cfg := snapshotConfig(p)
	doc := jsonPlan{
		FormatVersion: JSONFormatVersion, TerraformVersion: version.Terraform, TrueupVersion: trueupVersion,
		Mode: p.Mode.String(), Commit: p.Commit,
		Variables:       variablesJSON(p, cfg),
		PlannedValues:   plannedValuesJSON(p),
		ResourceDrift:   []jsonResourceChange{},
		ResourceChanges: []jsonResourceChange{},
		OutputChanges:   map[string]jsonChange{},
		PriorState:      priorStateJSON(p),
		RelevantAttrs:   p.RelevantAttributes,
		Checks:          checksJSON(p.Checks),
		Timestamp:       p.Timestamp.UTC().Format(time.RFC3339),
		Errored:         p.Errored, Applyable: !p.Errored && p.HasChanges(),
		Complete: !p.Errored && len(p.Targets) == 0 && len(p.Excludes) == 0,
		Summary:  jsonSummary{Add: cn.Add, Change: cn.Change, Destroy: cn.Destroy},
	}
	for _, rc := range p.Changes {
		if readAtPlan(rc) {
			continue
		}
		doc.ResourceChanges = append(doc.ResourceChanges, resourceChangeJSON(cfg, rc))
	}
	for _, rc := range p.Drift {
		doc.ResourceDrift = append(doc.ResourceDrift, resourceChangeJSON(cfg, rc))
	}
	for _, oc := range p.Outputs {
		doc.OutputChanges[oc.Name] = outputChangeJSON(oc)
	}
	if cfg != nil {
		doc.Configuration = configurationJSON(cfg, schemaVersions(p))
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}

// readAtPlan reports whether rc is a data source read while planning:
// Terraform lists those in prior_state, not as changes.
func readAtPlan(rc *plans.ResourceChange) bool {
	return rc.Addr.Resource.Mode == addrs.DataResourceMode && rc.Action == plans.NoOp
}

// variablesJSON returns the root input variables; sensitive ones are null.
func variablesJSON(p *plans.Plan, cfg *config.Config) map[string]jsonVariable {
	if len(p.Variables) == 0 {
		return nil
	}
	sensitive := map[string]bool{}
	if cfg != nil {
		for name, v := range cfg.Module.Variables {
			sensitive[name] = v.Sensitive
		}
	}
	out := map[string]jsonVariable{}
	for name, v := range p.Variables {
		if slices.Contains(p.EphemeralVariables, name) {
			continue // never written, as in Terraform's JSON
		}
		if sensitive[name] {
			v = v.Mark(sensitiveMark)
		}
		val, _ := plainValue(v)
		out[name] = jsonVariable{Value: mustJSON(val)}
	}
	return out
}

func resourceChangeJSON(cfg *config.Config, rc *plans.ResourceChange) jsonResourceChange {
	out := jsonResourceChange{
		Address: rc.Addr.String(), ModuleAddress: string(rc.Addr.Resource.Module),
		Mode: rc.Addr.Resource.Mode.String(), Type: rc.Addr.Resource.Type, Name: rc.Addr.Resource.Name,
		Index: addrs.KeyJSON(rc.Addr.Key), Deposed: rc.Deposed, ProviderName: ProviderFQN(rc.ProviderKey),
		ActionReason: actionReason(rc),
		Change:       changeJSON(rc.Action, rc.Before, afterValue(rc), rc.RequiredReplace),
	}
	if rc.Moved() {
		out.PreviousAddress = rc.PrevAddr.String()
	}
	if out.Change.AfterUnknown == nil || string(out.Change.AfterUnknown) == "false" {
		// A resource's tree is an object even when nothing is unknown.
		out.Change.AfterUnknown = json.RawMessage("{}")
	}
	if rc.Importing != "" {
		out.Change.Importing = &jsonImporting{ID: rc.Importing}
		out.Change.GeneratedConfig = rc.GeneratedConfig
	}
	return out
}

func changeJSON(a plans.Action, before, after cty.Value, replace []cty.Path) jsonChange {
	c := jsonChange{
		Actions: a.JSONActions(),
		Before:  rawValue(before), After: rawValue(after),
		AfterUnknown:    mustJSON(unknownTree(after)),
		BeforeSensitive: mustJSON(sensitiveTree(before)), AfterSensitive: mustJSON(sensitiveTree(after)),
	}
	for _, p := range replace {
		c.ReplacePaths = append(c.ReplacePaths, pathJSON(p))
	}
	return c
}

// outputChangeJSON is an output's change. As in Terraform, the sensitive
// trees of an output are just its sensitive flag; unlike Terraform, a
// sensitive output's values are null.
func outputChangeJSON(oc *plans.OutputChange) jsonChange {
	before, after := oc.Before, oc.After
	if oc.Sensitive {
		before, after = before.Mark(sensitiveMark), after.Mark(sensitiveMark)
	}
	c := changeJSON(oc.Action, before, after, nil)
	flag := mustJSON(oc.Sensitive)
	c.BeforeSensitive, c.AfterSensitive = flag, flag
	return c
}

func pathJSON(p cty.Path) []any {
	steps := []any{}
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
	return steps
}

// plannedValuesJSON is planned_values: every object and root output as
// the plan leaves it.
func plannedValuesJSON(p *plans.Plan) jsonValues {
	var resources []jsonResource
	for _, rc := range p.Changes {
		if rc.Deposed != "" || rc.Action == plans.Delete || readAtPlan(rc) {
			continue
		}
		resources = append(resources, newJSONResource(rc.Addr, rc.ProviderKey, rc.SchemaVersion, afterValue(rc)))
	}
	vals := jsonValues{RootModule: buildModules(resources)}
	for _, oc := range p.Outputs {
		if oc.Action == plans.Delete {
			continue
		}
		if vals.Outputs == nil {
			vals.Outputs = map[string]jsonOutput{}
		}
		vals.Outputs[oc.Name] = outputJSON(oc.After, oc.Sensitive, false)
	}
	return vals
}

// outputJSON is an output value with its type, the value left out when
// unknown or (unless withSensitive) sensitive.
func outputJSON(v cty.Value, sensitive, withSensitive bool) jsonOutput {
	out := jsonOutput{Sensitive: sensitive}
	v, _ = v.UnmarkDeep()
	if v == cty.NilVal || !v.IsWhollyKnown() {
		return out
	}
	if ty, err := ctyjson.MarshalType(v.Type()); err == nil {
		out.Type = ty
	}
	if sensitive && !withSensitive {
		return out
	}
	if raw, err := ctyjson.Marshal(v, v.Type()); err == nil {
		out.Value = raw
	}
	return out
}

// schemaVersions returns the schema version of each resource type the
// plan has an object of.
func schemaVersions(p *plans.Plan) map[string]int64 {
	out := map[string]int64{}
	for _, rc := range slices.Concat(p.Changes, p.Drift) {
		out[rc.Addr.Resource.Type] = rc.SchemaVersion
	}
	return out
}

// afterValue is a change's after value as Terraform writes it: null for
// an object to forget, which trueup's plan carries unchanged.
func afterValue(rc *plans.ResourceChange) cty.Value {
	if rc.Action == plans.Forget && rc.After != cty.NilVal {
		return cty.NullVal(rc.After.Type())
	}
	return rc.After
}
