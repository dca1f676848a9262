package main

// The same workspace commands, run by trueup and by Terraform on a stack
// of outputs only (no provider to download), must leave the same files
// (terraform.tfstate, terraform.tfstate.d/NAME/terraform.tfstate,
// .terraform/environment), print the same lists and exit with the same
// codes. Terraform's results are recorded in testdata, for machines
// without terraform; where terraform is on PATH, the test also checks the
// recording against it (regenerate with -update-terraform).

import (
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// terraformWorkspaceRecording is where Terraform's results are recorded.
const terraformWorkspaceRecording = "../../testdata/e2e/workspaces/terraform-1.11.4.json"

// wsStep is one command of the comparison, and what it produced.
type wsStep struct {
	Args []string `json:"args"`
	// Env is TF_WORKSPACE for this step ("" for none).
	Env string `json:"tf_workspace,omitempty"`
	// Compare says what to compare besides the exit code and files:
	// "stdout", "stderr", "both" or "" (exit code and files only).
	Compare string   `json:"compare,omitempty"`
	Code    int      `json:"code"`
	Stdout  string   `json:"stdout,omitempty"`
	Stderr  string   `json:"stderr,omitempty"`
	Files   []string `json:"files"`
}

// workspaceScript is the sequence both tools run, in one directory.
func workspaceScript() []wsStep {
	step := func(compare string, args ...string) wsStep { return wsStep{Args: args, Compare: compare} }
	env := func(ws, compare string, args ...string) wsStep { return wsStep{Args: args, Env: ws, Compare: compare} }
	return []wsStep{
		step("", "init", "-input=false"),
		step("both", "workspace", "show"),
		step("both", "workspace", "list"),
		step("both", "workspace", "new", "foo"),
		step("both", "workspace", "new", "foo"),
		step("both", "workspace", "new", "a/b"),
		step("both", "workspace", "new", "sp ace"),
		step("both", "workspace", "new", "bar"),
		step("both", "workspace", "list"),
		step("", "apply", "-auto-approve", "-input=false"),
		step("both", "output", "-raw", "ws"),
		step("both", "workspace", "select", "default"),
		step("both", "workspace", "select", "default"),
		step("both", "workspace", "select", "nope"),
		step("both", "workspace", "select", "-or-create", "baz"),
		step("both", "workspace", "list"),
		step("both", "workspace", "delete", "baz"),
		step("both", "workspace", "select", "foo"),
		step("", "apply", "-auto-approve", "-input=false"),
		step("both", "workspace", "delete", "bar"),
		step("both", "workspace", "delete", "default"),
		step("both", "workspace", "delete", "nope"),
		step("both", "workspace", "show"),
		step("both", "workspace", "list"),
		env("baz", "both", "workspace", "show"),
		env("baz", "both", "workspace", "list"),
		env("baz", "both", "workspace", "select", "default"),
		env("baz", "both", "workspace", "new", "qq"),
		env("a/b", "both", "workspace", "show"),
		env("ghost", "", "apply", "-auto-approve", "-input=false"),
		env("ghost", "both", "output", "-raw", "ws"),
		step("both", "workspace", "list"),
		step("both", "workspace", "select", "default"),
		step("", "apply", "-auto-approve", "-input=false"),
		step("both", "output", "-raw", "ws"),
		step("both", "workspace", "delete", "foo"),
		step("both", "workspace", "list"),
	}
}

const workspaceStackTF = `
output "ws" {
  value = terraform.workspace
}

output "greeting" {
  value = "hello from ${terraform.workspace}"
}
`

var ansi = regexp.MustCompile(`\x1b\[[0-9;]*m`)

// normalize makes the two tools' texts comparable: no colour, the tool's
// name replaced, no diagnostic box drawing, one space between words.
func normalize(s string) string {
	s = ansi.ReplaceAllString(s, "")
	s = strings.NewReplacer("Terraform", "trueup", "terraform", "trueup", "│", " ", "╷", " ", "╵", " ").Replace(s)
	return strings.Join(strings.Fields(s), " ")
}

// layout lists the state files and the workspace selection in dir, as
// "PATH" or "PATH=CONTENT" for .terraform/environment.
func layout(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		switch {
		case rel == ".terraform/environment":
			b, _ := os.ReadFile(p)
			out = append(out, rel+"="+string(b))
		case rel == "terraform.tfstate" || strings.HasPrefix(rel, "terraform.tfstate.d"):
			if strings.HasSuffix(rel, ".backup") {
				return nil
			}
			if d.IsDir() {
				rel += "/"
			}
			out = append(out, rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}

// runScript runs the script with run (one tool) in dir and records each
// step's results.
func runScript(t *testing.T, dir string, run func(env string, args []string) (int, string, string)) []wsStep {
	t.Helper()
	steps := workspaceScript()
	for i := range steps {
		s := &steps[i]
		code, stdout, stderr := run(s.Env, s.Args)
		s.Code, s.Files = code, layout(t, dir)
		if s.Compare == "stdout" || s.Compare == "both" {
			s.Stdout = normalize(stdout)
		}
		if s.Compare == "stderr" || s.Compare == "both" {
			s.Stderr = normalize(stderr)
		}
	}
	return steps
}

// runTerraform runs the script with the terraform on PATH.
func runTerraform(t *testing.T, tf string) []wsStep {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(workspaceStackTF), 0o644); err != nil {
		t.Fatal(err)
	}
	rc := filepath.Join(t.TempDir(), "terraformrc")
	if err := os.WriteFile(rc, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	return runScript(t, dir, func(ws string, args []string) (int, string, string) {
		cmd := exec.Command(tf, args...)
		cmd.Dir = dir
		cmd.Env = append(cleanEnv(), "TF_CLI_CONFIG_FILE="+rc, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1")
		if ws != "" {
			cmd.Env = append(cmd.Env, "TF_WORKSPACE="+ws)
		}
		var stdout, stderr strings.Builder
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		code := exitCode(err)
		if code < 0 {
			t.Fatalf("running terraform %s: %v", strings.Join(args, " "), err)
		}
		return code, stdout.String(), stderr.String()
	})
}

// terraformResults returns Terraform's results (terraformRecorded).
func terraformResults(t *testing.T) []wsStep {
	t.Helper()
	return terraformRecorded(t, terraformWorkspaceRecording, func(tf string) []wsStep { return runTerraform(t, tf) },
		func(live, recorded []wsStep) bool {
			return slices.EqualFunc(live, recorded, func(a, b wsStep) bool { return diffStep(b, a) == "" })
		})
}

// diffStep says how got differs from want, or "".
func diffStep(want, got wsStep) string {
	var d []string
	if got.Code != want.Code {
		d = append(d, "exit code "+itoa(got.Code)+", terraform "+itoa(want.Code))
	}
	if got.Stdout != want.Stdout {
		d = append(d, "stdout:\n    "+got.Stdout+"\n  terraform:\n    "+want.Stdout)
	}
	if got.Stderr != want.Stderr {
		d = append(d, "stderr:\n    "+got.Stderr+"\n  terraform:\n    "+want.Stderr)
	}
	if !slices.Equal(got.Files, want.Files) {
		d = append(d, "files "+strings.Join(got.Files, " ")+"\n  terraform "+strings.Join(want.Files, " "))
	}
	return strings.Join(d, "\n  ")
}

func itoa(i int) string { return strconv.Itoa(i) }

// runEnv runs the binary with extra environment variables for this run
// only.
func (s *stack) runEnv(env []string, args ...string) result {
	s.t.Helper()
	saved := s.env
	s.env = append(slices.Clip(s.env), env...)
	defer func() { s.env = saved }()
	return s.run(args...)
}

func TestWorkspaceCommandsMatchTerraform(t *testing.T) {
	t.Parallel()
	want := terraformResults(t)
	s := newStack(t, map[string]string{"main.tf": workspaceStackTF})
	got := runScript(t, s.dir, func(ws string, args []string) (int, string, string) {
		var env []string
		if ws != "" {
			env = []string{"TF_WORKSPACE=" + ws}
		}
		r := s.runEnv(env, args...)
		return r.code, r.stdout, r.stderr
	})
	if len(got) != len(want) {
		t.Fatalf("%d steps, terraform's recording has %d", len(got), len(want))
	}
	for i := range got {
		if d := diffStep(want[i], got[i]); d != "" {
			t.Errorf("step %d: trueup %s (TF_WORKSPACE=%q):\n  %s", i, strings.Join(got[i].Args, " "), got[i].Env, d)
		}
	}
}
