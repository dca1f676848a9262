package plugin

import (
	"fmt"

	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"
	"github.com/zclconf/go-cty/cty/msgpack"
)

// encodeValue returns v as the protocol's msgpack DynamicValue bytes. v
// must carry no marks; unknown values are encoded as msgpack extensions.
func encodeValue(v cty.Value, ty cty.Type) ([]byte, error) {
	if v == cty.NilVal {
		v = cty.NullVal(ty)
	}
	return msgpack.Marshal(v, ty)
}

// decodeValue reads a DynamicValue: msgpack when present, else JSON, else
// a null of ty (as Terraform does).
func decodeValue(mp, js []byte, ty cty.Type) (cty.Value, error) {
	switch {
	case len(mp) > 0:
		return msgpack.Unmarshal(mp, ty)
	case len(js) > 0:
		return ctyjson.Unmarshal(js, ty)
	default:
		return cty.NullVal(ty), nil
	}
}

// pathStep is one step of a protocol AttributePath, independent of the
// protocol version.
type pathStep struct {
	attr      string
	keyString *string
	keyInt    *int64
}

// toCtyPath turns protocol path steps into a cty.Path.
func toCtyPath(steps []pathStep) cty.Path {
	if len(steps) == 0 {
		return nil
	}
	p := make(cty.Path, 0, len(steps))
	for _, s := range steps {
		switch {
		case s.keyString != nil:
			p = append(p, cty.IndexStep{Key: cty.StringVal(*s.keyString)})
		case s.keyInt != nil:
			p = append(p, cty.IndexStep{Key: cty.NumberIntVal(*s.keyInt)})
		default:
			p = append(p, cty.GetAttrStep{Name: s.attr})
		}
	}
	return p
}

// parseType reads a type constraint as the protocol sends it (cty JSON).
func parseType(raw []byte) (cty.Type, error) {
	if len(raw) == 0 {
		return cty.DynamicPseudoType, nil
	}
	var ty cty.Type
	if err := ty.UnmarshalJSON(raw); err != nil {
		return cty.NilType, fmt.Errorf("invalid type %s: %w", raw, err)
	}
	return ty, nil
}
