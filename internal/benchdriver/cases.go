package benchdriver

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
)

// The cases measured at each size, in the order they run.
const (
	CaseApply     = "apply"           // apply from an empty state
	CasePlan      = "plan"            // no-op plan, refreshing every object
	CasePlanNoRef = "plan-no-refresh" // no-op plan with -refresh=false
	CaseChangeOne = "change-one"      // apply that replaces one resource
	CaseDestroy   = "destroy"         // destroy everything
)

// Run is one tool's measurements at one size.
type Run struct {
	Tool string `json:"tool"`
	N    int    `json:"n"`
	// Cases maps a case name to what it cost: with several rounds, the
	// round of median wall time.
	Cases map[string]Measure `json:"cases"`
	// Rounds holds, per case, every round's measure when the sequence
	// ran more than once (Tool.Rounds).
	Rounds map[string][]Measure `json:"rounds,omitempty"`
	// StateBytes is the size of the state after the apply from empty.
	StateBytes int64 `json:"state_bytes"`
}

// step is one measured command of the sequence.
type step struct {
	name string
	args []string
	// before prepares the stack (nil: nothing to do).
	before func(dir string) error
}

// MeasureSizes generates a stack of each size in a new directory under
// workDir and measures t on every case in order, t.Rounds times (at least
// once), each round from an empty state. Round r runs at every size
// before round r+1 runs at any: a shared machine's speed drifts over
// minutes, and the sizes' median rounds, whose ratio the linearity target
// reads, then come from the same stretch of time. The first failure stops
// it: later cases need the state earlier ones leave.
func (t Tool) MeasureSizes(ctx context.Context, workDir string, sizes []int) ([]Run, error) {
	type sized struct {
		run    Run
		dir    string
		rounds map[string][]Measure
	}
	var all []*sized
	for _, n := range sizes {
		dir, err := os.MkdirTemp(workDir, fmt.Sprintf("%s-%d-", t.Name, n))
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(dir)
		if err := t.prepare(ctx, dir, n); err != nil {
			return nil, err
		}
		all = append(all, &sized{run: Run{Tool: t.Name, N: n, Cases: map[string]Measure{}}, dir: dir, rounds: map[string][]Measure{}})
	}
	for round := range max(t.Rounds, 1) {
		for _, z := range all {
			if round > 0 {
				if err := startOver(z.dir, z.run.N); err != nil {
					return nil, err
				}
			}
			if err := t.measureRound(ctx, z.dir, z.run.N, z.rounds, &z.run.StateBytes, round == 0); err != nil {
				return nil, err
			}
		}
	}
	runs := make([]Run, 0, len(all))
	for _, z := range all {
		for c, ms := range z.rounds {
			z.run.Cases[c] = median(ms)
		}
		if len(z.rounds[CaseApply]) > 1 {
			z.run.Rounds = z.rounds
		}
		runs = append(runs, z.run)
	}
	return runs, nil
}

// measureRound runs every case once in dir, a stack of n resources,
// adding each measure to rounds; the first round records the state's
// size after the apply in stateBytes.
func (t Tool) measureRound(ctx context.Context, dir string, n int, rounds map[string][]Measure, stateBytes *int64, first bool) error {
	for _, s := range t.steps(n) {
		if s.before != nil {
			if err := s.before(dir); err != nil {
				return err
			}
		}
		m, err := t.run(ctx, dir, 0, s.args...)
		if err != nil {
			return fmt.Errorf("%s at N=%d: %w", s.name, n, err)
		}
		rounds[s.name] = append(rounds[s.name], m)
		// Progress on stderr: a long run (Terraform at 10,000) that is
		// stopped still leaves the cases it finished.
		fmt.Fprintf(os.Stderr, "  %s %s N=%d: wall %.2f s, CPU %.2f s, peak %.0f MB (all processes %s MB), written %.1f MB\n",
			t.Name, s.name, n, m.Seconds, m.CPUSeconds, m.PeakRSSMB, orDash(m.PeakTreeMB), m.WrittenMB)
		if s.name == CaseApply && first {
			fi, err := os.Stat(filepath.Join(dir, "terraform.tfstate"))
			if err != nil {
				return fmt.Errorf("apply at N=%d left no state: %w", n, err)
			}
			*stateBytes = fi.Size()
		}
	}
	return nil
}

// startOver puts the stack back as the first round found it: the
// unchanged configuration and no state.
func startOver(dir string, n int) error {
	for _, f := range []string{"terraform.tfstate", "terraform.tfstate.backup"} {
		if err := os.Remove(filepath.Join(dir, f)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	return WriteStack(dir, n, false)
}

// wall is the measure's wall time, by which rounds are ordered.
func (m Measure) wall() float64 { return m.Seconds }

// timed is a measure of one round: a size's case or a latency case.
type timed interface{ wall() float64 }

// median returns the measure of median wall time (the lower of the two
// middle ones for an even count).
func median[M timed](ms []M) M {
	sorted := slices.Clone(ms)
	slices.SortFunc(sorted, func(a, b M) int { return cmp.Compare(a.wall(), b.wall()) })
	return sorted[(len(sorted)-1)/2]
}

// prepare writes the stack and, for a tool that needs it, runs init.
func (t Tool) prepare(ctx context.Context, dir string, n int) error {
	if err := WriteStack(dir, n, false); err != nil {
		return err
	}
	if t.Prelude != "" {
		if err := os.WriteFile(filepath.Join(dir, "versions.tf"), []byte(t.Prelude), 0o644); err != nil {
			return err
		}
	}
	if !t.Init {
		return nil
	}
	_, err := t.run(ctx, dir, 0, "init", "-input=false")
	return err
}

// steps is the measured sequence. The plans use -detailed-exitcode, so
// that a plan that is not a no-op fails the run.
func (t Tool) steps(n int) []step {
	return []step{
		{name: CaseApply, args: []string{"apply", "-auto-approve", "-input=false"}},
		{name: CasePlan, args: []string{"plan", "-input=false", "-detailed-exitcode"}},
		{name: CasePlanNoRef, args: []string{"plan", "-input=false", "-refresh=false", "-detailed-exitcode"}},
		{name: CaseChangeOne, args: []string{"apply", "-auto-approve", "-input=false"},
			before: func(dir string) error { return WriteStack(dir, n, true) }},
		{name: CaseDestroy, args: []string{"destroy", "-auto-approve", "-input=false"}},
	}
}
