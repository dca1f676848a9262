package e2e

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/trueup/trueup/internal/pgtest"
)

// TestAgentsShareAPostgreSQLHistory: two `trueup agent` processes with
// -store=postgres://… on one database: a run queued on one shows, with
// the agent that ran it, in the other's API and dashboard; a restarted
// agent keeps the history.
func TestAgentsShareAPostgreSQLHistory(t *testing.T) {
	db := pgtest.Start(t).NewDatabase(t)
	r := newRepo(t)
	r.write(map[string]string{"main.tf": fileStack(map[string]string{"x": "x\n"})})
	r.commit("a stack")
	r.push("main")
	start := func(id string) *agent {
		data, addr := t.TempDir(), freePort(t)
		cfg := filepath.Join(t.TempDir(), "agent.hcl")
		writeHistoryConfig(t, cfg, addr, data, r.url(), 0)
		return startAgentArgs(t, cfg, addr, data, []string{"-store=" + db, "-agent-id=" + id})
	}
	a, b := start("agent-a"), start("agent-b")

	id := a.manualPlan("app")
	got := b.waitRun("app", "agent-a's run in agent-b's history", func(x run) bool { return x.ID == id })
	if got.Agent != "agent-a" || got.Outcome != "no-changes" && got.Outcome != "succeeded" {
		t.Fatalf("agent-b shows run %d as %+v; want agent-a's finished plan", id, got)
	}
	if code, page := b.get("/"); code != 200 || !strings.Contains(page, "on agent-a") {
		t.Errorf("agent-b's dashboard (%d) does not say agent-a ran the plan", code)
	}
	a.stop()
	a2 := start("agent-a")
	if x := a2.waitRun("app", "the history after a restart", func(x run) bool { return x.ID == id }); x.Agent != "agent-a" {
		t.Errorf("after a restart run %d = %+v", id, x)
	}
}
