package state

import (
	"bytes"
	"strings"
	"testing"
)

func TestPrivateAndFlatmapSurviveARoundTrip(t *testing.T) {
	doc := docWith(`{"schema_version": 1, "attributes": {"id": "a"}, "private": "eyJ0b2tlbiI6MX0="},
		{"index_key": 1, "schema_version": 0, "attributes_flat": {"id": "b", "label": "old"}}`)
	s, err := Decode([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	insts := s.Resources[0].Instances
	if got := string(insts[0].Private); got != `{"token":1}` {
		t.Errorf("private = %q, want the decoded base64", got)
	}
	if insts[1].AttributesFlat["label"] != "old" || insts[1].Attributes != nil {
		t.Errorf("flatmap instance = %+v, want attributes_flat kept for the provider to upgrade", insts[1])
	}
	out, err := Encode(s)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"private": "eyJ0b2tlbiI6MX0="`, `"attributes_flat": {`} {
		if !strings.Contains(string(out), want) {
			t.Errorf("encoded state lacks %s:\n%s", want, out)
		}
	}
	again, err := Decode(out)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again.Resources[0].Instances[0].Private, insts[0].Private) || !s.SameContent(again) {
		t.Error("private data or flatmap changed in a round trip")
	}
}
