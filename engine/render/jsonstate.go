package render

import (
	"encoding/json"
	"io"
	"strings"

	"github.com/trueup/trueup/engine/plans"
	"github.com/trueup/trueup/engine/state"
	"github.com/trueup/trueup/engine/version"
	"github.com/zclconf/go-cty/cty"
)

// StateJSONFormatVersion is the format_version of the JSON state
// document, Terraform's `show -json` layout.
const StateJSONFormatVersion = "1.0"

// jsonState is the state document, also a plan's prior_state.
type jsonState struct {
	FormatVersion    string      `json:"format_version"`
	TerraformVersion string      `json:"terraform_version,omitempty"`
	Values           *jsonValues `json:"values,omitempty"`
	Checks           []jsonCheck `json:"checks,omitempty"`
}

// StateJSON writes the state as Terraform's `show -json` does: the
// values of every object and root output, by module, and the results of
// the configuration's checks. decode returns an object's value, marked
// sensitive where its schema or state says so. Sensitive values are
// written as null (sensitive_values marks them), unlike Terraform's: the
// raw state (`trueup state pull`) is the way to read them.
func StateJSON(w io.Writer, s *state.State, decode func(r *state.Resource, inst *state.Instance) (cty.Value, error)) error {
	doc := jsonState{FormatVersion: StateJSONFormatVersion}
	if s != nil && !s.Empty() {
		doc.TerraformVersion = version.Terraform
		var resources []jsonResource
		for _, r := range s.Resources {
			for _, inst := range r.Instances {
				v, err := decode(r, inst)
				if err != nil {
					return err
				}
				resources = append(resources, stateResourceJSON(r, inst, v))
			}
		}
		doc.Values = &jsonValues{RootModule: buildModules(resources), Outputs: stateOutputsJSON(s)}
		doc.Checks = checksJSON(s.CheckResults)
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}

// stateResourceJSON is one object of state with the value v.
func stateResourceJSON(r *state.Resource, inst *state.Instance, v cty.Value) jsonResource {
	jr := newJSONResource(r.InstanceAddr(inst), "", inst.SchemaVersion, v)
	jr.ProviderName = providerFromState(r.Provider)
	jr.DependsOn = inst.Dependencies
	jr.Tainted = inst.Status == state.Tainted
	jr.DeposedKey = inst.Deposed
	return jr
}

func stateOutputsJSON(s *state.State) map[string]jsonOutput {
	if len(s.Outputs) == 0 {
		return nil
	}
	out := map[string]jsonOutput{}
	for name, o := range s.Outputs {
		out[name] = outputJSON(o.Value, o.Sensitive, false)
	}
	return out
}

// priorStateJSON is a plan's prior_state: the refreshed objects the plan
// was made against (each change's before value, and the data sources
// read while planning), or nil when the state was empty.
func priorStateJSON(p *plans.Plan) *jsonState {
	if p.PriorState == nil || p.PriorState.Empty() {
		return nil
	}
	insts := map[string]*state.Instance{}
	for _, r := range p.PriorState.Resources {
		for _, inst := range r.Instances {
			insts[r.InstanceAddr(inst).String()+"/"+inst.Deposed] = inst
		}
	}
	var resources []jsonResource
	for _, rc := range p.Changes {
		v := rc.Before
		if readAtPlan(rc) {
			v = rc.After
		}
		if v == cty.NilVal || v.IsNull() {
			continue
		}
		jr := newJSONResource(rc.Addr, rc.ProviderKey, rc.SchemaVersion, v)
		jr.DeposedKey = rc.Deposed
		if inst := insts[rc.Addr.String()+"/"+rc.Deposed]; inst != nil {
			jr.DependsOn = inst.Dependencies
			jr.Tainted = inst.Status == state.Tainted
		}
		resources = append(resources, jr)
	}
	return &jsonState{
		FormatVersion: StateJSONFormatVersion, TerraformVersion: version.Terraform,
		Values: &jsonValues{RootModule: buildModules(resources), Outputs: stateOutputsJSON(p.PriorState)},
		Checks: checksJSON(p.PriorState.CheckResults),
	}
}

// providerFromState returns the source address in a state provider
// string: module.x.provider["registry.terraform.io/hashicorp/aws"].west.
func providerFromState(s string) string {
	var src string
	if i := strings.Index(s, `provider["`); i >= 0 {
		src = s[i+len(`provider["`):]
		if j := strings.Index(src, `"]`); j >= 0 {
			src = src[:j]
		}
	}
	return src
}
