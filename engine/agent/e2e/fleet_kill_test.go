package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/trueup/trueup/engine/sandbox"
)

// fleetStacks is how many stacks the fleet test manages; stack s00's
// apply is slow, so that its agent can be killed in the middle of it.
const fleetStacks = 20

// fleetStack is stack name's configuration at revision rev: a file, and
// for s00 a provisioner that sleeps, with its state in the sandbox's S3.
func fleetStack(name, rev string) string {
	src := fmt.Sprintf(`terraform {
  backend "s3" {
    bucket         = "tfstate"
    key            = "%s.tfstate"
    use_path_style = true
  }
}

variable "out" {
  type = string
}

resource "local_file" "rev" {
  filename = "${var.out}/%s.txt"
  content  = %q
}
`, name, name, rev)
	if name == "s00" {
		src += fmt.Sprintf(`
resource "null_resource" "slow" {
  triggers = { rev = %q }
  provisioner "local-exec" {
    command = "sleep 4"
  }
}
`, rev)
	}
	return src
}

// TestFleetSurvivesAKilledAgent: three agents on one PostgreSQL share 20
// stacks; each commit is applied to each stack by one agent. The agent
// applying s00 is killed (kill -9) in the middle of the apply: another
// agent runs it again, and in the end every stack has exactly one
// succeeded apply of each commit, the killed run shows as interrupted,
// and every file holds the last revision.
func TestFleetSurvivesAKilledAgent(t *testing.T) {
	db := sharedPG.Get(t).NewDatabase(t)
	sb, err := sandbox.Start(context.Background(), sandbox.Options{Buckets: []string{"tfstate"}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sb.Close() })
	r := newRepo(t)
	out := t.TempDir()
	revision := func(rev string) string {
		files := map[string]string{}
		for i := range fleetStacks {
			name := fmt.Sprintf("s%02d", i)
			files["stacks/"+name+"/main.tf"] = fleetStack(name, rev)
		}
		r.write(files)
		c := r.commit("revision " + rev)
		r.push("main")
		return c
	}
	first := revision("1")

	var stacks strings.Builder
	for i := range fleetStacks {
		fmt.Fprintf(&stacks, "stack \"s%02d\" {\n  repo = %q\n  path = \"stacks/s%02d\"\n  vars = { out = %q }\n  auto_apply = true\n  poll_interval = \"1s\"\n}\n",
			i, r.url(), i, out)
	}
	agents := map[string]*agent{}
	for _, id := range []string{"agent-a", "agent-b", "agent-c"} {
		data := t.TempDir()
		cfg, addr := writeConfig(t, data, stacks.String())
		agents[id] = startAgentArgs(t, cfg, addr, data, []string{"-store=" + db, "-agent-id=" + id}, sb.Env()...)
	}
	any := agents["agent-c"]
	// completed: an apply that finished its commit. A run rescued from
	// the killed agent finds "no-changes" when the killed run had already
	// applied everything and died before recording its end.
	completed := func(x run) bool {
		return x.Kind == "apply" && (x.Outcome == "succeeded" || x.Outcome == "no-changes")
	}
	waitApplied := func(commit string) {
		for i := range fleetStacks {
			any.waitRun(fmt.Sprintf("s%02d", i), "the apply of "+commit[:8], func(x run) bool {
				return x.Commit == commit && completed(x)
			})
		}
	}
	waitApplied(first)

	second := revision("2")
	var victim string
	waitFor(t, "s00's apply of the second commit to start", 60*time.Second, func() bool {
		for _, x := range any.runs("s00") {
			if x.Commit == second && x.Outcome == "running" {
				victim = x.Agent
				return true
			}
		}
		return false
	})
	time.Sleep(time.Second) // into the provisioner's sleep
	agents[victim].kill()
	killed := time.Now()
	t.Logf("killed %s in the middle of s00's apply", victim)
	if victim == "agent-c" {
		any = agents["agent-a"]
	}
	// The killed apply held s00's state lock in S3 with a two-minute
	// lease. The lock names the killed agent, which the fleet knows is
	// gone: the re-run takes the lock over at once, well before the lease
	// would run out (docs/agent-fleet.md).
	waitFor(t, "s00's re-run to apply the second commit", 100*time.Second, func() bool {
		for _, x := range any.runs("s00") {
			if x.Commit == second && x.Kind == "apply" && x.Outcome == "succeeded" {
				return true
			}
		}
		return false
	})
	if took := time.Since(killed); took > 100*time.Second {
		t.Errorf("the rescued apply finished %s after the kill: it waited for the lease", took.Round(time.Second))
	}
	waitApplied(second)

	for i := range fleetStacks {
		name := fmt.Sprintf("s%02d", i)
		succeeded := map[string]int{}
		applied := map[string]run{}
		for _, x := range any.runs(name) {
			if completed(x) {
				succeeded[x.Commit]++
				applied[x.Commit] = x
			}
			if x.Outcome == "running" || x.Outcome == "queued" {
				t.Errorf("%s: run %d still %s on %s", name, x.ID, x.Outcome, x.Agent)
			}
		}
		if succeeded[first] != 1 || succeeded[second] != 1 || len(succeeded) != 2 {
			t.Errorf("%s: completed applies by commit = %v, want one of each commit", name, succeeded)
		}
		aEnd, err1 := time.Parse(time.RFC3339Nano, applied[first].Finished)
		bStart, err2 := time.Parse(time.RFC3339Nano, applied[second].Started)
		if a, b := applied[first], applied[second]; err1 == nil && err2 == nil && bStart.Before(aEnd) {
			t.Errorf("%s: the second commit's apply started (%s) before the first's ended (%s): not in commit order", name, b.Started, a.Finished)
		}
		if got, _ := os.ReadFile(filepath.Join(out, name+".txt")); string(got) != "2" {
			t.Errorf("%s.txt = %q, want the last revision", name, got)
		}
	}
	var interrupted bool
	for _, x := range any.runs("s00") {
		if x.Commit == second && x.Outcome == "interrupted" && x.Agent == victim {
			interrupted = true
		}
	}
	if !interrupted {
		t.Errorf("s00's history does not show the killed run as interrupted: %+v", any.runs("s00"))
	}
}
