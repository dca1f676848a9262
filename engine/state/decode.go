package state

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	ctyjson "github.com/zclconf/go-cty/cty/json"

	"github.com/trueup/trueup/engine/addrs"
)

// Decode reads a state document written by Encode or by Terraform (format
// version 4). Attribute bodies are kept as the JSON they are, not decoded:
// each is the part of b that holds it, not a copy (borrowRawValues), so
// the caller must not change b afterwards.
// It fails with a clear error for input that is not JSON (naming line and
// column), a document that is not a state, another format version, a
// missing lineage, and malformed resources or outputs.
func Decode(b []byte) (*State, error) {
	if len(bytes.TrimSpace(b)) == 0 {
		return nil, errors.New("state file is empty")
	}
	var doc stateV4
	if err := jsonv2.Unmarshal(b, &doc, borrowRawValues(b), lastNameWins); err != nil {
		return nil, explainDecodeError(b, err)
	}
	if err := checkVersion(doc.Version); err != nil {
		return nil, err
	}
	if doc.Lineage == "" {
		return nil, errors.New("state document has no lineage")
	}
	return fromDocument(&doc)
}

// borrowRawValues decodes each raw JSON value of the document (an
// instance's attributes, an output's value) as the slice of in that holds
// it, capped so that an append cannot write into in, instead of a copy:
// at 10,000 objects the copies were 10 MB of fresh heap, a fifth of the
// time a plan spent reading the state. A value the decoder did not read
// from in itself is copied.
func borrowRawValues(in []byte) jsonv2.Options {
	return jsonv2.WithUnmarshalers(jsonv2.UnmarshalFromFunc(func(dec *jsontext.Decoder, v *jsontext.Value) error {
		val, err := dec.ReadValue()
		if err != nil {
			return err
		}
		end := int(dec.InputOffset())
		if start := end - len(val); len(val) > 0 && start >= 0 && end <= len(in) && &in[start] == &val[0] {
			*v = jsontext.Value(in[start:end:end])
			return nil
		}
		*v = append((*v)[:0], val...)
		return nil
	}))
}

// lastNameWins reads an object that repeats a name as Terraform's reader
// (encoding/json) does, the last one winning, instead of refusing it; and
// it spares the decoder a set of every object's names (a fifth of
// decoding a 10,000-object state). eval's attribute decoder keeps the
// same rule for the attribute bodies.
var lastNameWins = jsontext.AllowDuplicateNames(true)

func checkVersion(v *uint64) error {
	if v == nil {
		return errors.New(`not a state document: it has no "version" field`)
	}
	if *v != FormatVersion {
		return fmt.Errorf("unsupported state format version %d: trueup reads version %d", *v, FormatVersion)
	}
	return nil
}

// explainDecodeError turns a syntax error into one naming the line and
// column, and a document of the wrong shape into "not a state" or
// "unsupported version" when that is what it is, before naming the field
// that did not decode.
func explainDecodeError(b []byte, err error) error {
	var syn *jsontext.SyntacticError
	if errors.As(err, &syn) {
		line, col := position(b, syn.ByteOffset)
		return fmt.Errorf("state file is not valid JSON: line %d, column %d (offset %d): %v", line, col, syn.ByteOffset, syn.Err)
	}
	var sem *jsonv2.SemanticError
	if errors.As(err, &sem) && sem.JSONPointer == "" {
		return fmt.Errorf("not a state document: the top level is a JSON %s, want an object", kindName(sem.JSONKind))
	}
	if errors.As(err, &sem) && sem.JSONPointer == "/version" {
		return fmt.Errorf("not a state document: its version is a JSON %s, want a number", kindName(sem.JSONKind))
	}
	// Another version's document has another shape: say so rather than
	// naming the first field that does not fit.
	var probe struct {
		Version *uint64 `json:"version"`
	}
	if jsonv2.Unmarshal(b, &probe) == nil {
		if verr := checkVersion(probe.Version); verr != nil {
			return verr
		}
	}
	return fmt.Errorf("state document: %w", err)
}

func kindName(k jsontext.Kind) string {
	switch k {
	case '[':
		return "array"
	case '{':
		return "object"
	case '"':
		return "string"
	case '0':
		return "number"
	case 't', 'f':
		return "boolean"
	case 'n':
		return "null"
	}
	return "value"
}

// position returns the 1-based line and column of the byte at offset: the
// offending character, or just past the end of truncated input.
func position(b []byte, offset int64) (line, col int) {
	offset = min(max(offset, 0), int64(len(b)))
	before := b[:offset]
	line = 1 + bytes.Count(before, []byte("\n"))
	col = int(offset) - bytes.LastIndexByte(before, '\n')
	return line, col
}

func fromDocument(doc *stateV4) (*State, error) {
	s := &State{
		Serial:    doc.Serial,
		Lineage:   doc.Lineage,
		Outputs:   make(map[string]*Output, len(doc.Outputs)),
		Resources: make([]*Resource, 0, len(doc.Resources)),
		index:     newResourceIndex(),
	}
	if doc.Trueup != nil {
		s.TrueupVersion = doc.Trueup.Version
		s.Meta = Meta{Commit: doc.Trueup.Commit, Source: doc.Trueup.Source, AppliedAt: doc.Trueup.AppliedAt}
	}
	for name, o := range doc.Outputs {
		out, err := decodeOutput(o)
		if err != nil {
			return nil, fmt.Errorf("state output %q: %w", name, err)
		}
		s.Outputs[name] = out
	}
	checks, err := decodeCheckResults(doc.CheckResults)
	if err != nil {
		return nil, err
	}
	s.CheckResults = checks
	seen := make(map[addrs.Resource]bool, len(doc.Resources))
	for i := range doc.Resources {
		r, err := decodeResource(&doc.Resources[i])
		if err != nil {
			return nil, err
		}
		if seen[r.Addr] {
			return nil, fmt.Errorf("state has resource %s twice", r.Addr)
		}
		seen[r.Addr] = true
		s.Resources = append(s.Resources, r)
	}
	return s, nil
}

func decodeOutput(o outputV4) (*Output, error) {
	if len(o.Type) == 0 {
		return nil, errors.New(`no "type"`)
	}
	ty, err := ctyjson.UnmarshalType(o.Type)
	if err != nil {
		return nil, fmt.Errorf("type: %w", err)
	}
	raw := o.Value
	if len(raw) == 0 {
		raw = jsontext.Value("null")
	}
	v, err := ctyjson.Unmarshal(raw, ty)
	if err != nil {
		return nil, fmt.Errorf("value: %w", err)
	}
	return &Output{Value: v, Sensitive: o.Sensitive}, nil
}

func decodeResource(rv *resourceV4) (*Resource, error) {
	mode, ok := parseMode(rv.Mode)
	r := &Resource{
		Addr:      addrs.Resource{Module: addrs.ModuleInstance(rv.Module), Mode: mode, Type: rv.Type, Name: rv.Name},
		Provider:  rv.Provider,
		EachMode:  rv.EachMode,
		Instances: make([]*Instance, 0, len(rv.Instances)),
	}
	if !ok {
		return nil, fmt.Errorf("state resource %s: mode %q, want managed or data", r.Addr, rv.Mode)
	}
	if rv.Type == "" || rv.Name == "" {
		return nil, fmt.Errorf("state resource %s: no type or name", r.Addr)
	}
	seen := make(map[instanceKey]bool, len(rv.Instances))
	for i := range rv.Instances {
		if rv.Instances[i] == nil {
			return nil, fmt.Errorf("state resource %s instance %d: null", r.Addr, i)
		}
		in, err := decodeInstance(rv.Instances[i])
		if err != nil {
			return nil, fmt.Errorf("state resource %s instance %d: %w", r.Addr, i, err)
		}
		k := instanceKey{key: in.Key, deposed: in.Deposed}
		if seen[k] {
			return nil, fmt.Errorf("state has instance %s twice", r.InstanceAddr(in))
		}
		seen[k] = true
		r.Instances = append(r.Instances, in)
	}
	if len(r.Instances) >= instanceIndexMin {
		r.index = buildInstanceIndex(r.Instances)
	}
	return r, nil
}

type instanceKey struct {
	key     addrs.InstanceKey
	deposed string
}

func decodeInstance(iv *instanceV4) (*Instance, error) {
	key, err := decodeKey(iv.IndexKey)
	if err != nil {
		return nil, err
	}
	paths, err := unmarshalPaths(iv.SensitiveAttributes)
	if err != nil {
		return nil, err
	}
	return &Instance{
		Key:                 key,
		Status:              iv.Status,
		Deposed:             iv.Deposed,
		SchemaVersion:       iv.SchemaVersion,
		Attributes:          json.RawMessage(iv.Attributes),
		SensitiveAttributes: paths,
		Dependencies:        iv.Dependencies,
		CreateBeforeDestroy: iv.CreateBeforeDestroy,
		Private:             iv.Private,
		AttributesFlat:      iv.AttributesFlat,
	}, nil
}

func decodeKey(raw jsontext.Value) (addrs.InstanceKey, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return addrs.NoKey, nil
	}
	if raw[0] == '"' {
		var s string
		if err := jsonv2.Unmarshal(raw, &s); err != nil {
			return addrs.NoKey, fmt.Errorf("index_key: %w", err)
		}
		return addrs.StringKey(s), nil
	}
	n, err := strconv.Atoi(string(raw))
	if err != nil {
		return addrs.NoKey, fmt.Errorf("index_key %s: want an integer or a string", raw)
	}
	return addrs.IntKey(n), nil
}
