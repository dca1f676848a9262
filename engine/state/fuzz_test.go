package state

import (
	"testing"
)

// FuzzDecode feeds arbitrary bytes to the state decoder. Decode must never
// panic; a document it accepts must encode, and decode again to the same
// content with the same serial (what a read-modify-write cycle relies on).
func FuzzDecode(f *testing.F) {
	// The seed corpus in testdata/fuzz/FuzzDecode holds the repository's
	// state fixtures; these are the edges of the format.
	for _, s := range []string{
		`{"version": 4, "lineage": "x", "serial": 1}`,
		`{"version": 3, "lineage": "x"}`,
		`{"version": 4, "lineage": "x", "resources": [{"mode": "managed", "type": "a_b", "name": "c", "provider": "provider[\"registry.terraform.io/hashicorp/a\"]", "instances": [{"index_key": 1, "attributes": {"id": "1"}, "sensitive_attributes": [[{"type": "get_attr", "value": "id"}]]}]}]}`,
		`{"version": 4, "lineage": "x", "outputs": {"o": {"value": [1, "a"], "type": ["tuple", ["number", "string"]], "sensitive": true}}}`,
		`[]`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := Decode(b)
		if err != nil {
			if s != nil {
				t.Fatalf("Decode returned a state with error %v", err)
			}
			return
		}
		out, err := Encode(s)
		if err != nil {
			t.Fatalf("a decoded state does not encode: %v", err)
		}
		back, err := Decode(out)
		if err != nil {
			t.Fatalf("an encoded state does not decode: %v\n%s", err, out)
		}
		if !back.SameContent(s) || back.Serial != s.Serial {
			t.Fatalf("round trip changed the state:\n%s", out)
		}
	})
}
