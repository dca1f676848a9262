package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var importLineRE = regexp.MustCompile(`(?m)^.*: (Preparing import|Importing|Import complete)\.*.*$`)

// importLines returns a command's import progress lines, sorted: objects
// are imported in parallel, in no fixed order.
func importLines(out string) []string {
	lines := importLineRE.FindAllString(out, -1)
	slices.Sort(lines)
	return lines
}

// TestImportProgressMatchesTerraform plans and applies import blocks (one
// adopted unchanged, one for_each, one updated as it is imported) with
// both tools and compares the "Preparing import... [id=…]", "Importing...
// [id=…]" and "Import complete [id=…]" lines they print.
func TestImportProgressMatchesTerraform(t *testing.T) {
	t.Parallel()
	dir := "testdata/terraform-compat/import-progress"
	record := filepath.Join("..", "..", dir, "terraform-progress.json")
	_, err := exec.LookPath("terraform")
	haveTerraform := err == nil
	if *updateCompat && !haveTerraform {
		t.Fatal("-update needs terraform on PATH")
	}
	run := func(ct *compatTool) map[string][]string {
		plan := ct.run(0, "plan", "-input=false", "-no-color")
		apply := ct.run(0, "apply", "-input=false", "-no-color", "-auto-approve")
		again := ct.run(0, "plan", "-input=false", "-no-color")
		return map[string][]string{"plan": importLines(plan.stdout), "apply": importLines(apply.stdout), "second plan": importLines(again.stdout)}
	}
	var want map[string][]string
	if haveTerraform {
		want = run(terraformTool(t, dir))
		if *updateCompat {
			b, _ := json.MarshalIndent(want, "", "  ")
			if err := os.WriteFile(record, append(b, '\n'), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	var recorded map[string][]string
	if err := json.Unmarshal([]byte(readFile(t, record)), &recorded); err != nil {
		t.Fatalf("%s: %v", record, err)
	}
	if !haveTerraform {
		want = recorded
	} else if diff := cmp.Diff(recorded, want); diff != "" {
		t.Errorf("Terraform's lines differ from %s (run with -update) (-recorded +terraform):\n%s", record, diff)
	}
	if diff := cmp.Diff(want, run(trueupTool(t, dir))); diff != "" {
		t.Errorf("import progress differs from Terraform's (-terraform +trueup):\n%s", diff)
	}
}
