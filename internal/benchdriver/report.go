package benchdriver

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
)

// Report is one invocation's results, as written with -json.
type Report struct {
	// Commit is the trueup commit measured ("" when unknown).
	Commit string `json:"commit,omitempty"`
	// Machine describes where it ran (CPUs, OS), for the reader.
	Machine string `json:"machine,omitempty"`
	// Date is when it ran (RFC 3339).
	Date string `json:"date,omitempty"`
	Runs []Run  `json:"runs"`
	// Latency are the latency-bound runs against the sandbox.
	Latency []LatencyRun `json:"latency,omitempty"`
}

// caseOrder is the order cases print in.
var caseOrder = []string{CaseApply, CasePlan, CasePlanNoRef, CaseChangeOne, CaseDestroy}

// WriteJSON writes r to path, indented.
func (r Report) WriteJSON(path string) error {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}

// ReadReport reads a report written by WriteJSON.
func ReadReport(path string) (Report, error) {
	var r Report
	b, err := os.ReadFile(path)
	if err != nil {
		return r, err
	}
	if err := json.Unmarshal(b, &r); err != nil {
		return r, fmt.Errorf("%s: %w", path, err)
	}
	return r, nil
}

// find returns the run of r at size n: the one of tool when r has it,
// else the first at that size (a report of another tool).
func (r Report) find(tool string, n int) (Run, bool) {
	var other *Run
	for i, run := range r.Runs {
		if run.N != n {
			continue
		}
		if run.Tool == tool {
			return run, true
		}
		if other == nil {
			other = &r.Runs[i]
		}
	}
	if other != nil {
		return *other, true
	}
	return Run{}, false
}

// PrintTable writes r as a table. With old reports, each row also shows
// the matching run of each (by size and case) and the ratios old/new:
// above 1 means this run is faster or smaller.
func (r Report) PrintTable(w io.Writer, old ...Report) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	head := "tool\tN\tcase\tseconds\trounds s\tCPU s\tpeak MB\tall procs MB\twritten MB\t"
	for _, o := range old {
		label := o.label()
		head += label + " s\t" + label + " MB\ttime ×\tmem ×\t" + label + " all MB\tall ×\t"
	}
	fmt.Fprintln(tw, head)
	for _, run := range r.Runs {
		for _, c := range caseOrder {
			m, ok := run.Cases[c]
			if !ok {
				continue
			}
			fmt.Fprintf(tw, "%s\t%d\t%s\t%.2f\t%s\t%.2f\t%.0f\t%s\t%.1f\t", run.Tool, run.N, c, m.Seconds, spread(run.Rounds[c]), m.CPUSeconds, m.PeakRSSMB, orDash(m.PeakTreeMB), m.WrittenMB)
			for _, o := range old {
				fmt.Fprint(tw, compareCells(o, run, c, m))
			}
			fmt.Fprintln(tw)
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, run := range r.Runs {
		fmt.Fprintf(w, "%s N=%d: state %.1f MB\n", run.Tool, run.N, float64(run.StateBytes)/(1<<20))
	}
	r.printScaling(w)
	return nil
}

// printScaling writes, for each tool measured at two sizes one after the
// other, what the larger size cost per case against the smaller: the
// wall and CPU ratios, to hold against the ratio of the sizes (time
// linear in N).
func (r Report) printScaling(w io.Writer) {
	for i := 1; i < len(r.Runs); i++ {
		small, large := r.Runs[i-1], r.Runs[i]
		if small.Tool != large.Tool || small.N >= large.N {
			continue
		}
		var parts []string
		for _, c := range caseOrder {
			a, ok1 := small.Cases[c]
			b, ok2 := large.Cases[c]
			if ok1 && ok2 && a.Seconds > 0 && a.CPUSeconds > 0 {
				parts = append(parts, fmt.Sprintf("%s %.1f× (CPU %.1f×)", c, b.Seconds/a.Seconds, b.CPUSeconds/a.CPUSeconds))
			}
		}
		if len(parts) > 0 {
			fmt.Fprintf(w, "%s N=%d against N=%d (%g× the resources): %s\n", large.Tool, large.N, small.N, float64(large.N)/float64(small.N), strings.Join(parts, ", "))
		}
	}
}

// spread formats the fastest and slowest of several rounds' wall times,
// or "-" for a single round.
func spread[M timed](ms []M) string {
	if len(ms) < 2 {
		return "-"
	}
	lo, hi := ms[0].wall(), ms[0].wall()
	for _, m := range ms[1:] {
		lo, hi = min(lo, m.wall()), max(hi, m.wall())
	}
	return fmt.Sprintf("%.2f–%.2f", lo, hi)
}

// compareCells are the cells comparing m with o's run of the same size
// and case, blank when o has none.
func compareCells(o Report, run Run, c string, m Measure) string {
	prev, ok := o.find(run.Tool, run.N)
	if !ok {
		return "\t\t\t\t\t\t"
	}
	pm, ok := prev.Cases[c]
	if !ok {
		return "\t\t\t\t\t\t"
	}
	return fmt.Sprintf("%.2f\t%.0f\t%s\t%s\t%s\t%s\t", pm.Seconds, pm.PeakRSSMB, ratio(pm.Seconds, m.Seconds), ratio(pm.PeakRSSMB, m.PeakRSSMB),
		orDash(pm.PeakTreeMB), ratio(pm.PeakTreeMB, m.PeakTreeMB))
}

// orDash formats a figure in MB, or "-" when it was not measured.
func orDash(mb float64) string {
	if mb <= 0 {
		return "-"
	}
	return fmt.Sprintf("%.0f", mb)
}

// ratio formats old/new, or "-" when either is unknown.
func ratio(old, new float64) string {
	if old <= 0 || new <= 0 {
		return "-"
	}
	return fmt.Sprintf("%.2f", old/new)
}

// label names a report in table headings: its tool and commit.
func (r Report) label() string {
	tool := "old"
	if len(r.Runs) > 0 {
		tool = r.Runs[0].Tool
	}
	if r.Commit != "" {
		return tool + "@" + r.Commit
	}
	return tool
}
