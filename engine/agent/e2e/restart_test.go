package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestHistorySurvivesRestart: runs are still listed after the agent is
// restarted; a run cut short by a crash is marked interrupted, and the
// commit is run again to completion: the crashed process's state lock is
// taken over at once, since its holder is dead on this host.
func TestHistorySurvivesRestart(t *testing.T) {
	t.Parallel()
	r := newRepo(t)
	out := t.TempDir()
	r.write(map[string]string{"main.tf": fileStack(map[string]string{"quick": "quick\n"})})
	first := r.commit("quick file")
	r.push("main")
	data := t.TempDir()
	cfg, addr := writeConfig(t, data, fmt.Sprintf(`
stack "slow" {
  repo          = %q
  vars          = { out = %q }
  auto_apply    = true
  poll_interval = "1s"
}
`, r.url(), out))
	a := startAgent(t, cfg, addr, data)
	done := a.waitRun("slow", "the first apply", func(x run) bool { return x.Commit == first })
	if done.Outcome != "succeeded" {
		t.Fatalf("first run = %+v", done)
	}

	r.write(map[string]string{"sleep.tf": "resource \"time_sleep\" \"wait\" {\n  create_duration = \"20s\"\n}\n"})
	second := r.commit("a slow resource")
	r.push("main")
	var cut run
	waitFor(t, "the slow apply to be running", 60*time.Second, func() bool {
		for _, x := range a.runs("slow") {
			if x.Commit == second && x.Outcome == "running" {
				var d struct {
					Log []struct{ Message string }
				}
				a.getJSON(fmt.Sprintf("/api/runs/%d", x.ID), &d)
				for _, l := range d.Log {
					if strings.HasPrefix(l.Message, "time_sleep.wait: ") && strings.HasSuffix(l.Message, " started") {
						cut = x
						return true
					}
				}
			}
		}
		return false
	})
	a.kill()

	b := startAgent(t, cfg, addr, data)
	runs := b.runs("slow")
	var gotDone, gotCut bool
	for _, x := range runs {
		switch x.ID {
		case done.ID:
			gotDone = x.Outcome == "succeeded" && x.Commit == first
		case cut.ID:
			gotCut = x.Outcome == "interrupted"
		}
	}
	if !gotDone || !gotCut {
		t.Fatalf("after restart: first run kept %v, cut run interrupted %v; runs: %+v", gotDone, gotCut, runs)
	}
	_, page := b.get(fmt.Sprintf("/runs/%d", cut.ID))
	if !strings.Contains(page, `data-outcome="interrupted"`) {
		t.Errorf("the run page does not show the run interrupted")
	}
	var again run
	waitFor(t, "the interrupted commit to be run again", 90*time.Second, func() bool {
		for _, x := range b.runs("slow") {
			if x.ID > cut.ID && x.Commit == second && x.Outcome != "running" && x.Outcome != "queued" {
				again = x
				return true
			}
		}
		return false
	})
	if again.Outcome != "succeeded" || strings.Contains(again.Error, "state locked") {
		t.Errorf("the interrupted commit's next run = %+v, want it applied past the dead process's lock", again)
	}
}

// TestSigtermAbortsRunCleanly: SIGTERM during an apply lets the in-flight
// resource finish (the engine's rule), schedules nothing more, saves state
// and releases the lock; the run is recorded interrupted with the reason,
// and after a restart the commit runs again to completion, not held up by
// a stale lock.
func TestSigtermAbortsRunCleanly(t *testing.T) {
	t.Parallel()
	r := newRepo(t)
	r.write(map[string]string{"sleep.tf": `resource "time_sleep" "first" {
  create_duration = "3s"
}

resource "time_sleep" "second" {
  create_duration = "1s"
  depends_on      = [time_sleep.first]
}
`})
	commit := r.commit("two sleeps")
	r.push("main")
	data := t.TempDir()
	cfg, addr := writeConfig(t, data, fmt.Sprintf("stack \"slow\" {\n  repo = %q\n  auto_apply = true\n  poll_interval = \"1s\"\n}\n", r.url()))
	a := startAgent(t, cfg, addr, data)
	waitFor(t, "the first sleep to be running", 60*time.Second, func() bool {
		for _, x := range a.runs("slow") {
			if x.Outcome == "running" {
				var d struct{ Log []struct{ Message string } }
				a.getJSON(fmt.Sprintf("/api/runs/%d", x.ID), &d)
				for _, l := range d.Log {
					if strings.HasPrefix(l.Message, "time_sleep.first: ") {
						return true
					}
				}
			}
		}
		return false
	})
	a.stop()
	b := startAgent(t, cfg, addr, data)
	runs := b.runs("slow")
	cut := runs[len(runs)-1]
	if cut.Outcome != "interrupted" || !strings.Contains(cut.Error, "interrupted") {
		t.Fatalf("run cut by SIGTERM = %+v, want interrupted during the run", cut)
	}
	again := b.waitRun("slow", "the commit to run again", func(x run) bool { return x.ID > cut.ID && x.Commit == commit })
	if again.Outcome != "succeeded" || again.Summary.Add != 1 {
		t.Errorf("run after restart = %+v, want a success adding only the second sleep", again)
	}
}
