package state

import (
	"fmt"
	"slices"
	"strings"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// CheckResult is one entry of state's check_results, as Terraform records
// it: the outcome of the custom conditions of one configuration object (a
// resource with preconditions or postconditions, an output with
// preconditions, a check block) over its instances.
type CheckResult struct {
	// ObjectKind is "resource", "output_value" or "check".
	ObjectKind string `json:"object_kind"`
	// ConfigAddr is the object's static address: "aws_s3_bucket.b",
	// "module.net.output.id", "check.health".
	ConfigAddr string `json:"config_addr"`
	// Status is "pass", "fail", "error" or "unknown".
	Status  string        `json:"status"`
	Objects []CheckObject `json:"objects"`
}

// CheckObject is the outcome for one instance of a checked object.
type CheckObject struct {
	ObjectAddr      string   `json:"object_addr"`
	Status          string   `json:"status"`
	FailureMessages []string `json:"failure_messages,omitempty"`
}

// marshalCheckResults encodes check_results: null when there are none, as
// Terraform writes it for a configuration without conditions.
func marshalCheckResults(results []CheckResult) (jsontext.Value, error) {
	if len(results) == 0 {
		return jsontext.Value("null"), nil
	}
	sorted := slices.Clone(results)
	slices.SortFunc(sorted, func(a, b CheckResult) int { return strings.Compare(a.ConfigAddr, b.ConfigAddr) })
	raw, err := jsonv2.Marshal(sorted, docOptions)
	if err != nil {
		return nil, fmt.Errorf("check results: %w", err)
	}
	return raw, nil
}

// decodeCheckResults reads check_results; null or absent gives none.
func decodeCheckResults(raw jsontext.Value) ([]CheckResult, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	var out []CheckResult
	if err := jsonv2.Unmarshal(raw, &out); err != nil {
		return nil, fmt.Errorf("state check_results: %w", err)
	}
	return out, nil
}

func copyCheckResults(in []CheckResult) []CheckResult {
	if in == nil {
		return nil
	}
	out := make([]CheckResult, len(in))
	for i, r := range in {
		r.Objects = slices.Clone(r.Objects)
		for j := range r.Objects {
			r.Objects[j].FailureMessages = slices.Clone(r.Objects[j].FailureMessages)
		}
		out[i] = r
	}
	return out
}
