package release

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/Masterminds/semver/v3"
	"github.com/trueup/trueup/engine/artifacts"
	"github.com/trueup/trueup/engine/forge"
)

// fakeReleases serves a GitHub Enterprise API with three releases (one a
// draft) and their tag refs, and records the paths asked for.
func fakeReleases(t *testing.T, tagSHA map[string]string) (*httptest.Server, *[]string) {
	var paths []string
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/v3/repos/acme/web/releases", func(w http.ResponseWriter, r *http.Request) {
		json.NewEncoder(w).Encode([]map[string]any{
			{"tag_name": "v1.5.0", "draft": true, "published_at": "2026-03-01T00:00:00Z", "html_url": "https://git.example.com/acme/web/releases/tag/v1.5.0"},
			{"tag_name": "v1.4.3", "published_at": "2026-02-01T00:00:00Z", "html_url": "https://git.example.com/acme/web/releases/tag/v1.4.3"},
			{"tag_name": "v1.4.2", "published_at": "2026-01-01T00:00:00Z", "html_url": "https://git.example.com/acme/web/releases/tag/v1.4.2"},
		})
	})
	mux.HandleFunc("GET /api/v3/repos/acme/web/git/ref/tags/{tag}", func(w http.ResponseWriter, r *http.Request) {
		sha, ok := tagSHA[r.PathValue("tag")]
		if !ok {
			w.WriteHeader(http.StatusNotFound)
			json.NewEncoder(w).Encode(map[string]string{"message": "Not Found"})
			return
		}
		json.NewEncoder(w).Encode(map[string]any{"ref": "refs/tags/" + r.PathValue("tag"), "object": map[string]string{"type": "commit", "sha": sha}})
	})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer tok" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		paths = append(paths, r.URL.Path)
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv, &paths
}

func TestReleasesAreCandidatesResolvedToTheirTagCommit(t *testing.T) {
	sha := strings.Repeat("a", 40)
	srv, paths := fakeReleases(t, map[string]string{"v1.4.3": sha})
	gh, err := forge.NewGitHub(srv.URL+"/api/v3", "tok", nil)
	if err != nil {
		t.Fatal(err)
	}
	src := New(gh, "acme/web")
	ctx := context.Background()
	cands, err := src.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(cands) != 2 {
		t.Fatalf("drafts must not be candidates: %+v", cands)
	}
	rng, _ := semver.NewConstraint("~1.4")
	p := &artifacts.Policy{Kind: artifacts.PolicySemver, Constraint: rng}
	m, err := p.Matching(ctx, src, cands)
	if err != nil || len(m) != 2 || m[0].Tag != "v1.4.3" {
		t.Fatalf("matching: %+v %v", m, err)
	}
	r, err := src.Resolve(ctx, m[0])
	if err != nil || r.Digest != "git:"+sha || r.Link != "https://git.example.com/acme/web/releases/tag/v1.4.3" || r.Created.Month() != 2 {
		t.Fatalf("resolved: %+v %v", r, err)
	}
	if got := strings.Join(*paths, " "); got != "/api/v3/repos/acme/web/releases /api/v3/repos/acme/web/git/ref/tags/v1.4.3" {
		t.Fatalf("requests: %s", got)
	}
	if _, err := src.Resolve(ctx, artifacts.Candidate{Tag: "v9.9.9"}); err == nil || !strings.Contains(err.Error(), "resolving release v9.9.9 of acme/web") {
		t.Fatalf("missing tag: %v", err)
	}
}
