package state

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
	"testing"
)

// Terraform writes state with encoding/json's MarshalIndent; these tests
// hold Encode (go-json-experiment/json with docOptions) to that layout.

func TestEncodeEscapesStringsLikeEncodingJSON(t *testing.T) {
	for _, s := range []string{
		"plain", `quote " and \ backslash`, "new\nline\ttab\rcr", "\b\f\x00\x1f",
		"<html> & stays", "ünïcödé ✓", "line sep \u2028 para \u2029",
	} {
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(s); err != nil {
			t.Fatal(err)
		}
		st := representativeState()
		st.Meta.Source = s
		doc := string(mustEncode(t, st))
		line := `"source": ` + strings.TrimSuffix(want.String(), "\n") + ",\n"
		if !strings.Contains(doc, line) {
			t.Errorf("Encode wrote source %q otherwise than encoding/json (%s):\n%s", s, line, doc)
		}
	}
}

func TestEncodeLaysOutLikeMarshalIndent(t *testing.T) {
	st := representativeState()
	st.CheckResults = []CheckResult{{ObjectKind: "check", ConfigAddr: "check.health", Status: "pass"}}
	st.Resources[0].Instances[0].AttributesFlat = map[string]string{"z": "1", "a": "2"}
	st.Resources[0].Instances[0].Attributes = json.RawMessage(" {\"k\" : [1, 2, {}], \"e\":[],\n\"h\":\"\\u003c\"} ")
	doc := mustEncode(t, st)
	// json.Indent's layout is json.MarshalIndent's: re-indenting what
	// Encode wrote must change nothing.
	var reindented bytes.Buffer
	if err := json.Indent(&reindented, doc, "", "  "); err != nil {
		t.Fatal(err)
	}
	if reindented.String() != string(doc) {
		t.Errorf("Encode's layout differs from json.Indent's:\n%s\nwant\n%s", doc, reindented.Bytes())
	}
	// Terraform's instanceObjectStateV4 field order.
	if !regexp.MustCompile(`"attributes_flat": \{[^}]*\},\n *"sensitive_attributes"`).Match(doc) {
		t.Errorf("attributes_flat is not between attributes and sensitive_attributes:\n%s", doc)
	}
	for _, want := range []string{`"objects": null`, `"h": "\u003c"`, "\"a\": \"2\",\n"} {
		if !bytes.Contains(doc, []byte(want)) {
			t.Errorf("document lacks %s:\n%s", want, doc)
		}
	}
}
