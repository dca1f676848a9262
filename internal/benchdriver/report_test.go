package benchdriver

import (
	"bytes"
	"strings"
	"testing"
)

// TestCompareShowsAllProcessesRatio compares a one-process tool with a
// tool whose plugin processes double its memory: the ru_maxrss ratio and
// the all-processes ratio are both shown, each from its own figures.
func TestCompareShowsAllProcessesRatio(t *testing.T) {
	now := Report{Commit: "new", Runs: []Run{{Tool: "trueup", N: 10, Cases: map[string]Measure{
		CasePlan: {Seconds: 1, PeakRSSMB: 80, PeakTreeMB: 80},
	}}}}
	old := Report{Commit: "1.11", Runs: []Run{{Tool: "terraform", N: 10, Cases: map[string]Measure{
		CasePlan: {Seconds: 30, PeakRSSMB: 160, PeakTreeMB: 320},
	}}}}
	var out bytes.Buffer
	if err := now.PrintTable(&out, old); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(out.String(), "\n")
	if len(lines) < 2 || !strings.Contains(lines[0], "terraform@1.11 all MB") {
		t.Fatalf("no all-processes column for the old report:\n%s", out.String())
	}
	row := strings.Fields(lines[1])
	want := []string{"trueup", "10", "plan", "1.00", "0.00", "80", "80", "0.0", "30.00", "160", "30.00", "2.00", "320", "4.00"}
	if strings.Join(row, " ") != strings.Join(want, " ") {
		t.Errorf("row %q; want %q", row, want)
	}
}
