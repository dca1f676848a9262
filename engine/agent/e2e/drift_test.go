package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// driftSetup starts an agent on a one-file stack with a drift schedule
// of @every 2s reacting with onDrift, waits for the first apply, and
// returns the agent, the managed file and the forge.
func driftSetup(t *testing.T, onDrift string, rc *receiver, stackSettings ...string) (*agent, string, *fakeGitHub) {
	t.Helper()
	gh := newFakeGitHub(t)
	r := newRepo(t)
	out := t.TempDir()
	r.write(map[string]string{"main.tf": fileStack(map[string]string{"managed": "as in git\n"})})
	commit := r.commit("managed file")
	r.push("main")
	data := t.TempDir()
	cfg, addr := writeConfig(t, data, forgeBlock(gh)+fmt.Sprintf(`
notify "webhook" {
  url = %q
}

stack "files" {
  repo          = %q
  vars          = { out = %q }
  auto_apply    = true
  poll_interval = "1s"
  forge_repo    = "acme/infra"
  drift {
    schedule = "@every 2s"
    on_drift = %q
  }
%s
}
`, rc.srv.URL+"/hook", r.url(), out, onDrift, strings.Join(stackSettings, "\n")))
	a := startAgent(t, cfg, addr, data)
	a.waitRun("files", "the first apply", func(x run) bool { return x.Kind == "apply" && x.Commit == commit && x.Outcome == "succeeded" })
	return a, filepath.Join(out, "managed.txt"), gh
}

// TestDriftIsNotified: a file changed outside trueup is found by the
// scheduled check, reported once to the webhook and as an issue, and
// shown by /metrics and the dashboard; the file is left alone.
func TestDriftIsNotified(t *testing.T) {
	t.Parallel()
	rc := newReceiver(t)
	a, file, gh := driftSetup(t, "notify", rc)
	a.waitRun("files", "a clean drift check", func(x run) bool { return x.Kind == "drift" && x.Outcome == "no-changes" })

	if err := os.WriteFile(file, []byte("edited by hand\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	d := a.waitRun("files", "drift to be detected", func(x run) bool { return x.Kind == "drift" && x.Outcome == "drifted" })
	if d.Trigger != "schedule" || d.Summary.Drifted != 1 {
		t.Errorf("drift run = %+v", d)
	}
	waitFor(t, "the drift notification", 30*time.Second, func() bool { return len(rc.messages()) > 0 })
	if msg := rc.messages()[0]; !strings.Contains(msg, "drift detected in stack files") || !strings.Contains(msg, "local_file.managed") {
		t.Errorf("notification = %q", msg)
	}
	waitFor(t, "the drift issue", 30*time.Second, func() bool { return len(gh.issueList()) > 0 })
	// Later checks find the same drift: no second notification or issue.
	a.waitRun("files", "a later drift check", func(x run) bool { return x.Kind == "drift" && x.ID > d.ID+1 })
	if n, m := len(gh.issueList()), len(rc.messages()); n != 1 || m != 1 {
		t.Errorf("same drift notified %d times and opened %d issues, want once each", m, n)
	}
	if got, _ := readFile(t, file); got != "edited by hand\n" {
		t.Errorf("notify mode changed the file to %q", got)
	}
	_, metrics := a.get("/metrics")
	if !strings.Contains(metrics, `trueup_stack_drifted{stack="files"} 1`) {
		t.Errorf("/metrics does not show the stack drifted")
	}
	_, page := a.get("/")
	if !strings.Contains(page, `id="stack-files"`) || !strings.Contains(page, "drift-drifted") {
		t.Errorf("dashboard does not show the drift")
	}
	// The stack page's drift timeline charts the clean check and the
	// drifted ones, naming the drifted resource from the check's plan.
	_, stackPage := a.get("/stacks/files")
	for _, want := range []string{`<svg xmlns="http://www.w3.org/2000/svg" id="drift-chart"`, `class="check check-ok"`,
		fmt.Sprintf(`<g class="check check-drifted" data-run="%d" data-drifted="1"`, d.ID), fmt.Sprintf("run #%d: 1 drifted: local_file.managed</title>", d.ID)} {
		if !strings.Contains(stackPage, want) {
			t.Errorf("the stack page's drift timeline lacks %s", want)
		}
	}
	for _, m := range rc.messages() {
		assertNoSecrets(t, "a notification", m)
	}
}

// TestDriftIsReconciled: with on_drift = "reconcile", the scheduled check
// puts the file back as git says and notifies that it did.
func TestDriftIsReconciled(t *testing.T) {
	t.Parallel()
	rc := newReceiver(t)
	a, file, _ := driftSetup(t, "reconcile", rc)
	if err := os.WriteFile(file, []byte("edited by hand\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	rec := a.waitRun("files", "drift to be reconciled", func(x run) bool { return x.Kind == "reconcile" && x.Summary.Drifted > 0 })
	if rec.Outcome != "succeeded" || !rec.Summary.Applied {
		t.Fatalf("reconcile run = %+v, want an applied success", rec)
	}
	if got, _ := readFile(t, file); got != "as in git\n" {
		t.Errorf("file = %q after reconcile, want the content in git", got)
	}
	waitFor(t, "the reconcile notification", 30*time.Second, func() bool {
		for _, m := range rc.messages() {
			if strings.Contains(m, "reconciled") {
				return true
			}
		}
		return false
	})
	_, metrics := a.get("/metrics")
	if !strings.Contains(metrics, `trueup_stack_drifted{stack="files"} 0`) {
		t.Errorf("/metrics does not show the stack back in sync")
	}
}

// TestDriftIsNotReconciledOutsideTheDeployWindows: with a deny window
// open, a drift check that would reconcile reports the drift instead, and
// the file stays as it was edited.
func TestDriftIsNotReconciledOutsideTheDeployWindows(t *testing.T) {
	t.Parallel()
	rc := newReceiver(t)
	a, file, _ := driftSetup(t, "reconcile", rc, `  deploy_window "deny" {
    schedule = "* * * * *"
    duration = "2h"
  }`)
	if err := os.WriteFile(file, []byte("edited by hand\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	rec := a.waitRun("files", "a drift check finding the edit", func(x run) bool {
		return (x.Kind == "reconcile" || x.Kind == "drift") && x.Summary.Drifted > 0
	})
	if rec.Summary.Applied {
		t.Fatalf("drift run = %+v, want the drift reported and nothing applied", rec)
	}
	if !strings.Contains(runLogText(a, rec.ID), "not reconciling: the deny deploy window") {
		t.Errorf("the run log does not say why nothing was reconciled:\n%s", runLogText(a, rec.ID))
	}
	time.Sleep(3 * time.Second) // another check or two
	if got, _ := readFile(t, file); got != "edited by hand\n" {
		t.Errorf("file = %q, want the edit left alone inside a deny window", got)
	}
}
