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
	want := []string{"trueup", "10", "plan", "1.00", "-", "0.00", "80", "80", "0.0", "30.00", "160", "30.00", "2.00", "320", "4.00"}
	if strings.Join(row, " ") != strings.Join(want, " ") {
		t.Errorf("row %q; want %q", row, want)
	}
}

// TestRoundsReportTheMedianAndTheScaling: of three rounds the median one
// is reported with the spread of all three, and two sizes of one tool
// get a line of ratios per case.
func TestRoundsReportTheMedianAndTheScaling(t *testing.T) {
	rounds := []Measure{{Seconds: 1.5, CPUSeconds: 2.5}, {Seconds: 1.0, CPUSeconds: 2.0}, {Seconds: 1.2, CPUSeconds: 1.9}}
	if m := median(rounds); m.Seconds != 1.2 || m.CPUSeconds != 1.9 {
		t.Errorf("median %+v; want the round of 1.2 s, with its own CPU time", m)
	}
	if m := median(rounds[:2]); m.Seconds != 1.0 {
		t.Errorf("median of two %+v; want the lower", m)
	}
	r := Report{Runs: []Run{
		{Tool: "trueup", N: 10, Cases: map[string]Measure{CaseApply: median(rounds), CaseDestroy: {Seconds: 2, CPUSeconds: 2}},
			Rounds: map[string][]Measure{CaseApply: rounds}},
		{Tool: "trueup", N: 100, Cases: map[string]Measure{CaseApply: {Seconds: 12, CPUSeconds: 19}, CaseDestroy: {Seconds: 23, CPUSeconds: 20}}},
	}}
	var out bytes.Buffer
	if err := r.PrintTable(&out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"1.00–1.50", "trueup N=100 against N=10 (10× the resources): apply 10.0× (CPU 10.0×), destroy 11.5× (CPU 10.0×)"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("no %q in:\n%s", want, out.String())
		}
	}
}
