package web

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/trueup/trueup/engine/agent/browsertest"
	"github.com/trueup/trueup/engine/agent/store"
)

// TestDashboardInABrowser opens the pages in one headless Chromium (one
// start, several seconds, for all of them), each against its own server.
func TestDashboardInABrowser(t *testing.T) {
	b := browsertest.Start(t)
	for _, page := range []struct {
		name string
		test func(*testing.T, *browsertest.Browser)
	}{
		{"stack page", stackPageInABrowser},
		{"live run log", runLogArrivesLiveInABrowser},
		{"dependency graph", graphInABrowser},
		{"drift timeline", driftTimelineInABrowser},
		{"audit page", auditPageInABrowser},
	} {
		t.Run(page.name, func(t *testing.T) { page.test(t, b.For(t)) })
	}
}

// screenshots is where browser tests save their screenshots:
// TRUEUP_SCREENSHOTS=DIR keeps them for a person to look at.
func screenshots(t *testing.T) string {
	if dir := os.Getenv("TRUEUP_SCREENSHOTS"); dir != "" {
		return dir
	}
	return t.TempDir()
}

// shot saves a screenshot and checks that it is a PNG of some size, so a
// blank or failed capture does not pass unnoticed.
func shot(t *testing.T, b *browsertest.Browser, name string) {
	t.Helper()
	path := filepath.Join(screenshots(t), name)
	b.Screenshot(path)
	data, err := os.ReadFile(path)
	if err != nil || len(data) < 2000 || string(data[1:4]) != "PNG" {
		t.Fatalf("screenshot %s is not a PNG of a page (%d bytes, %v)", name, len(data), err)
	}
}

func stackPageInABrowser(t *testing.T, b *browsertest.Browser) {
	srv, src, _ := newServer(t)
	if err := src.st.Create(&store.Run{Stack: "prod", Kind: store.KindPRPlan, Trigger: store.TriggerWebhook, Commit: "fedcba9876543210", PR: 42, Outcome: store.OutcomeSucceeded}); err != nil {
		t.Fatal(err)
	}
	src.lock = &store.Lock{Stack: "prod", Forge: "github", Repo: "acme/infra", PR: 42, User: "alice", Since: time.Now()}
	b.Open(srv.URL + "/")
	b.Find(`tr.stack[data-stack="prod"] a.stack-link`).Click()
	if got := b.Find("section#stack").Attr("data-stack"); got != "prod" {
		t.Fatalf("the stack link opened %q", got)
	}
	if text := b.Find("#stack-lock").Text(); !strings.Contains(text, "acme/infra#42") || !strings.Contains(text, "@alice") {
		t.Errorf("the lock card says %q", text)
	}
	if href := b.Find("#last-plan a.pr-link").Attr("href"); href != "https://github.com/acme/infra/pull/42" {
		t.Errorf("the last plan's PR links to %q", href)
	}
	if href := b.Find("#last-apply a.commit-link").Attr("href"); href != "https://github.com/acme/infra/commit/0123456789abcdef" {
		t.Errorf("the last apply's commit links to %q", href)
	}
	if text := b.Find("#last-drift").Text(); !strings.Contains(text, "none yet") {
		t.Errorf("the drift card says %q for a stack never checked", text)
	}
	shot(t, b, "stack.png")
}

// runLogArrivesLiveInABrowser opens the page of a running run and
// watches the lines the run logs appear, one by one, then the outcome
// change when it ends.
func runLogArrivesLiveInABrowser(t *testing.T, b *browsertest.Browser) {
	srv, src, _ := newServer(t)
	id := runningRun(t, src.st)
	b.Open(fmt.Sprintf("%s/runs/%d", srv.URL, id))
	if b.Find("p#plan").Text() != "No plan was made." {
		t.Fatal("a run without a plan yet shows one")
	}
	if n := len(b.FindAll("ol#log li.log-entry")); n != 1 {
		t.Fatalf("the page opened with %d lines, want 1", n)
	}
	if b.Find("#log-live").Text() != "live" {
		t.Error("the log is not marked live")
	}
	for i := 2; i <= 4; i++ {
		msg := fmt.Sprintf("null_resource.b: step %d", i)
		src.st.AppendLog(id, store.LogEntry{Time: time.Now(), Level: "info", Message: msg})
		waitUntil(t, "line "+msg, func() bool {
			lines := b.FindAll("ol#log li.log-entry.log-streamed")
			return len(lines) == i-1 && strings.Contains(lines[i-2].Text(), msg)
		})
		if i == 3 {
			shot(t, b, "run-live.png")
		}
	}
	if got := b.Find("section#run").Attr("data-outcome"); got != "running" {
		t.Errorf("outcome %q while the run goes on", got)
	}
	// The run plans, then ends: the page swaps in the plan and its graph.
	src.st.SetPlan(id, store.Plan{Text: samplePlanText, JSON: []byte(samplePlanJSON)})
	src.st.Update(id, func(r *store.Run) { r.Outcome, r.Finished = store.OutcomeSucceeded, time.Now() })
	waitUntil(t, "the end of the run", func() bool { return b.Find("section#run").Attr("data-refreshed") == "true" })
	if badge := b.Find("#run-outcome .outcome"); badge.Text() != "succeeded" || !strings.Contains(badge.Attr("class"), "outcome-succeeded") {
		t.Errorf("the outcome badge shows %q (%s)", badge.Text(), badge.Attr("class"))
	}
	if n := len(b.FindAll("ol#log li.log-entry")); n != 4 {
		t.Errorf("%d lines at the end, want 4", n)
	}
	// The plan's lines are coloured by action.
	for class, text := range map[string]string{"pl-create:not(.pl-head)": "+ resource \"local_file\" \"a\"", "pl-replace:not(.pl-head)": "-/+ resource", "pl-head.pl-delete": "random_pet.c will be destroyed"} {
		if got := b.Find("pre#plan span." + class).Text(); !strings.Contains(got, text) {
			t.Errorf("span.%s says %q, want %q", class, got, text)
		}
	}
	b.Find(`svg#graph g.node[data-address="local_file.a"]`).Hover()
	waitUntil(t, "the swapped-in graph to answer a hover", func() bool {
		return len(b.FindAll("#graph-address")) > 0 && b.Find("#graph-address").Text() == "local_file.a"
	})
	shot(t, b, "run.png")
}

func waitUntil(t *testing.T, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// graphInABrowser draws the last plan's graph on the stack page:
// changed resources are coloured by action, hovering over one shows its
// address and lights its edges, a click pins it.
func graphInABrowser(t *testing.T, b *browsertest.Browser) {
	srv, src, _ := newServer(t)
	r := &store.Run{Stack: "prod", Kind: store.KindPlan, Trigger: store.TriggerManual, Outcome: store.OutcomeSucceeded}
	src.st.Create(r)
	src.st.SetPlan(r.ID, store.Plan{Text: samplePlanText, JSON: []byte(samplePlanJSON)})
	b.Open(srv.URL + "/stacks/prod")
	if n := len(b.FindAll("svg#graph g.node")); n != 7 {
		t.Fatalf("the graph has %d nodes, want 7", n)
	}
	// The browser paints changed nodes in their action's colour.
	var fills map[string]string
	b.Script(`var out = {};
document.querySelectorAll("svg#graph g.node").forEach(function (g) {
  out[g.dataset.address] = getComputedStyle(g.querySelector("rect")).fill; });
return out;`, &fills)
	if fills["local_file.a"] != "rgb(227, 244, 232)" || fills["random_pet.c"] != "rgb(253, 236, 235)" || fills["local_file.d"] != "rgb(255, 255, 255)" {
		t.Errorf("node fills %v", fills)
	}
	// Every edge is drawn left to right, from a dependency to its user.
	var backwards []string
	b.Script(`var bad = [];
document.querySelectorAll("svg#graph path.edge").forEach(function (e) {
  var from = document.querySelector('g.node[data-address="' + e.dataset.from + '"]').getBoundingClientRect();
  var to = document.querySelector('g.node[data-address="' + e.dataset.to + '"]').getBoundingClientRect();
  if (from.right >= to.left) { bad.push(e.dataset.from + " -> " + e.dataset.to); } });
return bad;`, &backwards)
	if len(backwards) > 0 {
		t.Errorf("edges drawn right to left: %v", backwards)
	}

	b.Find(`svg#graph g.node[data-address="null_resource.b"]`).Hover()
	waitUntil(t, "the hovered node's address", func() bool {
		return len(b.FindAll("#graph-info code#graph-address")) > 0 && b.Find("#graph-address").Text() == "null_resource.b"
	})
	info := b.Find("#graph-info").Text()
	if !strings.Contains(info, "Depends on: local_file.a") || !strings.Contains(info, "Used by: module.net.null_resource.n") || !strings.Contains(info, "REPLACE") {
		t.Errorf("the panel says %q", info)
	}
	if lit := len(b.FindAll("svg#graph path.edge.lit")); lit != 2 {
		t.Errorf("%d edges lit, want 2", lit)
	}
	shot(t, b, "graph-hover.png")

	b.Find(`svg#graph g.node[data-address="data.local_file.seed"]`).Click()
	b.Find(`svg#graph g.node[data-address="local_file.a"]`).Hover()
	if got := b.Find("#graph-address").Text(); got != "data.local_file.seed" {
		t.Errorf("after a click and a hover elsewhere the panel shows %q, want the clicked node", got)
	}
	if !strings.Contains(b.Find(`svg#graph g.node[data-address="data.local_file.seed"]`).Attr("class"), "pinned") {
		t.Error("the clicked node is not pinned")
	}
}

// driftTimelineInABrowser draws the drift checks: bars left to right
// in time order, as tall as their counts, each linking to its run.
func driftTimelineInABrowser(t *testing.T, b *browsertest.Browser) {
	srv, src, _ := newServer(t)
	ids := recordDriftChecks(t, src.st)
	b.Open(srv.URL + "/stacks/prod")
	var boxes []struct {
		Run        string
		Class      string
		X, Y, W, H float64
	}
	b.Script(`return Array.from(document.querySelectorAll("svg#drift-chart g.check")).map(function (g) {
  var r = g.getBoundingClientRect();
  return {Run: g.dataset.run, Class: g.getAttribute("class"), X: r.x, Y: r.y, W: r.width, H: r.height}; });`, &boxes)
	if len(boxes) != 4 {
		t.Fatalf("%d checks drawn, want 4", len(boxes))
	}
	for i := 1; i < len(boxes); i++ {
		if boxes[i].X <= boxes[i-1].X {
			t.Errorf("check %s is not right of check %s", boxes[i].Run, boxes[i-1].Run)
		}
	}
	if boxes[1].H <= 20 || boxes[3].H < 1.9*boxes[1].H || boxes[3].H > 2.1*boxes[1].H {
		t.Errorf("bars of 2 and 4 drifted are %.0f and %.0f high", boxes[1].H, boxes[3].H)
	}
	b.Script(`document.getElementById("drift-chart").scrollIntoView({block: "center"});`, nil)
	shot(t, b, "drift.png")
	b.Find(fmt.Sprintf(`svg#drift-chart g.check[data-run="%d"]`, ids[4])).Click()
	waitUntil(t, "the reconcile's run page", func() bool { return strings.HasSuffix(b.URL(), fmt.Sprintf("/runs/%d", ids[4])) })
}

// auditPageInABrowser lists the trail and filters it with the form.
func auditPageInABrowser(t *testing.T, b *browsertest.Browser) {
	srv, src, _ := newServer(t)
	recordAudit(t, src.st)
	b.Open(srv.URL + "/")
	b.Find("a#nav-audit").Click()
	if n := len(b.FindAll("table#audit tr.audit-event")); n != 4 {
		t.Fatalf("the audit page lists %d events, want 4", n)
	}
	if who := b.Find("tr#audit-3 td.audit-principal").Text(); who != "token:viewer (tru_v)" {
		t.Errorf("event 3 names %q", who)
	}
	b.Find(`#audit-filter input[name="action"]`).Type("trigger")
	b.Find(`#audit-filter button[type="submit"]`).Click()
	waitUntil(t, "the filtered trail", func() bool { return strings.Contains(b.URL(), "action=trigger") })
	rows := b.FindAll("table#audit tr.audit-event")
	if len(rows) != 2 || rows[0].Attr("data-outcome") != "denied" {
		t.Errorf("the filtered trail has %d rows", len(rows))
	}
	shot(t, b, "audit.png")
}
