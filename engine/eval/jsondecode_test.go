package eval

import (
	"testing"

	"github.com/trueup/trueup/internal/ctyobject"
	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"
)

// jsonDecodeType is a schema-like type with every kind of attribute.
var jsonDecodeType = cty.Object(map[string]cty.Type{
	"id":    cty.String,
	"size":  cty.Number,
	"on":    cty.Bool,
	"tags":  cty.Map(cty.String),
	"ports": cty.List(cty.Number),
	"names": cty.Set(cty.String),
	"pair":  cty.Tuple([]cty.Type{cty.String, cty.Number}),
	"rule": cty.List(cty.Object(map[string]cty.Type{
		"name":  cty.String,
		"match": cty.Set(cty.Object(map[string]cty.Type{"k": cty.String, "v": cty.Number})),
	})),
	"empty": cty.EmptyObject,
})

// TestUnmarshalJSONMatchesCtyJSON decodes documents with both decoders:
// the values, or the error messages, must be the same.
func TestUnmarshalJSONMatchesCtyJSON(t *testing.T) {
	docs := map[string]string{
		"full": `{"id":"a","size":1.5e3,"on":true,"tags":{"x":"1","y":"2"},"ports":[80,443],"names":["b","a"],` +
			`"pair":["p",2],"rule":[{"name":"r","match":[{"k":"a","v":1},{"k":"b","v":2}]}],"empty":{}}`,
		"nulls and missing attributes":  `{"id":null,"tags":null,"rule":[{"name":null,"match":null}]}`,
		"empty collections":             `{"tags":{},"ports":[],"names":[],"rule":[]}`,
		"strings converting":            `{"size":"12","on":"false","id":7}`,
		"a bool as a string":            `{"id":true}`,
		"escapes and unicode":           `{"id":"a\"b\\c\u00e9\n","tags":{"ü":"\ud83d\ude00"}}`,
		"big and precise numbers":       `{"size":123456789012345678901234567890.000000000001}`,
		"null document":                 `null`,
		"an unsupported attribute":      `{"nope":1}`,
		"a wrong kind":                  `{"size":true}`,
		"a tuple too short":             `{"pair":["p"]}`,
		"a tuple too long":              `{"pair":["p",1,2]}`,
		"trailing data":                 `{"id":"a"} {}`,
		"truncated":                     `{"id":"a"`,
		"duplicate keys, the last wins": `{"id":"a","id":"b"}`,
		"duplicate map keys":            `{"tags":{"x":"1","x":"2"}}`,
		"duplicate nested keys":         `{"rule":[{"name":"a","name":"b"}]}`,
		"a number that does not parse":  `{"size":"twelve"}`,
	}
	for name, doc := range docs {
		t.Run(name, func(t *testing.T) {
			want, wantErr := ctyjson.Unmarshal([]byte(doc), jsonDecodeType)
			got, err := unmarshalJSON([]byte(doc), jsonDecodeType)
			if (err == nil) != (wantErr == nil) || (err != nil && err.Error() != wantErr.Error()) {
				t.Fatalf("error %v, ctyjson's %v", err, wantErr)
			}
			if err == nil && !got.RawEquals(want) {
				t.Fatalf("decoded\n%#v\nctyjson\n%#v", got, want)
			}
		})
	}
}

// FuzzUnmarshalJSON checks the decoder against ctyjson on any input.
func FuzzUnmarshalJSON(f *testing.F) {
	f.Add(`{"id":"a","tags":{"x":"1"},"ports":[1],"names":["n"],"pair":["p",2],"rule":[{"name":"r","match":[{"k":"a","v":1}]}]}`)
	f.Add(`{"size":"1","on":"true"}`)
	f.Fuzz(func(t *testing.T, doc string) {
		want, wantErr := ctyjson.Unmarshal([]byte(doc), jsonDecodeType)
		got, err := unmarshalJSON([]byte(doc), jsonDecodeType)
		if (err == nil) != (wantErr == nil) {
			t.Fatalf("%q: error %v, ctyjson's %v", doc, err, wantErr)
		}
		if err == nil && !got.RawEquals(want) {
			t.Fatalf("%q: decoded %#v, ctyjson %#v", doc, got, want)
		}
	})
}

func BenchmarkUnmarshalJSON(b *testing.B) {
	doc := []byte(`{"id":"a","size":1500,"on":true,"tags":{"x":"1","y":"2"},"ports":[80,443],"names":["b","a"],` +
		`"pair":["p",2],"rule":[{"name":"r","match":[{"k":"a","v":1},{"k":"b","v":2}]}],"empty":{}}`)
	b.Run("ctyjson", func(b *testing.B) {
		for b.Loop() {
			if _, err := ctyjson.Unmarshal(doc, jsonDecodeType); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("jsontext", func(b *testing.B) {
		for b.Loop() {
			if _, err := unmarshalJSON(doc, jsonDecodeType); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// TestObjectOfTypeAsCty checks that objects built on cty.Value's layout
// are cty.ObjectVal's, and that the layout check holds for the cty in
// use: if it did not, decoding would silently take the slow path.
func TestObjectOfTypeAsCty(t *testing.T) {
	if !ctyobject.LayoutOK {
		t.Fatal("cty.Value is no longer {ty Type; v any}: update internal/ctyobject")
	}
	attrs := map[string]cty.Value{
		"id":   cty.StringVal("a"),
		"size": cty.NullVal(cty.Number),
		"tags": cty.MapVal(map[string]cty.Value{"k": cty.StringVal("v")}),
	}
	want := cty.ObjectVal(attrs)
	b := newObjectBuilder(want.Type())
	for k, v := range attrs {
		b.set(k, v)
	}
	got := b.value()
	if !b.fast || !got.RawEquals(want) || !got.Equals(want).True() || got.GoString() != want.GoString() {
		t.Fatalf("built %#v (fast %v), cty.ObjectVal %#v", got, b.fast, want)
	}
	if got.GetAttr("size").IsNull() != true || got.GetAttr("tags").LengthInt() != 1 {
		t.Fatalf("attributes of %#v", got)
	}
	gotJSON, err := ctyjson.Marshal(got, got.Type())
	wantJSON, _ := ctyjson.Marshal(want, want.Type())
	if err != nil || string(gotJSON) != string(wantJSON) {
		t.Fatalf("JSON %s (%v), want %s", gotJSON, err, wantJSON)
	}
	opt := cty.ObjectWithOptionalAttrs(map[string]cty.Type{"a": cty.String}, []string{"a"})
	if newObjectBuilder(opt).fast {
		t.Fatal("a type with optional attributes takes the fast path")
	}
}
