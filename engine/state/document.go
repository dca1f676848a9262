package state

import (
	"bytes"
	"io"
	"time"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// TerraformVersion is written as the document's terraform_version: a
// release whose version 4 format this package writes, so that Terraform
// and its tools accept the file. trueup's own version is in the "trueup"
// section.
const TerraformVersion = "1.9.0-trueup"

// stateV4 is the on-disk document, field for field as Terraform writes
// version 4, plus the "trueup" section. It is the package's one JSON path:
// Decode reads it and Encode writes it with go-json-experiment/json (the
// mirror of encoding/json/v2), which validates and copies each attribute
// body in one pass and, with docOptions, lays the document out byte for
// byte as Terraform's json.MarshalIndent(doc, "", "  ") does. Tags use
// omitzero where Terraform's omitempty drops false or nil but keeps [].
type stateV4 struct {
	Version          *uint64             `json:"version"`
	TerraformVersion string              `json:"terraform_version"`
	Serial           uint64              `json:"serial"`
	Lineage          string              `json:"lineage"`
	Outputs          map[string]outputV4 `json:"outputs"`
	Resources        []resourceV4        `json:"resources"`
	CheckResults     jsontext.Value      `json:"check_results"`
	Trueup           *trueupV4           `json:"trueup,omitempty"`
}

type outputV4 struct {
	Value     jsontext.Value `json:"value"`
	Type      jsontext.Value `json:"type"`
	Sensitive bool           `json:"sensitive,omitzero"`
}

type resourceV4 struct {
	Module   string `json:"module,omitempty"`
	Mode     string `json:"mode"`
	Type     string `json:"type"`
	Name     string `json:"name"`
	EachMode string `json:"each,omitempty"`
	Provider string `json:"provider"`
	// Instances are pointers so that decoding a resource of 10,000
	// instances, whose number the document does not say, grows a slice of
	// pointers rather than one of 176-byte structs, copied and cleared at
	// each doubling.
	Instances []*instanceV4 `json:"instances"`
}

type instanceV4 struct {
	IndexKey            jsontext.Value    `json:"index_key,omitzero"`
	Status              string            `json:"status,omitempty"`
	Deposed             string            `json:"deposed,omitempty"`
	SchemaVersion       int64             `json:"schema_version"`
	Attributes          jsontext.Value    `json:"attributes,omitzero"`
	AttributesFlat      map[string]string `json:"attributes_flat,omitzero"`
	SensitiveAttributes jsontext.Value    `json:"sensitive_attributes"`
	Private             []byte            `json:"private,omitempty"`
	Dependencies        []string          `json:"dependencies,omitempty"`
	CreateBeforeDestroy bool              `json:"create_before_destroy,omitzero"`
}

// trueupV4 is trueup's own section of the document.
type trueupV4 struct {
	Version   string    `json:"version,omitempty"`
	Commit    string    `json:"commit,omitempty"`
	Source    string    `json:"source,omitempty"`
	AppliedAt time.Time `json:"applied_at,omitzero"`
}

// docOptions write JSON as encoding/json's MarshalIndent(v, "", "  ") with
// HTML escaping off: two-space indent, map keys sorted, nil slices null, U+2028 and U+2029
// escaped, and raw bodies (attributes, outputs) re-indented with their
// string escapes kept as written.
var docOptions = jsonv2.JoinOptions(
	jsontext.WithIndent("  "),
	jsonv2.Deterministic(true),
	jsonv2.FormatNilSliceAsNull(true),
	jsontext.EscapeForJS(true),
	jsontext.PreserveRawStrings(true),
	jsontext.AllowInvalidUTF8(true),
)

// marshalDocument returns the encoding of doc and a final newline. The
// encoder appends straight into a buffer of sizeHint bytes.
func marshalDocument(doc *stateV4, sizeHint int) ([]byte, error) {
	buf := bytes.NewBuffer(make([]byte, 0, sizeHint))
	if err := writeDocument(buf, doc); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// writeDocument writes the encoding of doc and a final newline to w, as
// it encodes it.
func writeDocument(w io.Writer, doc *stateV4) error {
	return jsonv2.MarshalEncode(jsontext.NewEncoder(w, docOptions), doc)
}
