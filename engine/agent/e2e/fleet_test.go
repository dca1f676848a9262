package e2e

import (
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestAgentsShareAPostgreSQLHistory: two `trueup agent` processes with
// -store=postgres://… on one database: a run queued on one shows, with
// the agent that ran it, in the other's API and dashboard; a restarted
// agent keeps the history.
func TestAgentsShareAPostgreSQLHistory(t *testing.T) {
	db := sharedPG.Get(t).NewDatabase(t)
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

// TestWebhookToTwoAgentsStartsOneRun: a push delivered to both agents of
// a fleet at once is applied by one of them, once; two people asking two
// agents to plan one stack at once get two plans, one after the other
// (the stack lease), never overlapping.
func TestWebhookToTwoAgentsStartsOneRun(t *testing.T) {
	db := sharedPG.Get(t).NewDatabase(t)
	gh := newFakeGitHub(t)
	out := t.TempDir()
	r, first := seedRepo(t, "add greeting", map[string]string{"stacks/app/main.tf": fileStack(map[string]string{"greeting": "hello\n"})})
	body := forgeBlock(gh) + stacks(pushStack("app", r, "stacks/app", out, "acme/infra"))
	agents := []*agent{startFleetAgent(t, db, "agent-a", body), startFleetAgent(t, db, "agent-b", body)}

	var wg sync.WaitGroup
	for _, a := range agents {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if code := sendGitHubEvent(t, a.url, "push", pushPayload(r.url(), "main", "", first), webhookSecret); code >= 300 {
				t.Errorf("push to %s: %d", a.url, code)
			}
		}()
	}
	wg.Wait()
	applied := agents[1].waitRun("app", "the pushed commit to be applied", func(x run) bool { return x.Commit == first })
	if applied.Outcome != "succeeded" || !applied.Summary.Applied {
		t.Fatalf("run = %+v, want a succeeded apply", applied)
	}
	time.Sleep(2 * time.Second) // a second run, if any, would be queued by now
	if runs := agents[0].runs("app"); len(runs) != 1 {
		t.Fatalf("the fleet ran %d runs for one push delivered to both agents, want 1: %+v", len(runs), runs)
	}

	// Manual plans bypass claims; the lease keeps them apart.
	var ids [2]uint64
	for i, a := range agents {
		wg.Add(1)
		go func() { defer wg.Done(); ids[i] = a.manualPlan("app") }()
	}
	wg.Wait()
	var plans []run
	for _, x := range agents[0].runs("app") {
		if x.ID == ids[0] || x.ID == ids[1] {
			plans = append(plans, x)
		}
	}
	if len(plans) != 2 || plans[0].Agent == plans[1].Agent {
		t.Fatalf("manual plans = %+v, want one by each agent", plans)
	}
	// plans are newest first: the newer run started after the older ended.
	at := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			t.Fatalf("run time %q: %v", s, err)
		}
		return v
	}
	if at(plans[0].Started).Before(at(plans[1].Finished)) && at(plans[1].Started).Before(at(plans[0].Finished)) {
		t.Errorf("two runs of one stack overlapped: %+v", plans)
	}
}
