package main

// Applying a saved plan with variable values: a -var or -var-file value
// that differs from the plan's is refused, a TF_VAR_ one is ignored with a
// warning, terraform.tfvars is not read, and a -var for an undeclared
// variable is an error, as Terraform does. Each case applies a fresh plan
// made with -var v=b; the script runs with terraform on PATH, or against
// its recording.

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

const savedVarsRecording = "../../testdata/e2e/saved-plan-vars/terraform-1.11.4.json"

const savedVarsStack = "variable \"v\" {\n  default = \"a\"\n}\n\noutput \"o\" {\n  value = var.v\n}\n"

// savedVarsCase is one apply of a saved plan, and its result.
type savedVarsCase struct {
	Name  string            `json:"name"`
	Args  []string          `json:"args"`
	Env   []string          `json:"env,omitempty"`
	Files map[string]string `json:"files,omitempty"`
	Code  int               `json:"code"`
	// Said are the diagnostics' summaries, and Specifies the sentence
	// naming both values.
	Said      []string `json:"said"`
	Specifies string   `json:"specifies,omitempty"`
}

func savedVarsCases() []savedVarsCase {
	return []savedVarsCase{
		{Name: "a different -var", Args: []string{"-var", "v=c"}},
		{Name: "the same -var", Args: []string{"-var", "v=b"}},
		{Name: "a different -var-file", Args: []string{"-var-file=x.tfvars"}, Files: map[string]string{"x.tfvars": "v = \"e\"\n"}},
		{Name: "a different TF_VAR_", Env: []string{"TF_VAR_v=c"}},
		{Name: "terraform.tfvars", Files: map[string]string{"terraform.tfvars": "v = \"d\"\n"}},
		{Name: "an undeclared -var", Args: []string{"-var", "w=1"}},
	}
}

var (
	savedVarsSummaries = []string{"Can't change variable when applying a saved plan", "Ignoring variable when applying a saved plan", "Value for undeclared variable"}
	specifiesRE        = regexp.MustCompile(`The saved plan specifies .*? was set by (a CLI argument|an environment variable|a \.tfvars file passed through -var-file argument)`)
)

// runSavedVars runs every case in dir with run(env, args...).
func runSavedVars(t *testing.T, dir string, run func(env []string, args ...string) (int, string)) []savedVarsCase {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(savedVarsStack), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := savedVarsCases()
	for i := range cases {
		c := &cases[i]
		if code, stderr := run(nil, "plan", "-input=false", "-var", "v=b", "-out=p.plan"); code != 0 {
			t.Fatalf("%s: plan exit %d\n%s", c.Name, code, stderr)
		}
		for name, content := range c.Files {
			if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		code, stderr := run(c.Env, append(append([]string{"apply", "-input=false"}, c.Args...), "p.plan")...)
		for name := range c.Files {
			os.Remove(filepath.Join(dir, name))
		}
		said := normalize(stderr)
		c.Code, c.Said, c.Specifies = code, []string{}, specifiesRE.FindString(said)
		for _, summary := range savedVarsSummaries {
			if strings.Contains(said, summary) {
				c.Said = append(c.Said, summary)
			}
		}
	}
	return cases
}

func sameSavedVarsCase(a, b savedVarsCase) bool {
	return a.Name == b.Name && a.Code == b.Code && slices.Equal(a.Said, b.Said) && a.Specifies == b.Specifies
}

func TestSavedPlanVariablesAsTerraform(t *testing.T) {
	t.Parallel()
	want := terraformRecorded(t, savedVarsRecording, func(tf string) []savedVarsCase {
		dir := t.TempDir()
		return runSavedVars(t, dir, terraformRunner(t, tf, dir))
	}, func(live, recorded []savedVarsCase) bool { return slices.EqualFunc(live, recorded, sameSavedVarsCase) })
	s := newStack(t, map[string]string{})
	got := runSavedVars(t, s.dir, func(env []string, args ...string) (int, string) {
		r := s.runEnv(env, args...)
		return r.code, r.stdout + r.stderr
	})
	if len(got) != len(want) {
		t.Fatalf("%d cases, terraform's results have %d", len(got), len(want))
	}
	for i := range got {
		if !sameSavedVarsCase(got[i], want[i]) {
			t.Errorf("%s: trueup exit %d, said %q, %q\n  terraform exit %d, said %q, %q",
				got[i].Name, got[i].Code, got[i].Said, got[i].Specifies, want[i].Code, want[i].Said, want[i].Specifies)
		}
	}
}
