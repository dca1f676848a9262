package e2e

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
)

// TestFleetSharesScheduledDriftChecks: six stacks whose drift checks fall
// due in the same minute on two agents (one run at a time each) sharing
// PostgreSQL: every stack is checked exactly once in that minute, and
// both agents take a share — each pulls a check when a run slot of its
// own frees (engine/agent/pull.go), rather than one taking them all.
func TestFleetSharesScheduledDriftChecks(t *testing.T) {
	db := sharedPG.Get(t).NewDatabase(t)
	r := newRepo(t)
	out := t.TempDir()
	files := map[string]string{}
	var stacks strings.Builder
	for i := range 6 {
		files[fmt.Sprintf("s%d/main.tf", i)] = fileStack(map[string]string{fmt.Sprintf("s%d", i): "x\n"})
		fmt.Fprintf(&stacks, "stack \"s%d\" {\n  repo = %q\n  path = \"s%d\"\n  vars = { out = %q }\n  drift {\n    schedule = \"0 * * * * *\"\n  }\n}\n", i, r.url(), i, out)
	}
	r.write(files)
	r.commit("six stacks")
	r.push("main")
	start := func(id string) *agent {
		data := t.TempDir()
		cfg, addr := writeConfig(t, data, stacks.String())
		withRuns(t, cfg, 1)
		return startAgentArgs(t, cfg, addr, data, []string{"-store=" + db, "-agent-id=" + id})
	}
	a, b := start("agent-a"), start("agent-b")
	byAgent := map[string]int{}
	waitFor(t, "six drift checks", 3*time.Minute, func() bool {
		clear(byAgent)
		n := 0
		for i := range 6 {
			for _, x := range a.runs(fmt.Sprintf("s%d", i)) {
				if x.Kind == "drift" && x.Outcome != "queued" && x.Outcome != "running" {
					byAgent[x.Agent]++
					n++
				}
			}
		}
		return n >= 6
	})
	time.Sleep(2 * time.Second) // a second check of a stack, if any, would be recorded by now
	for i := range 6 {
		minutes := map[string]int{}
		for _, x := range b.runs(fmt.Sprintf("s%d", i)) {
			if x.Kind == "drift" && x.Started != "" {
				minutes[x.Started[:16]]++
			}
		}
		for m, n := range minutes {
			if n != 1 {
				t.Errorf("stack s%d was checked %d times in minute %s, want once", i, n, m)
			}
		}
	}
	if byAgent["agent-a"] == 0 || byAgent["agent-b"] == 0 {
		t.Errorf("checks by agent = %v, want both agents to take a share", byAgent)
	}
}

// withRuns sets max_concurrent_runs in the configuration writeConfig wrote.
func withRuns(t *testing.T, path string, n int) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := strings.Replace(string(b), "server {\n", fmt.Sprintf("server {\n  max_concurrent_runs = %d\n", n), 1)
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}
