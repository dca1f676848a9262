package state

import (
	"time"

	"github.com/go-json-experiment/json/jsontext"
)

// TerraformVersion is written as the document's terraform_version: a
// release whose version 4 format this package writes, so that Terraform
// and its tools accept the file. trueup's own version is in the "trueup"
// section.
const TerraformVersion = "1.9.0-trueup"

// stateV4 is the on-disk document, field for field as Terraform writes
// version 4, plus the "trueup" section. Decode reads it with the JSON v2
// decoder (go-json-experiment/json, the mirror of encoding/json/v2), which
// validates and copies each attribute body in one pass; Encode writes it
// by hand (jsonwriter.go).
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
	Sensitive bool           `json:"sensitive,omitempty"`
}

type resourceV4 struct {
	Module    string       `json:"module,omitempty"`
	Mode      string       `json:"mode"`
	Type      string       `json:"type"`
	Name      string       `json:"name"`
	EachMode  string       `json:"each,omitempty"`
	Provider  string       `json:"provider"`
	Instances []instanceV4 `json:"instances"`
}

type instanceV4 struct {
	IndexKey            jsontext.Value    `json:"index_key,omitempty"`
	Status              string            `json:"status,omitempty"`
	Deposed             string            `json:"deposed,omitempty"`
	SchemaVersion       int64             `json:"schema_version"`
	Attributes          jsontext.Value    `json:"attributes,omitempty"`
	AttributesFlat      map[string]string `json:"attributes_flat,omitempty"`
	SensitiveAttributes jsontext.Value    `json:"sensitive_attributes,omitempty"`
	Private             []byte            `json:"private,omitempty"`
	Dependencies        []string          `json:"dependencies,omitempty"`
	CreateBeforeDestroy bool              `json:"create_before_destroy,omitempty"`
}

// trueupV4 is trueup's own section of the document.
type trueupV4 struct {
	Version   string    `json:"version,omitempty"`
	Commit    string    `json:"commit,omitempty"`
	Source    string    `json:"source,omitempty"`
	AppliedAt time.Time `json:"applied_at,omitzero"`
}
