package state

import (
	"fmt"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"
)

const (
	getAttrStep = "get_attr"
	indexStep   = "index"
)

// pathStepV4 is one step of a sensitive attribute path, as Terraform
// writes it: {"type":"get_attr","value":"name"} or
// {"type":"index","value":{"value":0,"type":"number"}}.
type pathStepV4 struct {
	Type  string         `json:"type"`
	Value jsontext.Value `json:"value"`
}

// emptyPaths is what Terraform writes for an instance with no sensitive
// attribute.
var emptyPaths = jsontext.Value("[]")

// marshalPaths writes paths in Terraform's version 4 format.
func marshalPaths(paths []cty.Path) (jsontext.Value, error) {
	if len(paths) == 0 {
		return emptyPaths, nil
	}
	out := make([][]pathStepV4, len(paths))
	for i, p := range paths {
		steps, err := marshalPath(p)
		if err != nil {
			return nil, err
		}
		out[i] = steps
	}
	return jsonv2.Marshal(out, docOptions)
}

func marshalPath(p cty.Path) ([]pathStepV4, error) {
	steps := make([]pathStepV4, len(p))
	for i, step := range p {
		switch s := step.(type) {
		case cty.GetAttrStep:
			name, err := jsonv2.Marshal(s.Name, docOptions)
			if err != nil {
				return nil, err
			}
			steps[i] = pathStepV4{Type: getAttrStep, Value: name}
		case cty.IndexStep:
			k, _ := s.Key.UnmarkDeep()
			key, err := ctyjson.Marshal(k, cty.DynamicPseudoType)
			if err != nil {
				return nil, fmt.Errorf("sensitive attribute path index: %w", err)
			}
			steps[i] = pathStepV4{Type: indexStep, Value: key}
		default:
			return nil, fmt.Errorf("sensitive attribute path: unsupported step %T", step)
		}
	}
	return steps, nil
}

// unmarshalPaths reads paths written in Terraform's version 4 format.
func unmarshalPaths(raw []byte) ([]cty.Path, error) {
	if len(raw) == 0 || string(raw) == "null" || string(raw) == "[]" {
		return nil, nil
	}
	var in [][]pathStepV4
	if err := jsonv2.Unmarshal(raw, &in); err != nil {
		return nil, fmt.Errorf("sensitive_attributes: %w", err)
	}
	paths := make([]cty.Path, len(in))
	for i, steps := range in {
		p, err := unmarshalPath(steps)
		if err != nil {
			return nil, fmt.Errorf("sensitive_attributes[%d]: %w", i, err)
		}
		paths[i] = p
	}
	return paths, nil
}

func unmarshalPath(steps []pathStepV4) (cty.Path, error) {
	p := make(cty.Path, len(steps))
	for i, s := range steps {
		switch s.Type {
		case getAttrStep:
			var name string
			if err := jsonv2.Unmarshal(s.Value, &name); err != nil {
				return nil, fmt.Errorf("step %d: get_attr value must be a string", i)
			}
			p[i] = cty.GetAttrStep{Name: name}
		case indexStep:
			key, err := ctyjson.Unmarshal(s.Value, cty.DynamicPseudoType)
			if err != nil {
				return nil, fmt.Errorf("step %d: index value: %w", i, err)
			}
			p[i] = cty.IndexStep{Key: key}
		default:
			return nil, fmt.Errorf("step %d: unknown step type %q (want get_attr or index)", i, s.Type)
		}
	}
	return p, nil
}
