package main

// Diagnostics compared with Terraform: each case runs one command on a
// stack with both tools (Terraform when on PATH, else its results
// recorded in the stack's terraform-diags.json) and compares the exit code
// and every diagnostic's summary and detail text. Where a diagnostic points
// is compared elsewhere (the # ERROR markers of testdata/e2e/diagnostics):
// the two tools render source snippets differently.

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// diagCase is one command run on a stack, in order: an apply's effects
// stay for the cases after it.
type diagCase struct {
	Name string   `json:"name"`
	Args []string `json:"args"`
}

// args returns the command line: Args, without colour or prompts.
func (c diagCase) args() []string {
	args := append(slices.Clone(c.Args), "-no-color")
	if c.Args[0] != "validate" {
		args = append(args, "-input=false")
	}
	return args
}

// diagOutcome is what one command reported.
type diagOutcome struct {
	Exit        int           `json:"exit"`
	Diagnostics []printedDiag `json:"diagnostics"`
}

// printedDiag is a diagnostic as text: "Error: ..." or "Warning: ...", and
// its detail with line wrapping undone.
type printedDiag struct {
	Summary string `json:"summary"`
	Detail  string `json:"detail"`
	// With is the object of a "with ADDR," line, "" without one.
	With string `json:"with,omitempty"`
}

var diagHeadRE = regexp.MustCompile(`^(Error|Warning): `)

// parseDiags returns the diagnostics a tool printed with -no-color: for
// each "Error: X" block, the lines of its detail (unindented, after the
// source snippet and the values of the expression's references) joined
// with spaces.
func parseDiags(stderr string) []printedDiag {
	var out []printedDiag
	var cur *printedDiag
	for _, line := range strings.Split(stderr, "\n") {
		if diagHeadRE.MatchString(line) {
			out = append(out, printedDiag{Summary: line})
			cur = &out[len(out)-1]
			continue
		}
		if cur == nil {
			continue
		}
		// "  with ADDR," (Terraform's behind its "│ " rule), not hcl's
		// "with X as VALUE," of an expression's values.
		if t := strings.TrimPrefix(line, "│ "); strings.HasPrefix(t, "  with ") && strings.HasSuffix(t, ",") && !strings.Contains(t, " as ") {
			cur.With = strings.TrimSuffix(strings.TrimPrefix(t, "  with "), ",")
			continue
		}
		if line == "" || strings.HasPrefix(line, " ") || strings.HasPrefix(line, "with ") || strings.HasPrefix(line, "╵") {
			continue
		}
		cur.Detail = strings.TrimSpace(cur.Detail + " " + strings.TrimPrefix(strings.TrimPrefix(line, "│ "), "│"))
	}
	for i := range out {
		out[i].Detail = strings.ReplaceAll(out[i].Detail, "Terraform", "TOOL")
		out[i].Detail = strings.ReplaceAll(out[i].Detail, "trueup", "TOOL")
	}
	slices.SortFunc(out, func(a, b printedDiag) int { return strings.Compare(a.Summary+a.Detail, b.Summary+b.Detail) })
	return out
}

// runDiagCompat runs the cases on copies of the stack in dir with both
// tools and compares what they report; -update re-records Terraform's.
func runDiagCompat(t *testing.T, dir string, cases []diagCase) {
	t.Helper()
	recordPath := filepath.Join("..", "..", dir, "terraform-diags.json")
	_, err := exec.LookPath("terraform")
	haveTerraform := err == nil
	if *updateCompat && !haveTerraform {
		t.Fatal("-update needs terraform on PATH")
	}
	var want []diagOutcome
	if haveTerraform {
		tf := terraformTool(t, dir)
		for _, c := range cases {
			r := tf.run(-1, c.args()...)
			want = append(want, diagOutcome{Exit: r.code, Diagnostics: parseDiags(r.stderr)})
		}
	}
	if *updateCompat {
		b, err := json.MarshalIndent(want, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(recordPath, append(b, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var recorded []diagOutcome
	if err := json.Unmarshal([]byte(readFile(t, recordPath)), &recorded); err != nil {
		t.Fatalf("%s: %v", recordPath, err)
	}
	if !haveTerraform {
		want = recorded
	} else if diff := cmp.Diff(recorded, want); diff != "" {
		t.Errorf("Terraform's results differ from those recorded in %s (run with -update) (-recorded +terraform):\n%s", recordPath, diff)
	}
	s := copyStack(t, dir)
	for i, c := range cases {
		r := s.run(c.args()...)
		got := diagOutcome{Exit: r.code, Diagnostics: parseDiags(r.stderr)}
		if diff := cmp.Diff(want[i], got); diff != "" {
			t.Errorf("%s (%v): trueup differs from Terraform (-terraform +trueup):\n%s\n%s", c.Name, c.Args, diff, r)
		}
	}
}

func TestVariableValidationNamingOtherObjectsMatchesTerraform(t *testing.T) {
	t.Parallel()
	runDiagCompat(t, "testdata/terraform-compat/validation-refs", []diagCase{
		{"validate accepts rules naming locals and resources", []string{"validate"}},
		{"a rule naming a local fails at plan", []string{"plan", "-var", "name=toolongname"}},
		{"a rule naming a planned attribute fails at plan", []string{"plan", "-var", "planned=bad"}},
		{"a rule naming an attribute unknown until apply is deferred", []string{"plan", "-var", "late=bad"}},
		{"a child module's rule naming its local fails at plan", []string{"plan", "-var", "n=7"}},
		{"the deferred rule fails at apply", []string{"apply", "-auto-approve", "-var", "late=bad"}},
		{"with the object known, plan checks the rule", []string{"plan", "-var", "late=bad"}},
		{"and passes it when it holds", []string{"plan", "-detailed-exitcode"}},
	})
}

func TestModuleInputTypeErrorMatchesTerraform(t *testing.T) {
	t.Parallel()
	runDiagCompat(t, "testdata/e2e/diagnostics/module-values", []diagCase{
		{"validate names the module's variable", []string{"validate"}},
	})
}
