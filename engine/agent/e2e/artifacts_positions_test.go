package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trueup/trueup/engine/agent/browsertest"
)

// assertPositionsPage checks the artifacts page of TestAFailedApply...:
// GET /api/artifacts names the stages in order and the failed run, and in
// headless Chromium the page shows web's cell in staging as stopped, with
// the error and a link to the failed run.
func assertPositionsPage(t *testing.T, a *agent, failedRun uint64, wantError string) {
	t.Helper()
	var api struct {
		Stages    []string
		Artifacts []struct {
			Name      string
			Positions []position
		}
	}
	a.getJSON("/api/artifacts", &api)
	if strings.Join(api.Stages, ",") != "dev,staging" || len(api.Artifacts) != 1 || len(api.Artifacts[0].Positions) != 2 {
		t.Fatalf("GET /api/artifacts = %+v", api)
	}
	if p := api.Artifacts[0].Positions[1]; p.Stage != "staging" || p.State != "stopped" || p.Run != failedRun {
		t.Errorf("GET /api/artifacts: web in staging = %+v", p)
	}

	b := browsertest.Start(t)
	shots := os.Getenv("TRUEUP_SCREENSHOTS")
	if shots == "" {
		shots = t.TempDir()
	}
	signIn(t, b, a, "/artifacts", apiTokenOf(t, a, "read", "artifacts-browser"), "")
	b.Screenshot(filepath.Join(shots, "artifacts.png"))
	if n := len(b.FindAll("table#artifacts tr.artifact")); n != 1 {
		t.Fatalf("the artifacts page lists %d artifacts, want 1", n)
	}
	cell := b.Find(`td#position-web-staging`)
	if got := cell.Attr("data-state"); got != "stopped" {
		t.Errorf("web in staging shows state %q, want stopped", got)
	}
	if text := cell.Text(); !strings.Contains(text, wantError) || !strings.Contains(text, "runs 2.0.0") {
		t.Errorf("web in staging shows %q, want the failed apply and the build it runs", text)
	}
	if href := b.Find(`td#position-web-staging a.position-run`).Attr("href"); !strings.HasSuffix(href, fmt.Sprintf("/runs/%d", failedRun)) {
		t.Errorf("the stopped position links to %q, want run %d", href, failedRun)
	}
	if got := b.Find(`td#position-web-dev`).Attr("data-state"); got != "applying" {
		t.Errorf("web in dev shows state %q, want applying", got)
	}
}
