package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/trueup/trueup/internal/benchdriver"
)

// TestBenchDriverSmoke runs `make bench`'s driver on stacks of 20 and 50
// resources with the binary under test, so that the driver cannot rot:
// every case runs in each of two rounds at each size (the no-op plans
// exit 0 under -detailed-exitcode, so each round starts from an empty
// state again), the state is measured, the table ends with the ratio
// between the sizes, and the JSON report reads back and compares with
// itself.
func TestBenchDriverSmoke(t *testing.T) {
	t.Parallel()
	tool := benchdriver.Tool{Name: "trueup", Exe: trueupBin, Env: append(cleanEnv(), "HOME="+t.TempDir()), Prelude: benchdriver.NullPrelude, Rounds: 2}
	runs, err := tool.MeasureSizes(context.Background(), t.TempDir(), []int{20, 50})
	if err != nil {
		t.Fatal(err)
	}
	if len(runs) != 2 || runs[0].N != 20 || runs[1].N != 50 {
		t.Fatalf("runs %+v; want one at 20 and one at 50", runs)
	}
	for _, run := range runs {
		for _, c := range []string{benchdriver.CaseApply, benchdriver.CasePlan, benchdriver.CasePlanNoRef, benchdriver.CaseChangeOne, benchdriver.CaseDestroy} {
			m, ok := run.Cases[c]
			if !ok || m.Seconds <= 0 || m.PeakRSSMB <= 0 || m.PeakTreeMB <= 0 {
				t.Errorf("N=%d case %s: %+v, %v; want a time, a peak RSS and the sampled peak of its processes", run.N, c, m, ok)
			}
			if len(run.Rounds[c]) != 2 {
				t.Errorf("N=%d case %s ran %d rounds; want 2", run.N, c, len(run.Rounds[c]))
			}
		}
		if run.StateBytes < int64(run.N)*100 {
			t.Errorf("state after apply at N=%d is %d bytes; want one object per resource", run.N, run.StateBytes)
		}
	}
	path := filepath.Join(t.TempDir(), "bench.json")
	rep := benchdriver.Report{Commit: "abc", Runs: runs}
	if err := rep.WriteJSON(path); err != nil {
		t.Fatal(err)
	}
	old, err := benchdriver.ReadReport(path)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := rep.PrintTable(&out, old); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "trueup@abc s") || strings.Count(out.String(), " 1.00 ") < 10 {
		t.Errorf("comparing a report with itself should show ratios of 1.00 per case:\n%s", out.String())
	}
	if !strings.Contains(out.String(), "trueup N=50 against N=20 (2.5× the resources): apply ") {
		t.Errorf("no line of ratios between the sizes:\n%s", out.String())
	}
}

// TestBenchDriverLatencySmoke runs the latency-bound cases at a small
// size against a sandbox with 1 ms of latency, then without latency: each
// case counts the requests it made, -refresh=changed reads only the
// changed object, each case has its time without latency, and the bare
// client's time is beside them.
func TestBenchDriverLatencySmoke(t *testing.T) {
	t.Parallel()
	tool := benchdriver.Tool{Name: "trueup", Exe: trueupBin, Env: append(cleanEnv(), "HOME="+t.TempDir()), Rounds: 2}
	const n = 20
	run, err := tool.MeasureLatency(context.Background(), t.TempDir(), n, time.Millisecond, 5)
	if err != nil {
		t.Fatal(err)
	}
	for name, m := range run.Cases {
		rounds := run.Rounds[name]
		if len(rounds) != 2 || (m.Seconds != rounds[0].Seconds && m.Seconds != rounds[1].Seconds) {
			t.Errorf("%s: %.3fs from rounds %+v; want two rounds and the case one of them", name, m.Seconds, rounds)
		}
	}
	if m := run.Cases[benchdriver.CaseLatApply]; m.Requests["PUT object"] != n || m.LimitSeconds <= 0 {
		t.Errorf("apply made %v (limit %.3fs), want %d uploads", m.Requests, m.LimitSeconds, n)
	}
	if m := run.Cases[benchdriver.CaseLatApply]; runtime.GOOS == "linux" && (m.CPUFloorSeconds < m.CPUSeconds/float64(runtime.NumCPU()) || m.CPUFloorSeconds <= 0) {
		t.Errorf("apply's CPU floor %.3fs (sandbox %.3fs) is under trueup's own CPU %.3fs over %d cores", m.CPUFloorSeconds, m.SandboxCPUSeconds, m.CPUSeconds, runtime.NumCPU())
	}
	for name, m := range run.Cases {
		if m.NoLatencySeconds <= 0 || m.Bound() < m.NoLatencySeconds {
			t.Errorf("%s: time without latency %.3fs, bound %.3fs; want one measured, and the bound at least that", name, m.NoLatencySeconds, m.Bound())
		}
		if m.PhaseSeconds <= 0 || m.PhaseSeconds >= m.Seconds {
			t.Errorf("%s: phase %.4fs of a %.3fs run; want it measured, and shorter than the whole command", name, m.PhaseSeconds, m.Seconds)
		}
	}
	full, changed := run.Cases[benchdriver.CaseLatFull], run.Cases[benchdriver.CaseLatChanged]
	if full.Requests["HEAD object"] != n || changed.Requests["HEAD object"] != 1 {
		t.Errorf("reads: a full refresh made %v, -refresh=changed %v; want %d and 1 HEADs", full.Requests, changed.Requests, n)
	}
	// The bare client's HEADs each wait the sandbox's millisecond: never
	// faster than its limit, and measured in each round.
	if b := run.Bare; b == nil || len(b.Rounds) != 2 || b.LimitSeconds != float64(n)*0.001/5 || b.Seconds < b.LimitSeconds {
		t.Errorf("bare client %+v; want two rounds, a limit of %d × 1ms / 5 and no run under it", b, n)
	}
	var out bytes.Buffer
	benchdriver.PrintLatencyTable(&out, []benchdriver.LatencyRun{run})
	for _, want := range []string{"change-one/refresh=changed", "L=0 s", "phase s", "rounds s", "bare client"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the table lacks %q:\n%s", want, out.String())
		}
	}
}

// TestBenchStackChangesOneResource checks the generated stack's
// one-resource change: only the last resource's configuration differs.
func TestBenchStackChangesOneResource(t *testing.T) {
	t.Parallel()
	a, b := t.TempDir(), t.TempDir()
	if err := benchdriver.WriteStack(a, 25, false); err != nil {
		t.Fatal(err)
	}
	if err := benchdriver.WriteStack(b, 25, true); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(filepath.Join(a, benchdriver.StackFile))
	after, _ := os.ReadFile(filepath.Join(b, benchdriver.StackFile))
	bl, al := strings.Split(string(before), "\n"), strings.Split(string(after), "\n")
	var diff []string
	for i := range bl {
		if bl[i] != al[i] {
			diff = append(diff, al[i])
		}
	}
	if len(diff) != 1 || !strings.Contains(diff[0], `"24-changed"`) {
		t.Errorf("changed lines %q; want only r24's trigger", diff)
	}
	if !strings.Contains(string(before), "ends = concat(local.g0)") {
		t.Errorf("stack lacks the fan-in local:\n%s", before)
	}
}
