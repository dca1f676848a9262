package state

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trueup/trueup/engine/addrs"
)

func TestDecodeRejects(t *testing.T) {
	cases := map[string]struct {
		doc  string
		want string
	}{
		"empty input says the file is empty":         {"  \n", "state file is empty"},
		"truncated JSON names line and column":       {"{\n  \"version\": 4,\n  \"serial\": ", "state file is not valid JSON: line 3, column 13"},
		"garbage names line and column":              {"{\n  \"version\": 4,\n  oops\n}", "state file is not valid JSON: line 3, column 3"},
		"version 3 is unsupported":                   {`{"version": 3, "serial": 1, "lineage": "x", "modules": [{"path": ["root"]}]}`, "unsupported state format version 3: trueup reads version 4"},
		"version 5 is unsupported":                   {`{"version": 5, "lineage": "x"}`, "unsupported state format version 5"},
		"missing lineage is refused":                 {`{"version": 4, "serial": 1, "outputs": {}, "resources": []}`, "state document has no lineage"},
		"a JSON array is not a state":                {`[1, 2]`, "not a state document: the top level is a JSON array"},
		"a JSON string is not a state":               {`"hello"`, "not a state document: the top level is a JSON string"},
		"a plan document is not a state":             {`{"format_version": "1.2", "planned_values": {}}`, `not a state document: it has no "version" field`},
		"a string version is not a state":            {`{"version": "4", "lineage": "x"}`, "not a state document: its version is a JSON string"},
		"a float index key is refused":               {docWith(`{"index_key": 1.5, "schema_version": 0, "attributes": {}}`), "index_key 1.5: want an integer or a string"},
		"an unknown path step is refused":            {docWith(`{"schema_version": 0, "attributes": {}, "sensitive_attributes": [[{"type": "splat", "value": 1}]]}`), `unknown step type "splat"`},
		"a duplicate instance is refused":            {docWith(`{"attributes": {}}, {"attributes": {}}`), "state has instance null_resource.a twice"},
		"a null instance is refused":                 {docWith(`{"attributes": {}}, null`), "state resource null_resource.a instance 1: null"},
		"an output without type is refused":          {`{"version": 4, "lineage": "x", "outputs": {"o": {"value": 1}}}`, `state output "o": no "type"`},
		"an output whose value mismatches its type":  {`{"version": 4, "lineage": "x", "outputs": {"o": {"value": "s", "type": "bool"}}}`, `state output "o": value:`},
		"a resource mode other than managed or data": {`{"version": 4, "lineage": "x", "resources": [{"mode": "weird", "type": "t", "name": "n", "instances": []}]}`, `mode "weird"`},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			s, err := Decode([]byte(tc.doc))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Decode = %v, %v; want an error containing %q", s, err, tc.want)
			}
		})
	}
}

func docWith(instances string) string {
	return `{"version": 4, "serial": 1, "lineage": "x", "outputs": {}, "resources": [
  {"mode": "managed", "type": "null_resource", "name": "a", "provider": "provider[\"registry.terraform.io/hashicorp/null\"]",
   "instances": [` + instances + `]}]}`
}

func TestDecodeReadsAStateWrittenByTerraform(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "terraform-1.9.tfstate"))
	if err != nil {
		t.Fatal(err)
	}
	s := mustDecode(t, b)
	if s.Serial != 7 || s.Lineage != "c3a0b7a4-2f7e-5c0d-1b7e-6f5f0e1d6a3b" {
		t.Errorf("serial %d lineage %q", s.Serial, s.Lineage)
	}
	pet := s.Resource(addrs.ManagedResourceMode, "random_pet", "name")
	if pet == nil || pet.EachMode != "list" || len(pet.Instances) != 2 {
		t.Fatalf("random_pet.name = %+v", pet)
	}
	pw := s.Resource(addrs.ManagedResourceMode, "random_password", "pw").Instance(addrs.NoKey, "")
	if len(pw.SensitiveAttributes) != 1 || pw.SensitiveAttributes[0][0] == nil {
		t.Errorf("sensitive paths = %#v", pw.SensitiveAttributes)
	}
	if o := s.Outputs["pet_names"]; o == nil || o.Value.LengthInt() != 2 {
		t.Errorf("output pet_names = %#v", o)
	}
	// Re-encoding keeps the content.
	if again := mustDecode(t, mustEncode(t, s)); !again.SameContent(s) {
		t.Error("re-encoding a Terraform state changed its content")
	}
}

// Decode keeps each instance's attributes as the bytes of the document
// that hold them, not a copy, capped so that appending to them cannot
// write into the document.
func TestDecodeBorrowsAttributesFromTheDocument(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "terraform-1.9.tfstate"))
	if err != nil {
		t.Fatal(err)
	}
	s := mustDecode(t, b)
	pet := s.Resource(addrs.ManagedResourceMode, "random_pet", "name").Instances[0]
	attrs := pet.Attributes
	at := strings.Index(string(b), string(attrs))
	if len(attrs) == 0 || at < 0 {
		t.Fatalf("attributes %q are not in the document", attrs)
	}
	if &b[at] != &attrs[0] {
		t.Error("the attributes are a copy of the document's bytes, not those bytes")
	}
	if cap(attrs) != len(attrs) {
		t.Errorf("the attributes' capacity is %d, past their %d bytes: an append would write into the document", cap(attrs), len(attrs))
	}
	before := string(b)
	_ = append(attrs, "xx"...)
	if string(b) != before {
		t.Error("appending to the attributes changed the document")
	}
}

// A document that repeats a name reads as Terraform reads it: the last
// one wins.
func TestDecodeRepeatedNamesLastWins(t *testing.T) {
	doc := `{"version": 4, "serial": 1, "serial": 3, "lineage": "x", "outputs": {}, "resources": [
  {"mode": "managed", "type": "null_resource", "name": "a", "name": "b", "provider": "provider[\"registry.terraform.io/hashicorp/null\"]",
   "instances": [{"schema_version": 0, "attributes": {"id": "1", "id": "2"}}]}]}`
	s := mustDecode(t, []byte(doc))
	if s.Serial != 3 {
		t.Errorf("serial %d, want the last, 3", s.Serial)
	}
	r := s.Resource(addrs.ManagedResourceMode, "null_resource", "b")
	if r == nil || len(r.Instances) != 1 {
		t.Fatalf("resources %+v, want null_resource.b", s.Resources)
	}
	if got := string(r.Instances[0].Attributes); got != `{"id": "1", "id": "2"}` {
		t.Errorf("attributes %s, want the body as written", got)
	}
}
