package eval

import (
	"bytes"
	"fmt"
	"io"
	"sync"

	"github.com/go-json-experiment/json/jsontext"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
	ctyjson "github.com/zclconf/go-cty/cty/json"
)

// unmarshalJSON decodes buf, a value of type ty in cty's JSON encoding
// (state attributes), as ctyjson.Unmarshal does, in one pass over a
// jsontext token stream: ctyjson re-reads every nested value's bytes at
// each level with encoding/json's token API, which made decoding state
// the largest part of a plan that reads little from the cloud (40% of a
// -refresh=changed plan of 3,000 aws_s3_objects). Types with dynamic
// parts, and any input it cannot decode, go to ctyjson.Unmarshal, so
// that results and error messages stay exactly ctyjson's.
func unmarshalJSON(buf []byte, ty cty.Type) (cty.Value, error) {
	if ty.HasDynamicTypes() {
		return ctyjson.Unmarshal(buf, ty)
	}
	dec := decoders.Get().(*jsontext.Decoder)
	defer func() {
		dec.Reset(noInput, allowDuplicates) // holds no reference to buf
		decoders.Put(dec)
	}()
	dec.Reset(bytes.NewBuffer(buf), allowDuplicates)
	d := jsonDecoder{dec: dec}
	v, ok := d.value(ty)
	if !ok {
		return ctyjson.Unmarshal(buf, ty)
	}
	if _, err := d.dec.ReadToken(); err != io.EOF {
		return ctyjson.Unmarshal(buf, ty) // trailing data
	}
	return v, nil
}

// decoders are the token decoders unmarshalJSON reuses (one per object of
// state, each with its buffers and name stacks, was a tenth of decoding).
// They read from a *bytes.Buffer, which jsontext reads in place, without
// copying the document.
var decoders = sync.Pool{New: func() any { return jsontext.NewDecoder(noInput, allowDuplicates) }}

// noInput is what a pooled decoder reads between uses.
var noInput = bytes.NewReader(nil)

// allowDuplicates turns off jsontext's duplicate name check, which keeps
// a set of every object's names (a tenth of decoding): the decoder finds
// a repeated name itself (jsonDecoder.object and mapValue) and leaves
// that document to ctyjson, whose rule (the last one wins) it keeps.
var allowDuplicates = jsontext.AllowDuplicateNames(true)

// jsonDecoder decodes cty values from a token stream; a false result
// means "not decodable here", never a partial value.
type jsonDecoder struct {
	dec *jsontext.Decoder
}

func (d *jsonDecoder) value(ty cty.Type) (cty.Value, bool) {
	if d.dec.PeekKind() == 'n' {
		if _, err := d.dec.ReadToken(); err != nil {
			return cty.NilVal, false
		}
		return cty.NullVal(ty), true
	}
	switch {
	case ty.IsPrimitiveType():
		return d.primitive(ty)
	case ty.IsListType(), ty.IsSetType():
		elems, ok := d.array(func(int) cty.Type { return ty.ElementType() }, -1)
		if !ok {
			return cty.NilVal, false
		}
		return collection(ty, elems)
	case ty.IsTupleType():
		etys := ty.TupleElementTypes()
		elems, ok := d.array(func(i int) cty.Type { return etys[i] }, len(etys))
		if !ok {
			return cty.NilVal, false
		}
		return cty.TupleVal(elems), true
	case ty.IsMapType():
		return d.mapValue(ty)
	case ty.IsObjectType():
		return d.object(ty)
	}
	return cty.NilVal, false
}

// primitive decodes a string, number or bool as ctyjson does: a string
// holding a number or bool converts to it, a number or bool where a
// string is wanted becomes its text.
func (d *jsonDecoder) primitive(ty cty.Type) (cty.Value, bool) {
	tok, err := d.dec.ReadToken()
	if err != nil {
		return cty.NilVal, false
	}
	kind := tok.Kind()
	switch {
	case ty == cty.String && (kind == '"' || kind == '0'):
		return cty.StringVal(tok.String()), true
	case ty == cty.String && (kind == 't' || kind == 'f'):
		return cty.StringVal(fmt.Sprint(tok.Bool())), true
	case ty == cty.Number && (kind == '0' || kind == '"'):
		n, err := cty.ParseNumberVal(tok.String())
		return n, err == nil
	case ty == cty.Bool && (kind == 't' || kind == 'f'):
		return cty.BoolVal(tok.Bool()), true
	case ty == cty.Bool && kind == '"':
		b, err := convert.Convert(cty.StringVal(tok.String()), cty.Bool)
		return b, err == nil
	}
	return cty.NilVal, false
}

// array decodes a JSON array whose element i has type elem(i); n is the
// required length, or -1 for any.
func (d *jsonDecoder) array(elem func(int) cty.Type, n int) ([]cty.Value, bool) {
	if tok, err := d.dec.ReadToken(); err != nil || tok.Kind() != '[' {
		return nil, false
	}
	var elems []cty.Value
	for i := 0; d.dec.PeekKind() != ']'; i++ {
		if n >= 0 && i >= n {
			return nil, false
		}
		v, ok := d.value(elem(i))
		if !ok {
			return nil, false
		}
		elems = append(elems, v)
	}
	if _, err := d.dec.ReadToken(); err != nil || (n >= 0 && len(elems) != n) {
		return nil, false
	}
	return elems, true
}

// collection makes a list or set of elems (none: an empty one).
func collection(ty cty.Type, elems []cty.Value) (cty.Value, bool) {
	switch {
	case len(elems) == 0 && ty.IsListType():
		return cty.ListValEmpty(ty.ElementType()), true
	case len(elems) == 0:
		return cty.SetValEmpty(ty.ElementType()), true
	case ty.IsListType():
		return cty.ListVal(elems), true
	}
	return cty.SetVal(elems), true
}

func (d *jsonDecoder) mapValue(ty cty.Type) (cty.Value, bool) {
	vals := map[string]cty.Value{}
	ok := d.members(func(k string) bool {
		if _, dup := vals[k]; dup {
			return false // ctyjson's rule for repeated names
		}
		v, ok := d.value(ty.ElementType())
		vals[k] = v
		return ok
	})
	if !ok {
		return cty.NilVal, false
	}
	if len(vals) == 0 {
		return cty.MapValEmpty(ty.ElementType()), true
	}
	return cty.MapVal(vals), true
}

func (d *jsonDecoder) object(ty cty.Type) (cty.Value, bool) {
	atys := ty.AttributeTypes()
	if len(atys) == 0 {
		return cty.EmptyObjectVal, d.members(func(string) bool { return false })
	}
	obj := newObjectBuilder(ty)
	ok := d.members(func(k string) bool {
		aty, known := atys[k]
		if !known {
			return false // ctyjson reports the unsupported attribute
		}
		if obj.has(k) {
			return false // ctyjson's rule for repeated names
		}
		v, ok := d.value(aty)
		obj.set(k, v)
		return ok
	})
	if !ok {
		return cty.NilVal, false
	}
	for k, aty := range atys {
		if !obj.has(k) {
			obj.set(k, cty.NullVal(aty))
		}
	}
	return obj.value(), true
}

// members reads a JSON object, calling member for each key with the
// decoder at its value.
func (d *jsonDecoder) members(member func(key string) bool) bool {
	if tok, err := d.dec.ReadToken(); err != nil || tok.Kind() != '{' {
		return false
	}
	for d.dec.PeekKind() != '}' {
		key, err := d.dec.ReadToken()
		if err != nil || key.Kind() != '"' {
			return false
		}
		if !member(key.String()) {
			return false
		}
	}
	_, err := d.dec.ReadToken()
	return err == nil
}
