package lang

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"

	"github.com/trueup/trueup/engine/config"
)

const fixturesDir = "../../testdata"

// expectRE matches a trailing "# ERROR: summary" (or WARNING) comment,
// optionally followed by " -- fragment", a part of the expected detail.
var expectRE = regexp.MustCompile(`#\s*(ERROR|WARNING):\s*(.*?)(?:\s+--\s+(.*))?\s*$`)

type expectation struct {
	line                    int
	severity, summary, frag string
}

func (e expectation) key() string { return fmt.Sprintf("%d %s %s", e.line, e.severity, e.summary) }

func readExpectations(t *testing.T, src []byte) []expectation {
	t.Helper()
	var out []expectation
	for i, line := range strings.Split(string(src), "\n") {
		if m := expectRE.FindStringSubmatch(line); m != nil {
			out = append(out, expectation{line: i + 1, severity: m[1], summary: m[2], frag: m[3]})
		}
	}
	return out
}

func diagSeverity(d *hcl.Diagnostic) string {
	if d.Severity == hcl.DiagWarning {
		return "WARNING"
	}
	return "ERROR"
}

// Every fixture in testdata/config-errors marks each offending line with
// the summary it must report; the test compares the sets of (line,
// summary) exactly, so an extra or a missing diagnostic fails.
func TestConfigErrorFixtures(t *testing.T) {
	dir := filepath.Join(fixturesDir, "config-errors")
	names, err := filepath.Glob(filepath.Join(dir, "*.tf"))
	if err != nil || len(names) == 0 {
		t.Fatalf("no fixtures in %s: %v", dir, err)
	}
	for _, path := range names {
		name := filepath.Base(path)
		t.Run(strings.TrimSuffix(name, ".tf"), func(t *testing.T) {
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			want := readExpectations(t, src)
			if len(want) == 0 {
				t.Fatalf("%s has no # ERROR: comments", name)
			}
			mod, diags := config.LoadSources(dir, map[string][]byte{name: src})
			diags = append(diags, ValidateReferences(mod)...)
			compareDiags(t, path, want, diags)
		})
	}
}

func compareDiags(t *testing.T, path string, want []expectation, diags hcl.Diagnostics) {
	t.Helper()
	got := map[string]*hcl.Diagnostic{}
	for _, d := range diags {
		if d.Subject == nil {
			t.Errorf("diagnostic without a location: %s: %s", d.Summary, d.Detail)
			continue
		}
		if d.Subject.Filename != path {
			t.Errorf("diagnostic names file %q, want %q", d.Subject.Filename, path)
		}
		e := expectation{line: d.Subject.Start.Line, severity: diagSeverity(d), summary: d.Summary}
		got[e.key()] = d
	}
	wantKeys := map[string]bool{}
	for _, e := range want {
		wantKeys[e.key()] = true
		d, ok := got[e.key()]
		if !ok {
			t.Errorf("line %d: missing %s %q", e.line, e.severity, e.summary)
			continue
		}
		if e.frag != "" && !strings.Contains(d.Detail, e.frag) {
			t.Errorf("line %d: detail %q does not contain %q", e.line, d.Detail, e.frag)
		}
	}
	var extra []string
	for k, d := range got {
		if !wantKeys[k] {
			extra = append(extra, fmt.Sprintf("line %d: unexpected %s %q (%s)", d.Subject.Start.Line, diagSeverity(d), d.Summary, d.Detail))
		}
	}
	sort.Strings(extra)
	for _, e := range extra {
		t.Error(e)
	}
}

func TestValidFixturesHaveNoErrors(t *testing.T) {
	dirs, _ := filepath.Glob(filepath.Join(fixturesDir, "config-valid", "*"))
	if len(dirs) == 0 {
		t.Fatal("no valid fixtures")
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			mod, diags := config.Load(dir)
			if diags.HasErrors() {
				t.Fatalf("Load: %s", diags.Error())
			}
			if diags := ValidateReferences(mod); len(diags) > 0 {
				t.Fatalf("ValidateReferences: %s", diags.Error())
			}
		})
	}
}
