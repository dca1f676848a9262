package run

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"

	"github.com/trueup/trueup/engine/config"
)

func TestRequiredVersionWarnsOnlyOfAnotherTerraform(t *testing.T) {
	cases := map[string]hcl.DiagnosticSeverity{
		`">= 9.0"`:          hcl.DiagWarning,
		`">= 1.12"`:         hcl.DiagWarning,
		`"< 1.0"`:           hcl.DiagWarning,
		`"~> 1.5.0"`:        hcl.DiagInvalid, // a pin an older release meets: nothing
		`"= 1.5.7"`:         hcl.DiagInvalid,
		`">= 1.3, < 2.0.0"`: hcl.DiagInvalid,
		`"~> 1.11.0"`:       hcl.DiagInvalid,
		`"1.x"`:             hcl.DiagError,
	}
	for constraint, want := range cases {
		t.Run(constraint, func(t *testing.T) {
			dir := t.TempDir()
			src := "terraform {\n  required_version = " + constraint + "\n}\n"
			if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(src), 0o644); err != nil {
				t.Fatal(err)
			}
			mod, diags := config.Load(dir)
			if diags.HasErrors() {
				t.Fatal(diags)
			}
			cfg, diags := BuildTree(dir, mod)
			if diags.HasErrors() {
				t.Fatal(diags)
			}
			got := requiredVersionWarnings(cfg)
			if want == hcl.DiagInvalid {
				if len(got) != 0 {
					t.Fatalf("diagnostics %v, want none", got)
				}
				return
			}
			if len(got) != 1 || got[0].Severity != want || got[0].Subject == nil || got[0].Subject.Start.Line != 2 {
				t.Fatalf("diagnostics %v, want one of severity %v at line 2", got, want)
			}
			if want == hcl.DiagWarning && !strings.Contains(got[0].Detail, constraint) {
				t.Errorf("detail %q does not name the constraint", got[0].Detail)
			}
		})
	}
}
