package main

// Comparison with Terraform: a stack of testdata/terraform-compat is
// applied step by step with trueup and, when `terraform` is on PATH, with
// Terraform; plan summaries, outputs and the state's resources must agree.
// Terraform's results are recorded in the stack's terraform.json (and its
// final state in terraform.final.tfstate), so that where Terraform is absent
// trueup is still compared with them; -update re-records them.

import (
	"encoding/json"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var updateCompat = flag.Bool("update", false, "re-record Terraform's results in testdata/terraform-compat (needs terraform on PATH)")

// compatStep is one apply of a comparison: the files written into the
// stack before it (an empty content removes the file) and the extra
// arguments given to plan and apply.
type compatStep struct {
	Files map[string]string
	Args  []string
}

// writeFiles writes the step's files into s; an empty content removes
// the file.
func (st compatStep) writeFiles(t *testing.T, s *stack) {
	t.Helper()
	for name, content := range st.Files {
		if content == "" {
			if err := os.Remove(s.path(name)); err != nil {
				t.Fatal(err)
			}
			continue
		}
		s.write(name, content)
	}
}

// compatResult is what one step produced, in a form both tools share.
type compatResult struct {
	PlanSummary string         `json:"plan_summary"`
	PlanHeaders []string       `json:"plan_headers"`
	Outputs     map[string]any `json:"outputs"`
	OutputText  string         `json:"output_text"`
	Resources   []any          `json:"resources"`
	// CheckResults are the state's check_results, by config_addr.
	CheckResults []any `json:"check_results,omitempty"`
}

// compatRecord is a stack's recorded Terraform results.
type compatRecord struct {
	Steps []compatResult `json:"steps"`
}

// compatTool runs one tool on a copy of a stack; run's want < 0 takes
// any exit code.
type compatTool struct {
	name string
	s    *stack
	run  func(want int, args ...string) result
}

func trueupTool(t *testing.T, dir string) *compatTool {
	s := copyStack(t, dir)
	return &compatTool{name: "trueup", s: s, run: s.must}
}

func terraformTool(t *testing.T, dir string) *compatTool {
	s := copyStack(t, dir)
	ct := &compatTool{name: "terraform", s: s}
	ct.run = func(want int, args ...string) result {
		t.Helper()
		cmd := exec.Command("terraform", args...)
		cmd.Dir = s.dir
		cmd.Env = append(cleanEnv(), "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1", "TF_CLI_CONFIG_FILE="+filepath.Join(s.dir, ".terraformrc"))
		cmd.Env = append(cmd.Env, s.env...)
		var out, errb strings.Builder
		cmd.Stdout, cmd.Stderr = &out, &errb
		err := cmd.Run()
		r := result{args: args, stdout: out.String(), stderr: errb.String(), code: exitCode(err)}
		if want >= 0 && r.code != want {
			t.Fatalf("terraform: want exit code %d, got:\n%s", want, r)
		}
		return r
	}
	s.write(".terraformrc", "")
	ct.run(0, "init", "-input=false", "-no-color")
	return ct
}

// step plans and applies one step and returns what it produced.
func (ct *compatTool) step(t *testing.T, st compatStep) compatResult {
	t.Helper()
	st.writeFiles(t, ct.s)
	if len(st.Files) > 0 {
		ct.run(0, "init", "-input=false", "-no-color")
	}
	plan := ct.run(0, append([]string{"plan", "-input=false", "-no-color"}, st.Args...)...)
	ct.run(0, append([]string{"apply", "-auto-approve", "-input=false", "-no-color"}, st.Args...)...)
	out := ct.run(0, "output", "-json")
	var outputs map[string]any
	if err := json.Unmarshal([]byte(out.stdout), &outputs); err != nil {
		t.Fatalf("%s output -json: %v\n%s", ct.name, err, out.stdout)
	}
	doc := ct.s.read(stateFile)
	text := ct.run(0, "output", "-no-color")
	return compatResult{PlanSummary: planSummary(plan.stdout), PlanHeaders: planHeaders(plan.stdout), Outputs: outputs, OutputText: text.stdout,
		Resources: normalResources(t, doc), CheckResults: checkResults(t, doc)}
}

// checkResults returns a state document's check_results in config_addr
// order (Terraform writes them in no fixed order).
func checkResults(t *testing.T, doc string) []any {
	t.Helper()
	var st struct {
		CheckResults []map[string]any `json:"check_results"`
	}
	if err := json.Unmarshal([]byte(doc), &st); err != nil {
		t.Fatalf("state: %v", err)
	}
	var out []any
	for _, r := range st.CheckResults {
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b any) int {
		return strings.Compare(a.(map[string]any)["config_addr"].(string), b.(map[string]any)["config_addr"].(string))
	})
	return out
}

var planSummaryRE = regexp.MustCompile(`(?m)^(Plan: (\d+ to import, )?\d+ to add, \d+ to change, \d+ to destroy(, \d+ to forget)?\.|No changes\.)`)

func planSummary(out string) string {
	return planSummaryRE.FindString(out)
}

var planHeaderRE = regexp.MustCompile(`(?m)^ {1,2}# .*$`)

// planHeaders returns the comment lines that head each change of a plan
// ("# x will be created", "# (because …)"), the tool's name made neutral.
func planHeaders(out string) []string {
	var lines []string
	for _, l := range planHeaderRE.FindAllString(out, -1) {
		l = strings.ReplaceAll(l, "Terraform", "TOOL")
		lines = append(lines, strings.ReplaceAll(l, "trueup", "TOOL"))
	}
	return lines
}

// stepFiles returns the files under a directory of the repository, by
// path relative to it, as a compatStep writes them.
func stepFiles(t *testing.T, dir string) map[string]string {
	t.Helper()
	root := filepath.Join("..", "..", dir)
	files := map[string]string{}
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		files[filepath.ToSlash(rel)] = readFile(t, path)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

var uuidRE = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

// normalResources returns a state document's resources as JSON values,
// with what legitimately differs between runs (UUIDs) replaced by a
// placeholder and the order of resources fixed.
func normalResources(t *testing.T, doc string) []any {
	t.Helper()
	var st struct {
		Resources []map[string]any `json:"resources"`
	}
	if err := json.Unmarshal([]byte(doc), &st); err != nil {
		t.Fatalf("state: %v", err)
	}
	var out []any
	for _, r := range st.Resources {
		// trueup writes each ("list" for count, "map" for for_each), as
		// Terraform did up to 0.14; Terraform 1.x reads it and no longer
		// writes it.
		delete(r, "each")
		out = append(out, normalValue(r))
	}
	slices.SortFunc(out, func(a, b any) int {
		return strings.Compare(resourceKey(a), resourceKey(b))
	})
	return out
}

func resourceKey(r any) string {
	m := r.(map[string]any)
	key := m["mode"].(string) + "." + m["type"].(string) + "." + m["name"].(string)
	if mod, ok := m["module"].(string); ok {
		key = mod + "." + key
	}
	return key
}

func normalValue(v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			out[k] = normalValue(e)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = normalValue(e)
		}
		return out
	case string:
		if uuidRE.MatchString(v) {
			return "<uuid>"
		}
	}
	return v
}

// runCompat applies the stack's steps with trueup and compares each step's
// results with Terraform's (live, or recorded). Both tools' final states
// are then planned by the other tool, which must find nothing to do.
func runCompat(t *testing.T, dir string, steps []compatStep) {
	t.Helper()
	recordPath := filepath.Join("..", "..", dir, "terraform.json")
	statePath := filepath.Join("..", "..", dir, "terraform.final.tfstate")
	_, err := exec.LookPath("terraform")
	haveTerraform := err == nil
	if *updateCompat && !haveTerraform {
		t.Fatal("-update needs terraform on PATH")
	}

	var want compatRecord
	var tf *compatTool
	if haveTerraform {
		tf = terraformTool(t, dir)
		for _, st := range steps {
			want.Steps = append(want.Steps, tf.step(t, st))
		}
	}
	if *updateCompat {
		var b strings.Builder
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(want); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(recordPath, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(statePath, []byte(tf.s.read(stateFile)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	recorded := readCompatRecord(t, recordPath)
	if !haveTerraform {
		t.Logf("terraform is not on PATH: comparing with the results recorded in %s", recordPath)
		want = recorded
	} else if diff := cmp.Diff(recorded, want); diff != "" {
		t.Errorf("Terraform's results differ from those recorded in %s (run with -update to re-record) (-recorded +terraform):\n%s", recordPath, diff)
	}

	tu := trueupTool(t, dir)
	for i, st := range steps {
		got := tu.step(t, st)
		if diff := cmp.Diff(want.Steps[i], got); diff != "" {
			t.Errorf("step %d %v: trueup differs from Terraform (-terraform +trueup):\n%s", i+1, st.Args, diff)
		}
	}

	last := steps[len(steps)-1].Args
	// Terraform's state, planned by trueup, is a no-op.
	fromTF := copyStack(t, dir)
	for _, st := range steps {
		st.writeFiles(t, fromTF)
	}
	fromTF.write(stateFile, readFile(t, statePath))
	fromTF.must(0, append([]string{"plan", "-detailed-exitcode", "-no-color"}, last...)...)
	// trueup's state, planned by Terraform, is a no-op.
	if haveTerraform {
		tf.s.write(stateFile, tu.s.read(stateFile))
		tf.run(0, append([]string{"plan", "-detailed-exitcode", "-input=false", "-no-color"}, last...)...)
	}
}

func readCompatRecord(t *testing.T, path string) compatRecord {
	t.Helper()
	var rec compatRecord
	if err := json.Unmarshal([]byte(readFile(t, path)), &rec); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return rec
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
