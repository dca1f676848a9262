package plans

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"slices"
	"time"

	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/engine/state"
	"github.com/zclconf/go-cty/cty"
)

// FileFormat identifies saved plan files. Bump it on any incompatible change.
const FileFormat = "trueup-plan/2"

// sensitiveMark is the mark the engine puts on sensitive values.
const sensitiveMark = "sensitive"

type fileDoc struct {
	Format        string              `json:"format"`
	Mode          string              `json:"mode"`
	Timestamp     time.Time           `json:"timestamp"`
	Commit        string              `json:"commit,omitempty"`
	Workspace     string              `json:"workspace,omitempty"`
	Source        string              `json:"source,omitempty"`
	Errored       bool                `json:"errored,omitempty"`
	Targets       []string            `json:"targets,omitempty"`
	Replace       []string            `json:"replace,omitempty"`
	ConfigDir     string              `json:"config_dir"`
	ConfigSources map[string][]byte   `json:"config_sources"`
	ModuleDirs    map[string]string   `json:"module_dirs,omitempty"`
	Types         []json.RawMessage   `json:"types"`
	Variables     map[string]value    `json:"variables"`
	Ephemeral     []string            `json:"ephemeral_variables,omitempty"`
	PriorState    json.RawMessage     `json:"prior_state"`
	Changes       []fileChange        `json:"changes"`
	Drift         []fileChange        `json:"drift,omitempty"`
	Outputs       []fileOutput        `json:"outputs,omitempty"`
	Relevant      []ResourceAttr      `json:"relevant_attributes,omitempty"`
	Checks        []state.CheckResult `json:"checks,omitempty"`
}

type fileChange struct {
	Addr                string     `json:"addr"`
	Deposed             string     `json:"deposed,omitempty"`
	ProviderKey         string     `json:"provider"`
	Action              string     `json:"action"`
	Before              value      `json:"before"`
	After               value      `json:"after"`
	RequiredReplace     [][]string `json:"required_replace,omitempty"`
	Reason              string     `json:"reason,omitempty"`
	Dependencies        []string   `json:"dependencies,omitempty"`
	CreateBeforeDestroy bool       `json:"create_before_destroy,omitempty"`
	SchemaVersion       int64      `json:"schema_version,omitempty"`
	PriorPrivate        []byte     `json:"prior_private,omitempty"`
	PrevAddr            string     `json:"previous_address,omitempty"`
	Importing           string     `json:"importing_id,omitempty"`
	GeneratedConfig     string     `json:"generated_config,omitempty"`
}

type fileOutput struct {
	Name      string `json:"name"`
	Action    string `json:"action"`
	Before    value  `json:"before"`
	After     value  `json:"after"`
	Sensitive bool   `json:"sensitive,omitempty"`
}

// Encode serialises a plan for WriteFile.
func Encode(p *Plan) ([]byte, error) {
	doc := fileDoc{
		Format: FileFormat, Mode: p.Mode.String(), Timestamp: p.Timestamp,
		Commit: p.Commit, Source: p.Source, Errored: p.Errored, Workspace: p.Workspace,
		Relevant: p.RelevantAttributes, Checks: p.Checks,
		Targets: p.Targets, Replace: p.Replace,
		ConfigDir: p.ConfigDir, ConfigSources: p.ConfigSources, ModuleDirs: p.ModuleDirs,
		Variables: map[string]value{}, Ephemeral: p.EphemeralVariables,
	}
	var err error
	var enc encoder
	// In name order, so that the type table, numbered as values come, is
	// the same for the same plan.
	for _, name := range slices.Sorted(maps.Keys(p.Variables)) {
		if slices.Contains(p.EphemeralVariables, name) {
			continue // never written: the apply is given it again
		}
		if doc.Variables[name], err = enc.value(p.Variables[name]); err != nil {
			return nil, fmt.Errorf("variable %q: %w", name, err)
		}
	}
	if p.PriorState != nil {
		if doc.PriorState, err = state.Encode(p.PriorState); err != nil {
			return nil, err
		}
	}
	if doc.Changes, err = enc.changes(p.Changes); err != nil {
		return nil, err
	}
	if doc.Drift, err = enc.changes(p.Drift); err != nil {
		return nil, err
	}
	for _, oc := range p.Outputs {
		fo := fileOutput{Name: oc.Name, Action: oc.Action.String(), Sensitive: oc.Sensitive}
		if fo.Before, err = enc.value(oc.Before); err != nil {
			return nil, fmt.Errorf("output %q: %w", oc.Name, err)
		}
		if fo.After, err = enc.value(oc.After); err != nil {
			return nil, fmt.Errorf("output %q: %w", oc.Name, err)
		}
		doc.Outputs = append(doc.Outputs, fo)
	}
	doc.Types = enc.types.types
	return json.Marshal(doc)
}

// Decode is the inverse of Encode.
func Decode(b []byte) (*Plan, error) {
	var doc fileDoc
	if err := json.Unmarshal(b, &doc); err != nil {
		return nil, fmt.Errorf("not a trueup plan file: %w", err)
	}
	if doc.Format != FileFormat {
		return nil, fmt.Errorf("not a trueup plan file, or one from an incompatible version (format %q, want %q)", doc.Format, FileFormat)
	}
	p := &Plan{
		Timestamp: doc.Timestamp, Commit: doc.Commit, Source: doc.Source, Errored: doc.Errored, Workspace: doc.Workspace,
		RelevantAttributes: doc.Relevant, Checks: doc.Checks,
		Targets: doc.Targets, Replace: doc.Replace, ConfigDir: doc.ConfigDir, ConfigSources: doc.ConfigSources,
		ModuleDirs: doc.ModuleDirs, Variables: map[string]cty.Value{}, EphemeralVariables: doc.Ephemeral,
	}
	switch doc.Mode {
	case "destroy":
		p.Mode = DestroyMode
	case "refresh-only":
		p.Mode = RefreshOnlyMode
	}
	dec, err := newDecoder(doc.Types)
	if err != nil {
		return nil, err
	}
	for name, v := range doc.Variables {
		if p.Variables[name], err = dec.value(v); err != nil {
			return nil, fmt.Errorf("variable %q: %w", name, err)
		}
	}
	if len(doc.PriorState) > 0 && string(doc.PriorState) != "null" {
		if p.PriorState, err = state.Decode(doc.PriorState); err != nil {
			return nil, fmt.Errorf("plan's prior state: %w", err)
		}
	}
	if p.Changes, err = dec.changes(doc.Changes); err != nil {
		return nil, err
	}
	if p.Drift, err = dec.changes(doc.Drift); err != nil {
		return nil, err
	}
	for _, fo := range doc.Outputs {
		oc := &OutputChange{Name: fo.Name, Sensitive: fo.Sensitive}
		oc.Action, _ = ParseAction(fo.Action)
		if oc.Before, err = dec.value(fo.Before); err != nil {
			return nil, err
		}
		if oc.After, err = dec.value(fo.After); err != nil {
			return nil, err
		}
		p.Outputs = append(p.Outputs, oc)
	}
	return p, nil
}

// WriteFile saves a plan to path.
func WriteFile(path string, p *Plan) error { return Save(path, p, nil) }

// ReadFile loads a plan saved by WriteFile.
func ReadFile(path string) (*Plan, error) { return Load(path, nil) }

// Save writes a plan to path, sealed by sealer (which may encrypt it;
// nil writes it plain). Nothing is written when sealing fails.
func Save(path string, p *Plan, sealer state.Sealer) error {
	b, err := Encode(p)
	if err != nil {
		return fmt.Errorf("encoding plan: %w", err)
	}
	if sealer != nil {
		if b, err = sealer.Seal(b); err != nil {
			return err
		}
	}
	return os.WriteFile(path, b, 0o600)
}

// Load reads a plan saved by Save, opened by sealer (nil: plain).
func Load(path string, sealer state.Sealer) (*Plan, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if sealer != nil {
		if b, err = sealer.Open(b); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
	}
	p, err := Decode(b)
	if err != nil {
		if sealer == nil && bytes.Contains(b, []byte(`"encryption_version"`)) {
			return nil, fmt.Errorf("%s: the plan is encrypted, and no plan encryption is configured: add the terraform { encryption { plan { ... } } } block (or TF_ENCRYPTION) that encrypted it", path)
		}
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return p, nil
}

func (enc *encoder) changes(rcs []*ResourceChange) ([]fileChange, error) {
	out := make([]fileChange, 0, len(rcs))
	for _, rc := range rcs {
		fc := fileChange{
			Addr: rc.Addr.String(), Deposed: rc.Deposed, ProviderKey: rc.ProviderKey,
			Action: rc.Action.String(), Reason: rc.Reason,
			CreateBeforeDestroy: rc.CreateBeforeDestroy, SchemaVersion: rc.SchemaVersion,
			Importing: rc.Importing, GeneratedConfig: rc.GeneratedConfig, PriorPrivate: rc.PriorPrivate,
		}
		if rc.Moved() {
			fc.PrevAddr = rc.PrevAddr.String()
		}
		var err error
		if fc.Before, err = enc.value(rc.Before); err != nil {
			return nil, fmt.Errorf("%s: %w", fc.Addr, err)
		}
		if fc.After, err = enc.value(rc.After); err != nil {
			return nil, fmt.Errorf("%s: %w", fc.Addr, err)
		}
		for _, p := range rc.RequiredReplace {
			fc.RequiredReplace = append(fc.RequiredReplace, pathStrings(p))
		}
		fc.Dependencies = append(fc.Dependencies, rc.Dependencies...)
		out = append(out, fc)
	}
	return out, nil
}

func (dec decoder) changes(fcs []fileChange) ([]*ResourceChange, error) {
	out := make([]*ResourceChange, 0, len(fcs))
	for _, fc := range fcs {
		addr, diags := addrs.ParseResourceInstance(fc.Addr)
		if diags.HasErrors() {
			return nil, fmt.Errorf("invalid address %q in plan: %s", fc.Addr, diags.Error())
		}
		rc := &ResourceChange{
			Addr: addr, Deposed: fc.Deposed, ProviderKey: fc.ProviderKey, Reason: fc.Reason,
			CreateBeforeDestroy: fc.CreateBeforeDestroy, SchemaVersion: fc.SchemaVersion,
			Importing: fc.Importing, GeneratedConfig: fc.GeneratedConfig, PriorPrivate: fc.PriorPrivate,
		}
		if fc.PrevAddr != "" {
			prev, diags := addrs.ParseResourceInstance(fc.PrevAddr)
			if diags.HasErrors() {
				return nil, fmt.Errorf("invalid previous address %q in plan: %s", fc.PrevAddr, diags.Error())
			}
			rc.PrevAddr = prev
		}
		rc.Action, _ = ParseAction(fc.Action)
		var err error
		if rc.Before, err = dec.value(fc.Before); err != nil {
			return nil, fmt.Errorf("%s: %w", fc.Addr, err)
		}
		if rc.After, err = dec.value(fc.After); err != nil {
			return nil, fmt.Errorf("%s: %w", fc.Addr, err)
		}
		for _, p := range fc.RequiredReplace {
			rc.RequiredReplace = append(rc.RequiredReplace, pathFromStrings(p))
		}
		for _, d := range fc.Dependencies {
			t, diags := addrs.ParseTarget(d)
			if diags.HasErrors() {
				return nil, fmt.Errorf("invalid dependency %q in plan", d)
			}
			if s := t.Resource().String(); s != d {
				d = s // written otherwise: as the plan would write it
			}
			rc.Dependencies = append(rc.Dependencies, d)
		}
		out = append(out, rc)
	}
	return out, nil
}
