package state

import (
	"bytes"
	"fmt"
	"io"
	"strconv"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"

	"github.com/trueup/trueup/engine/addrs"
)

// Encode returns the state document for s: Terraform's version 4 layout,
// indented by two spaces as Terraform indents it, resources sorted by
// module, mode, type and name, instances by key, output names sorted, so
// that the same state always encodes to the same bytes. Attribute bodies
// are copied as they are held, re-indented but never decoded. It fails for
// an output whose value is not wholly known, an instance key that is
// neither an integer nor a string, attributes that are not JSON, and
// duplicate resources or instances. Encode does not change s.
func Encode(s *State) ([]byte, error) {
	if s == nil {
		return nil, fmt.Errorf("encode state: no state")
	}
	if b, ok := cachedEncoding(s); ok {
		return b, nil
	}
	buf := bytes.NewBuffer(make([]byte, 0, encodedSizeHint(s)))
	if err := encodeDocument(buf, s); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// EncodeTo writes the document Encode returns for s to w as it encodes
// it, holding a few tens of kilobytes of it at a time rather than all of
// it; it fails as Encode fails, having written part of the document.
func EncodeTo(w io.Writer, s *State) error {
	if s == nil {
		return fmt.Errorf("encode state: no state")
	}
	if b, ok := cachedEncoding(s); ok {
		_, err := w.Write(b)
		return err
	}
	return encodeDocument(w, s)
}

// cachedEncoding is the document for s from the encoding cache
// (ReuseEncodings), when s has one and it could encode s.
func cachedEncoding(s *State) ([]byte, bool) {
	if s.enc == nil {
		return nil, false
	}
	return encodeWith(s, s.enc)
}

// encodeDocument writes the whole document for s to w, encoding every
// record.
func encodeDocument(w io.Writer, s *State) error {
	doc, err := toDocument(s, true)
	if err != nil {
		return fmt.Errorf("encode state: %w", err)
	}
	if err := writeDocument(w, doc); err != nil {
		return fmt.Errorf("encode state: %w", invalidAttributes(s, err))
	}
	return nil
}

// encodedSizeHint estimates the document size with the quarter to spare
// that the encoder keeps free, so that the buffer is allocated once.
func encodedSizeHint(s *State) int {
	n := 1024
	for _, r := range s.Resources {
		n += 256
		for _, in := range r.Instances {
			n += 256 + len(in.Attributes)*2
		}
	}
	return n + n/3
}

// invalidAttributes names the instance whose attributes are not JSON when
// that is why err happened: the encoder validates each body as it copies
// it, so Encode looks for the culprit only once encoding failed.
func invalidAttributes(s *State, err error) error {
	for _, r := range s.Resources {
		for _, in := range r.Instances {
			if len(in.Attributes) > 0 && !jsontext.Value(in.Attributes).IsValid() {
				return fmt.Errorf("%s: attributes are not valid JSON: %w", r.InstanceAddr(in), err)
			}
		}
	}
	return err
}

// toDocument returns the document for s, without its resources (nil)
// unless withResources.
func toDocument(s *State, withResources bool) (*stateV4, error) {
	version := uint64(FormatVersion)
	doc := &stateV4{
		Version:          &version,
		TerraformVersion: TerraformVersion,
		Serial:           s.Serial,
		Lineage:          s.Lineage,
		Outputs:          make(map[string]outputV4, len(s.Outputs)),
		Trueup: &trueupV4{
			Version: s.TrueupVersion, Commit: s.Meta.Commit, Source: s.Meta.Source, AppliedAt: s.Meta.AppliedAt,
		},
	}
	for name, o := range s.Outputs {
		ov, err := toOutput(o)
		if err != nil {
			return nil, fmt.Errorf("output %q: %w", name, err)
		}
		doc.Outputs[name] = ov
	}
	var err error
	if withResources {
		if doc.Resources, err = toResources(s.Resources); err != nil {
			return nil, err
		}
	}
	if doc.CheckResults, err = marshalCheckResults(s.CheckResults); err != nil {
		return nil, err
	}
	return doc, nil
}

func toOutput(o *Output) (outputV4, error) {
	if o == nil {
		return outputV4{}, fmt.Errorf("no output value")
	}
	v := o.Value
	if v == cty.NilVal {
		v = cty.NullVal(cty.DynamicPseudoType)
	}
	v, _ = v.UnmarkDeep()
	if !v.IsWhollyKnown() {
		return outputV4{}, fmt.Errorf("value is not known: an output in state must be known")
	}
	val, err := ctyjson.Marshal(v, v.Type())
	if err != nil {
		return outputV4{}, err
	}
	typ, err := ctyjson.MarshalType(v.Type())
	if err != nil {
		return outputV4{}, err
	}
	return outputV4{Value: val, Type: typ, Sensitive: o.Sensitive}, nil
}

func toResources(resources []*Resource) ([]resourceV4, error) {
	sorted := sortedResources(resources)
	out := make([]resourceV4, len(sorted))
	for i, r := range sorted {
		if i > 0 && !resourceLess(sorted[i-1], r) {
			return nil, fmt.Errorf("duplicate resource %s", r.Addr)
		}
		rv, err := toResource(r)
		if err != nil {
			return nil, err
		}
		out[i] = rv
	}
	return out, nil
}

func toResource(r *Resource) (resourceV4, error) {
	rv := resourceV4{
		Module: string(r.Addr.Module), Mode: r.Addr.Mode.String(), Type: r.Addr.Type, Name: r.Addr.Name,
		EachMode: r.EachMode, Provider: r.Provider,
	}
	sorted := sortedInstances(r.Instances)
	ivs := make([]instanceV4, len(sorted))
	rv.Instances = make([]*instanceV4, len(sorted))
	for i, in := range sorted {
		if i > 0 && !instanceLess(sorted[i-1], in) {
			return rv, fmt.Errorf("duplicate instance %s", r.InstanceAddr(in))
		}
		iv, err := toInstance(in)
		if err != nil {
			return rv, fmt.Errorf("%s: %w", r.InstanceAddr(in), err)
		}
		ivs[i] = iv
		rv.Instances[i] = &ivs[i]
	}
	return rv, nil
}

func toInstance(in *Instance) (instanceV4, error) {
	paths, err := marshalPaths(in.SensitiveAttributes)
	if err != nil {
		return instanceV4{}, err
	}
	iv := instanceV4{
		Status:              in.Status,
		Deposed:             in.Deposed,
		SchemaVersion:       in.SchemaVersion,
		SensitiveAttributes: paths,
		Private:             in.Private,
		AttributesFlat:      in.AttributesFlat,
		Dependencies:        in.Dependencies,
		CreateBeforeDestroy: in.CreateBeforeDestroy,
	}
	switch k := in.Key.(type) {
	case nil:
	case addrs.IntKey:
		iv.IndexKey = strconv.AppendInt(nil, int64(k), 10)
	case addrs.StringKey:
		if iv.IndexKey, err = jsonv2.Marshal(string(k), docOptions); err != nil {
			return iv, err
		}
	default:
		return iv, fmt.Errorf("index key %v is a %T, want an int or a string", in.Key, in.Key)
	}
	if len(in.Attributes) > 0 {
		iv.Attributes = jsontext.Value(in.Attributes)
	}
	return iv, nil
}
