package web

import (
	"encoding/json"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/trueup/trueup/engine/agent/store"
)

// fixedBoard serves a fixed set of positions.
type fixedBoard struct{ b ArtifactBoard }

func (f fixedBoard) ArtifactBoard() ArtifactBoard { return f.b }

func artifactServer(t *testing.T, src Artifacts) *httptest.Server {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "h.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	srv := httptest.NewServer(NewHandler(&historySource{st: st}, nil, Options{Artifacts: src}))
	t.Cleanup(srv.Close)
	return srv
}

func TestArtifactsPageShowsEachPositionAlongTheStages(t *testing.T) {
	now := time.Now().UTC()
	until := now.Add(42 * time.Minute)
	b := ArtifactBoard{Stages: []string{"dev", "staging", "prod"}, Artifacts: []ArtifactRow{
		{Name: "web", Positions: []*Position{
			{Artifact: "web", Stage: "dev", State: PositionInReview, Running: "1.4.3", Build: "1.4.4", PR: 100, Checked: now},
			{Artifact: "web", Stage: "staging", State: PositionWaiting, Running: "1.4.2", Waiting: "soaking in dev for another 42m0s", Until: until, Checked: now},
			{Artifact: "web", Stage: "prod", State: PositionUnknown},
		}},
		{Name: "api", Positions: []*Position{
			{Artifact: "api", Stage: "dev", State: PositionRunning, Running: "2.1.0", Build: "2.1.0", Checked: now},
			{Artifact: "api", Stage: "staging", State: PositionStopped, Running: "2.0.0", Error: "the last apply of stack dev in stage dev failed (run 7): <boom>", Stack: "dev", Run: 7, Checked: now},
			{Artifact: "api", Stage: "prod", State: PositionUnknown},
		}},
	}}
	srv := artifactServer(t, fixedBoard{b})
	code, body := get(t, srv.URL+"/artifacts")
	if code != 200 {
		t.Fatalf("GET /artifacts: %d", code)
	}
	for _, want := range []string{
		`<th class="stage-head">dev</th>`, `→ staging`, `→ prod`,
		`id="position-web-dev" data-stage="dev" data-state="in-review"`, `<code class="position-build">1.4.4</code> <span class="pr">PR #100</span>`,
		`id="position-web-staging" data-stage="staging" data-state="waiting"`, "soaking in dev for another 42m0s", "until " + until.Format("2006-01-02 15:04:05 UTC"),
		`id="position-api-staging" data-stage="staging" data-state="stopped"`, `href="/runs/7">run #7</a>`, "&lt;boom&gt;",
		`id="position-web-prod" data-stage="prod" data-state="unknown"`, `href="/static/artifacts.css"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the artifacts page lacks %q", want)
		}
	}
	if strings.Contains(body, "<boom>") {
		t.Error("an error message reached the page unescaped")
	}
	if code, css := get(t, srv.URL+"/static/artifacts.css"); code != 200 || !strings.Contains(css, ".position-stopped") {
		t.Errorf("artifacts.css: %d", code)
	}

	var api struct {
		Stages    []string
		Artifacts []ArtifactRow
		Positions []Position
	}
	_, js := get(t, srv.URL+"/api/artifacts")
	if err := json.Unmarshal([]byte(js), &api); err != nil {
		t.Fatal(err)
	}
	if strings.Join(api.Stages, ",") != "dev,staging,prod" || len(api.Artifacts) != 2 || len(api.Artifacts[0].Positions) != 3 {
		t.Fatalf("GET /api/artifacts = %s", js)
	}
	if len(api.Positions) != 4 {
		t.Errorf("positions lists %d, want the 4 known ones: %s", len(api.Positions), js)
	}
	if p := api.Artifacts[0].Positions[1]; p.State != PositionWaiting || !p.Until.Equal(until.Truncate(time.Second)) && !p.Until.Equal(until) {
		t.Errorf("web in staging = %+v", p)
	}
	if p := api.Artifacts[1].Positions[1]; p.Run != 7 || p.Stack != "dev" {
		t.Errorf("api in staging = %+v, want the failed run 7 in stack dev", p)
	}
}

func TestArtifactsPageWithoutArtifactsSaysSo(t *testing.T) {
	srv := artifactServer(t, nil)
	if code, body := get(t, srv.URL+"/artifacts"); code != 200 || !strings.Contains(body, `id="no-artifacts"`) {
		t.Errorf("GET /artifacts without artifacts: %d\n%s", code, body)
	}
	if _, js := get(t, srv.URL+"/api/artifacts"); !strings.Contains(js, `"positions": []`) || !strings.Contains(js, `"stages": []`) {
		t.Errorf("GET /api/artifacts without artifacts = %s", js)
	}
}
