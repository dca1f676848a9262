package plans

import (
	"encoding/json"
	"fmt"
	"sort"

	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"
	"github.com/zclconf/go-cty/cty/msgpack"
)

// value is a cty value: its type (an index into the file's types), its
// msgpack encoding (which keeps unknown values) and the paths that were
// marked sensitive.
type value struct {
	Type      int        `json:"type"`
	Msgpack   []byte     `json:"msgpack"`
	Sensitive [][]string `json:"sensitive,omitempty"`
}

// encoder writes a plan's values, numbering their types in a table that
// the file holds once: a plan of 10,000 objects of one resource type
// wrote that type's JSON 20,000 times, most of the file and of its
// encoding and decoding (docs/performance-log.md, "Saved plans (stop 35)").
type encoder struct{ types typeTable }

func (enc *encoder) value(v cty.Value) (value, error) {
	if v == cty.NilVal {
		v = cty.NullVal(cty.DynamicPseudoType)
	}
	unmarked, pvms := v.UnmarkDeepWithPaths()
	ty, err := enc.types.index(unmarked.Type())
	if err != nil {
		return value{}, err
	}
	mp, err := msgpack.Marshal(unmarked, unmarked.Type())
	if err != nil {
		return value{}, err
	}
	out := value{Type: ty, Msgpack: mp}
	for _, pvm := range pvms {
		if _, ok := pvm.Marks[sensitiveMark]; ok {
			out.Sensitive = append(out.Sensitive, pathStrings(pvm.Path))
		}
	}
	sort.Slice(out.Sensitive, func(i, j int) bool {
		return fmt.Sprint(out.Sensitive[i]) < fmt.Sprint(out.Sensitive[j])
	})
	return out, nil
}

// typeTable numbers distinct types in the order they are first seen.
type typeTable struct {
	types  []json.RawMessage
	byJSON map[string]int
	// recent are the types last numbered, newest first: consecutive
	// values mostly share one, which Equals finds without encoding it.
	recent []numberedType
}

type numberedType struct {
	ty    cty.Type
	index int
}

// recentTypes is how many types typeTable compares a type with before
// it encodes it to look it up.
const recentTypes = 4

// index returns ty's number, adding it to the table when it is new.
func (t *typeTable) index(ty cty.Type) (int, error) {
	for i, r := range t.recent {
		if r.ty.Equals(ty) {
			copy(t.recent[1:i+1], t.recent[:i])
			t.recent[0] = r
			return r.index, nil
		}
	}
	b, err := ctyjson.MarshalType(ty)
	if err != nil {
		return 0, err
	}
	if t.byJSON == nil {
		t.byJSON = map[string]int{}
	}
	n, ok := t.byJSON[string(b)]
	if !ok {
		n = len(t.types)
		t.types = append(t.types, b)
		t.byJSON[string(b)] = n
	}
	if len(t.recent) < recentTypes {
		t.recent = append(t.recent, numberedType{})
	}
	copy(t.recent[1:], t.recent[:len(t.recent)-1])
	t.recent[0] = numberedType{ty: ty, index: n}
	return n, nil
}

// decoder reads the values of a plan file whose type table it holds.
type decoder struct{ types []cty.Type }

func newDecoder(raw []json.RawMessage) (decoder, error) {
	dec := decoder{types: make([]cty.Type, len(raw))}
	for i, b := range raw {
		ty, err := ctyjson.UnmarshalType(b)
		if err != nil {
			return dec, fmt.Errorf("plan type %d: %w", i, err)
		}
		dec.types[i] = ty
	}
	return dec, nil
}

func (dec decoder) value(fv value) (cty.Value, error) {
	if fv.Type < 0 || fv.Type >= len(dec.types) {
		return cty.NilVal, fmt.Errorf("plan value of type %d: the file has %d types", fv.Type, len(dec.types))
	}
	ty := dec.types[fv.Type]
	v, err := msgpack.Unmarshal(fv.Msgpack, ty)
	if err != nil {
		return cty.NilVal, err
	}
	if len(fv.Sensitive) == 0 {
		return v, nil
	}
	pvms := make([]cty.PathValueMarks, 0, len(fv.Sensitive))
	for _, p := range fv.Sensitive {
		pvms = append(pvms, cty.PathValueMarks{Path: pathFromStrings(p), Marks: cty.NewValueMarks(sensitiveMark)})
	}
	return v.MarkWithPaths(pvms), nil
}

// pathStrings encodes a cty.Path as strings: ".name" for attributes,
// "#123" for integer indexes and "@key" for string keys.
func pathStrings(p cty.Path) []string {
	out := make([]string, 0, len(p))
	for _, step := range p {
		switch s := step.(type) {
		case cty.GetAttrStep:
			out = append(out, "."+s.Name)
		case cty.IndexStep:
			if s.Key.Type() == cty.String {
				out = append(out, "@"+s.Key.AsString())
			} else if s.Key.Type() == cty.Number {
				out = append(out, "#"+s.Key.AsBigFloat().Text('f', -1))
			} else {
				// Set elements have no stable key; mark the whole set.
				return out
			}
		}
	}
	return out
}

func pathFromStrings(ss []string) cty.Path {
	var p cty.Path
	for _, s := range ss {
		if s == "" {
			continue
		}
		switch s[0] {
		case '.':
			p = p.GetAttr(s[1:])
		case '@':
			p = p.Index(cty.StringVal(s[1:]))
		case '#':
			n, err := cty.ParseNumberVal(s[1:])
			if err == nil {
				p = p.Index(n)
			}
		}
	}
	return p
}
