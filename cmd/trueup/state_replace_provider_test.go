package main

// state replace-provider as Terraform does it, on the same state: a
// legacy "-/aws" address, a module's aliased configuration and a data
// source moved to hashicorp/aws; no match; an invalid address; a bare
// name. The script runs with terraform on PATH, or against its recording.

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const replaceProviderRecording = "../../testdata/e2e/state-replace-provider/terraform-1.11.4.json"

// legacyProvidersState is a state as Terraform 0.13 left it after an
// upgrade from 0.12: its AWS resources under the legacy address.
const legacyProvidersState = `{
  "version": 4,
  "terraform_version": "1.11.4",
  "serial": 3,
  "lineage": "8d2b1c9e-6d3c-4b0e-9a8f-2f3c1e4d5a6b",
  "outputs": {},
  "resources": [
    {"mode": "managed", "type": "aws_s3_bucket", "name": "a", "provider": "provider[\"registry.terraform.io/-/aws\"]",
     "instances": [{"schema_version": 0, "attributes": {"id": "a"}, "sensitive_attributes": []}]},
    {"mode": "data", "type": "aws_caller_identity", "name": "c", "provider": "provider[\"registry.terraform.io/-/aws\"]",
     "instances": [{"schema_version": 0, "attributes": {"id": "1"}, "sensitive_attributes": []}]},
    {"module": "module.m", "mode": "managed", "type": "aws_s3_bucket", "name": "b", "each": "list", "provider": "module.m.provider[\"registry.terraform.io/-/aws\"].west",
     "instances": [{"index_key": 0, "schema_version": 0, "attributes": {"id": "b0"}, "sensitive_attributes": []}]},
    {"mode": "managed", "type": "null_resource", "name": "n", "provider": "provider[\"registry.terraform.io/hashicorp/null\"]",
     "instances": [{"schema_version": 0, "attributes": {"id": "1"}, "sensitive_attributes": []}]}
  ],
  "check_results": null
}
`

func runReplaceProviderScript(t *testing.T, dir string, run runFunc) string {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, "terraform.tfstate"), []byte(legacyProvidersState), 0o644); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, args := range [][]string{
		{"registry.terraform.io/-/aws", "registry.terraform.io/hashicorp/aws"},
		{"hashicorp/nothere", "hashicorp/x"},
		{"a/b/c/d", "hashicorp/x"},
		{"AWS", "acme/aws"},
		{"hashicorp/null"},
	} {
		code, out := run(nil, append([]string{"state", "replace-provider", "-no-color", "-auto-approve"}, args...)...)
		fmt.Fprintf(&b, "$ %s: exit %d\n", strings.Join(args, " "), code)
		if len(args) == 2 { // Terraform answers one argument with its usage
			fmt.Fprintf(&b, "%s\n", normalize(withSortedList(out)))
		}
	}
	raw, err := os.ReadFile(filepath.Join(dir, "terraform.tfstate"))
	if err != nil {
		t.Fatal(err)
	}
	var st struct {
		Serial    int    `json:"serial"`
		Lineage   string `json:"lineage"`
		Resources []struct {
			Module, Mode, Type, Name, Provider string
		} `json:"resources"`
	}
	if err := json.Unmarshal(raw, &st); err != nil {
		t.Fatal(err)
	}
	var providers []string
	for _, r := range st.Resources {
		providers = append(providers, fmt.Sprintf("%s %s.%s.%s: %s", r.Module, r.Mode, r.Type, r.Name, r.Provider))
	}
	slices.Sort(providers)
	fmt.Fprintf(&b, "serial %d, lineage %s\n%s\n", st.Serial, st.Lineage, strings.Join(providers, "\n"))
	return b.String()
}

// withSortedList sorts the lines of out's "Changing N resources:" list,
// which Terraform writes in the order of its maps.
func withSortedList(out string) string {
	lines := strings.Split(out, "\n")
	start := slices.IndexFunc(lines, func(l string) bool { return strings.HasPrefix(l, "Changing ") })
	if start < 0 || start+2 > len(lines) {
		return out
	}
	from := start + 2 // after the blank line
	end := from
	for end < len(lines) && strings.HasPrefix(lines[end], "  ") {
		end++
	}
	slices.Sort(lines[from:end])
	return strings.Join(lines, "\n")
}

// TestStateListByIDAsTerraform checks state list -id on the same state.
func TestStateListByIDAsTerraform(t *testing.T) {
	t.Parallel()
	compareWithTerraform(t, "../../testdata/e2e/state-list-id/terraform-1.11.4.json", func(t *testing.T, dir string, run runFunc) string {
		if err := os.WriteFile(filepath.Join(dir, "terraform.tfstate"), []byte(legacyProvidersState), 0o644); err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		for _, args := range [][]string{{"-id=b0"}, {"-id=1"}, {"-id=1", "data.aws_caller_identity.c"}, {"-id=none"}} {
			code, out := run(nil, append([]string{"state", "list"}, args...)...)
			fmt.Fprintf(&b, "$ %s: exit %d\n%s", strings.Join(args, " "), code, out)
		}
		return b.String()
	})
}

func TestStateReplaceProviderAsTerraform(t *testing.T) {
	t.Parallel()
	compareWithTerraform(t, replaceProviderRecording, runReplaceProviderScript)
}
