package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// depStack is a stack that writes name.txt with rev, slowly when slow.
func depStack(name, rev string, slow bool) string {
	src := fmt.Sprintf("variable \"out\" {\n  type = string\n}\n\nresource \"local_file\" \"f\" {\n  filename = \"${var.out}/%s.txt\"\n  content  = %q\n}\n", name, rev)
	if slow {
		src += fmt.Sprintf("\nresource \"null_resource\" \"slow\" {\n  triggers = { rev = %q }\n  provisioner \"local-exec\" {\n    command = \"sleep 2\"\n  }\n}\n", rev)
	}
	return src
}

// TestDependentStackAppliesAfterItsUpstream: app depends_on network; a
// commit changing both applies network first, app after it (app is
// declared first and network is slow); a commit that breaks network holds
// app, and app's run says why.
func TestDependentStackAppliesAfterItsUpstream(t *testing.T) {
	t.Parallel()
	r, first := seedRepo(t, "both stacks", map[string]string{"app/main.tf": depStack("app", "1", false), "network/main.tf": depStack("network", "1", true)})
	out := t.TempDir()
	appStack, netStack := pushStack("app", r, "app", out, ""), pushStack("network", r, "network", out, "")
	appStack.pollInterval, netStack.pollInterval = "1s", "1s"
	appStack.dependsOn = []string{"network"}
	a := startAgentWith(t, stacks(appStack, netStack))
	applied := func(stack, commit string) run {
		return a.waitRun(stack, stack+" at "+commit[:8], func(x run) bool { return x.Commit == commit && x.Kind == "apply" })
	}
	net, app := applied("network", first), applied("app", first)
	if net.Outcome != "succeeded" || app.Outcome != "succeeded" {
		t.Fatalf("network %s, app %s; want both applied", net.Outcome, app.Outcome)
	}
	// app's run may start (and wait at the gate) before network's ends:
	// what must come after is its apply, which wrote app.txt.
	fi, err := os.Stat(filepath.Join(out, "app.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if !after(t, fi.ModTime().Format(time.RFC3339Nano), net.Finished) {
		t.Errorf("app.txt was written at %s, before network finished at %s", fi.ModTime().Format(time.RFC3339Nano), net.Finished)
	}
	// The dashboard draws the order: an arrow from network to app.
	if code, svg := a.get("/stacks.svg"); code != 200 || !strings.Contains(svg, `data-from="network" data-to="app"`) {
		t.Errorf("GET /stacks.svg: %d, want an edge from network to app:\n%s", code, svg)
	}
	if _, page := a.get("/"); !strings.Contains(page, "Stack graph") {
		t.Error("the dashboard does not show the stack graph")
	}

	r.write(map[string]string{"app/main.tf": depStack("app", "2", false), "network/main.tf": "resource \"local_file\" \"f\" {\n  filename = var.nope\n}\n"})
	second := r.commit("break the network")
	r.push("main")
	if net := applied("network", second); net.Outcome != "failed" {
		t.Fatalf("the broken network's run = %s, want failed", net.Outcome)
	}
	held := applied("app", second)
	if held.Outcome != "failed" || !strings.Contains(held.Error, "held: upstream stack network's last apply failed") {
		t.Fatalf("app's run = %s (%q), want held by the network's failure", held.Outcome, held.Error)
	}
	if got, _ := readFile(t, out+"/app.txt"); got != "1" {
		t.Errorf("app.txt = %q: the held stack was applied", got)
	}
}

func after(t *testing.T, a, b string) bool {
	t.Helper()
	ta, err1 := time.Parse(time.RFC3339Nano, a)
	tb, err2 := time.Parse(time.RFC3339Nano, b)
	if err1 != nil || err2 != nil {
		t.Fatalf("run times %q, %q", a, b)
	}
	return !ta.Before(tb)
}
