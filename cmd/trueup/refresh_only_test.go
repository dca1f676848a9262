package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRefreshOnlyApplyDeletesNothingAsTerraform: an apply -refresh-only
// after a resource block was removed and a count lowered keeps every
// object in state, as Terraform's does; the next plan proposes their
// deletion. (trueup used to delete them, while the plan it showed said
// "No changes".)
func TestRefreshOnlyApplyDeletesNothingAsTerraform(t *testing.T) {
	t.Parallel()
	const recording = "../../testdata/e2e/refresh-only-orphans/terraform-1.11.4.json"
	script := func(t *testing.T, dir string, run runFunc) []scriptStep {
		t.Helper()
		write := func(src string) {
			if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(src), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		a := "resource \"terraform_data\" \"a\" {\n  input = \"a\"\n}\n"
		write(a + "resource \"terraform_data\" \"b\" {\n  input = \"b\"\n}\n\nresource \"terraform_data\" \"c\" {\n  count = 2\n  input = count.index\n}\n")
		for _, args := range [][]string{{"init", "-input=false"}, {"apply", "-auto-approve", "-input=false"}} {
			if code, out := run(nil, args...); code != 0 {
				t.Fatalf("%s: exit %d\n%s", strings.Join(args, " "), code, out)
			}
		}
		write(a + "resource \"terraform_data\" \"c\" {\n  count = 1\n  input = count.index\n}\n")
		var steps []scriptStep
		for _, args := range [][]string{
			{"apply", "-refresh-only", "-auto-approve", "-input=false"},
			{"state", "list"},
			{"plan", "-input=false", "-detailed-exitcode"},
		} {
			code, out := run(nil, args...)
			said := []string{}
			for _, line := range strings.Split(out, "\n") {
				line = strings.TrimSpace(ansi.ReplaceAllString(line, ""))
				if strings.Contains(line, "Refreshing state...") { // Terraform's progress, not trueup's
					continue
				}
				if strings.HasPrefix(line, "terraform_data.") || strings.HasPrefix(line, "Plan:") || strings.HasSuffix(line, "will be destroyed") {
					said = append(said, normalize(line))
				}
			}
			steps = append(steps, scriptStep{Args: args, Code: code, Said: said})
		}
		return steps
	}
	s := compareScriptWithTerraform(t, recording, script)
	wantAddresses(t, s.state(), "terraform_data.a", "terraform_data.b", "terraform_data.c[0]", "terraform_data.c[1]")
}
