package main

// Terraform's JSON documents: the modules comparison stack is planned to a
// file and applied step by step; at each step `show -json PLANFILE` and
// `show -json` must give Terraform's documents. Terraform's are recorded
// in testdata/terraform-compat/modules.showjson (re-recorded with -update
// when terraform is on PATH), so the test runs without it.

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const showJSONRecord = "testdata/terraform-compat/modules.showjson"

// showJSONSteps are the modules stack's refactoring steps, as
// TestModulesMatchTerraform applies them.
func showJSONSteps(t *testing.T) []compatStep {
	steps := "testdata/terraform-compat/modules.steps/"
	imports := stepFiles(t, steps+"4-import")
	imports["removed.tf"] = ""
	return []compatStep{{}, {Files: stepFiles(t, steps+"2-moved")}, {Files: stepFiles(t, steps+"3-removed")}, {Files: imports}}
}

// showJSONStep writes a step's files, saves a plan, shows it as JSON,
// applies it and shows the state as JSON.
func (ct *compatTool) showJSONStep(t *testing.T, st compatStep, n int) (plan, state any) {
	t.Helper()
	for name, content := range st.Files {
		if content == "" {
			if err := os.Remove(ct.s.path(name)); err != nil {
				t.Fatal(err)
			}
			continue
		}
		ct.s.write(name, content)
	}
	if len(st.Files) > 0 && ct.name == "terraform" {
		ct.run(0, "init", "-input=false", "-no-color")
	}
	file := fmt.Sprintf("step%d.tfplan", n)
	ct.run(0, "plan", "-input=false", "-no-color", "-out="+file)
	plan = normalJSONDoc(t, ct.run(0, "show", "-json", file).stdout)
	ct.run(0, "apply", "-input=false", "-no-color", "-auto-approve", file)
	state = normalJSONDoc(t, ct.run(0, "show", "-json").stdout)
	return plan, state
}

// normalJSONDoc decodes a document, with what legitimately differs
// between tools and runs made neutral: UUIDs, the timestamp and versions;
// trueup's own fields (trueup_version, mode, commit, summary) and empty
// lists it always writes; the order of relevant_attributes and checks,
// which Terraform writes in no fixed order; and prior_state's depends_on, which trueup updates for moved
// objects where Terraform keeps the addresses of the previous apply.
func normalJSONDoc(t *testing.T, doc string) any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(doc), &m); err != nil {
		t.Fatalf("not a JSON document: %v\n%s", err, doc)
	}
	for _, k := range []string{"timestamp", "terraform_version", "trueup_version", "mode", "commit", "summary"} {
		delete(m, k)
	}
	for _, k := range []string{"relevant_attributes", "checks"} {
		if l, ok := m[k].([]any); ok {
			slices.SortFunc(l, func(a, b any) int {
				ja, _ := json.Marshal(a)
				jb, _ := json.Marshal(b)
				return strings.Compare(string(ja), string(jb))
			})
		}
	}
	for _, k := range []string{"resource_changes", "resource_drift"} {
		if l, ok := m[k].([]any); ok && len(l) == 0 {
			delete(m, k)
		}
	}
	if ps, ok := m["prior_state"].(map[string]any); ok {
		delete(ps, "terraform_version")
		dropDependsOn(ps)
	}
	return normalValue(m)
}

func dropDependsOn(v any) {
	switch v := v.(type) {
	case map[string]any:
		delete(v, "depends_on")
		for _, e := range v {
			dropDependsOn(e)
		}
	case []any:
		for _, e := range v {
			dropDependsOn(e)
		}
	}
}

func TestShowJSONMatchesTerraform(t *testing.T) {
	t.Parallel()
	steps := showJSONSteps(t)
	dir := "testdata/terraform-compat/modules"
	record := filepath.Join("..", "..", showJSONRecord)
	if *updateCompat {
		if _, err := exec.LookPath("terraform"); err != nil {
			t.Fatal("-update needs terraform on PATH")
		}
		tf := terraformTool(t, dir)
		if err := os.MkdirAll(record, 0o755); err != nil {
			t.Fatal(err)
		}
		for i, st := range steps {
			plan, state := tf.showJSONStep(t, st, i+1)
			writeJSONRecord(t, filepath.Join(record, fmt.Sprintf("step%d.plan.json", i+1)), plan)
			writeJSONRecord(t, filepath.Join(record, fmt.Sprintf("step%d.state.json", i+1)), state)
		}
	}
	tu := trueupTool(t, dir)
	for i, st := range steps {
		plan, state := tu.showJSONStep(t, st, i+1)
		for kind, got := range map[string]any{"plan": plan, "state": state} {
			path := filepath.Join(record, fmt.Sprintf("step%d.%s.json", i+1, kind))
			var want any
			if err := json.Unmarshal([]byte(readFile(t, path)), &want); err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("step %d: show -json of the %s differs from Terraform's (%s) (-terraform +trueup):\n%s", i+1, kind, path, diff)
			}
		}
	}
}

func writeJSONRecord(t *testing.T, path string, doc any) {
	t.Helper()
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestPlanChecksMatchTerraform compares the checks and relevant_attributes
// of `show -json PLANFILE` with Terraform's on the conditions stack (a
// resource with pre- and postconditions, an output precondition, check
// blocks, a validated variable, replace_triggered_by): the first plan,
// where postconditions wait for apply ("unknown"), and the plan after
// apply, where every result is known.
func TestPlanChecksMatchTerraform(t *testing.T) {
	t.Parallel()
	dir := "testdata/terraform-compat/conditions"
	record := filepath.Join("..", "..", dir+".showjson")
	_, err := exec.LookPath("terraform")
	haveTerraform := err == nil
	if *updateCompat && !haveTerraform {
		t.Fatal("-update needs terraform on PATH")
	}
	var tf *compatTool
	if haveTerraform {
		tf = terraformTool(t, dir)
	}
	tu := trueupTool(t, dir)
	if *updateCompat {
		if err := os.MkdirAll(record, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for i := 1; i <= 2; i++ {
		path := filepath.Join(record, fmt.Sprintf("plan%d.json", i))
		var want any
		if haveTerraform {
			want = planChecksStep(t, tf, i)
			if *updateCompat {
				writeJSONRecord(t, path, want)
			}
		}
		var recorded any
		if err := json.Unmarshal([]byte(readFile(t, path)), &recorded); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if !haveTerraform {
			want = recorded
		} else if diff := cmp.Diff(recorded, want); diff != "" {
			t.Errorf("plan %d: Terraform's document differs from %s (run with -update) (-recorded +terraform):\n%s", i, path, diff)
		}
		if diff := cmp.Diff(want, planChecksStep(t, tu, i)); diff != "" {
			t.Errorf("plan %d: checks and relevant_attributes differ from Terraform's (-terraform +trueup):\n%s", i, diff)
		}
	}
}

// planChecksStep saves plan n, shows it as JSON, applies it and returns
// the document's checks and relevant_attributes.
func planChecksStep(t *testing.T, ct *compatTool, n int) any {
	t.Helper()
	file := fmt.Sprintf("checks%d.tfplan", n)
	ct.run(0, "plan", "-input=false", "-no-color", "-out="+file)
	doc := normalJSONDoc(t, ct.run(0, "show", "-json", file).stdout).(map[string]any)
	ct.run(0, "apply", "-input=false", "-no-color", "-auto-approve", file)
	return map[string]any{"checks": doc["checks"], "relevant_attributes": doc["relevant_attributes"]}
}
