package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// releaseForges serves the releases of acme/cli as GitHub Enterprise
// (/api/v3) and GitLab (/api/v4) answer them, to cliToken only,
// and records the requests they answered.
type releaseForges struct {
	srv  *httptest.Server
	mu   sync.Mutex
	seen []string
}

const (
	cliSHA142 = "1420000000000000000000000000000000000000"
	cliSHA143 = "1430000000000000000000000000000000000000"
	cliToken  = "glpat-s3cr3t-release-token"
)

func newReleaseForges(t *testing.T) *releaseForges {
	f := &releaseForges{}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/v3/repos/acme/cli/releases", func(w http.ResponseWriter, r *http.Request) {
		json.NewEncoder(w).Encode([]map[string]any{
			{"tag_name": "v1.5.0-rc.1", "draft": true, "published_at": "2026-03-01T00:00:00Z"},
			{"tag_name": "v1.4.3", "published_at": "2026-02-01T00:00:00Z", "html_url": "https://git.example.com/acme/cli/releases/tag/v1.4.3"},
			{"tag_name": "v1.4.2", "published_at": "2026-01-01T00:00:00Z", "html_url": "https://git.example.com/acme/cli/releases/tag/v1.4.2"},
		})
	})
	mux.HandleFunc("GET /api/v3/repos/acme/cli/git/ref/tags/{tag}", func(w http.ResponseWriter, r *http.Request) {
		sha := map[string]string{"v1.4.2": cliSHA142, "v1.4.3": cliSHA143}[r.PathValue("tag")]
		json.NewEncoder(w).Encode(map[string]any{"ref": "refs/tags/" + r.PathValue("tag"), "object": map[string]string{"type": "commit", "sha": sha}})
	})
	glRelease := func(tag, sha, at string) map[string]any {
		return map[string]any{"tag_name": tag, "released_at": at, "commit": map[string]string{"id": sha},
			"_links": map[string]string{"self": "https://gitlab.example.com/acme/cli/-/releases/" + tag}}
	}
	mux.HandleFunc("GET /api/v4/projects/{project}/releases", func(w http.ResponseWriter, r *http.Request) {
		json.NewEncoder(w).Encode([]map[string]any{glRelease("v1.4.3", cliSHA143, "2026-02-01T00:00:00Z"), glRelease("v1.4.2", cliSHA142, "2026-01-01T00:00:00Z")})
	})
	mux.HandleFunc("GET /api/v4/projects/{project}/releases/{tag}", func(w http.ResponseWriter, r *http.Request) {
		sha := map[string]string{"v1.4.2": cliSHA142, "v1.4.3": cliSHA143}[r.PathValue("tag")]
		json.NewEncoder(w).Encode(glRelease(r.PathValue("tag"), sha, "2026-02-01T00:00:00Z"))
	})
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer "+cliToken && r.Header.Get("PRIVATE-TOKEN") != cliToken {
			w.WriteHeader(http.StatusUnauthorized)
			json.NewEncoder(w).Encode(map[string]string{"message": "Bad credentials"})
			return
		}
		f.mu.Lock()
		f.seen = append(f.seen, r.URL.EscapedPath())
		f.mu.Unlock()
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *releaseForges) requests() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return strings.Join(f.seen, " ")
}

const cliMarker = "locals {\n  cli_version = \"v1.4.2\" # trueup:artifact cli\n}\n"

func TestArtifactsListReadsGitHubReleasesThroughTheForgeBlock(t *testing.T) {
	t.Parallel()
	f := newReleaseForges(t)
	s := newStack(t, map[string]string{
		"agent.hcl": `
forge "github" {
  api_url            = "` + f.srv.URL + `/api/v3"
  token_env          = "CLI_GH_TOKEN"
  webhook_secret_env = "CLI_GH_SECRET"
}

artifact "cli" {
  release {
    forge = "github"
    repo  = "acme/cli"
  }
  semver = "~1.4"
}
`,
		"main.tf": cliMarker,
	})
	s.setenv("CLI_GH_TOKEN", cliToken)
	r := s.must(0, "artifacts", "list", "-config=agent.hcl")
	for _, want := range []string{"cli", "main.tf:2", "v1.4.2", "v1.4.3", "git:1430000000", "update available"} {
		if !strings.Contains(r.stdout, want) {
			t.Fatalf("the listing lacks %q:\n%s", want, r.stdout)
		}
	}
	if got := f.requests(); !strings.Contains(got, "/api/v3/repos/acme/cli/releases") || !strings.Contains(got, "/api/v3/repos/acme/cli/git/ref/tags/v1.4.3") {
		t.Errorf("the GitHub stand-in answered %s", got)
	}
	if strings.Contains(r.stdout+r.stderr, cliToken) {
		t.Error("the token reached the output")
	}

	// The token's variable unset: the marker's row says what to set.
	s.setenv("CLI_GH_TOKEN", "")
	r = s.must(1, "artifacts", "list", "-config=agent.hcl")
	if !strings.Contains(r.stdout, `reading the releases of acme/cli on github needs an API token: set CLI_GH_TOKEN (token_env of the forge "github" block of agent.hcl)`) {
		t.Errorf("without a token:\n%s", r.stdout)
	}
}

func TestArtifactsListReadsGitLabReleasesWithCIVariables(t *testing.T) {
	t.Parallel()
	f := newReleaseForges(t)
	s := newStack(t, map[string]string{
		"trueup-artifacts.hcl": `
artifact "cli" {
  release {
    forge = "gitlab"
    repo  = "acme/cli"
  }
  semver = "~1.4"
}
`,
		"main.tf": cliMarker,
	})
	s.setenv("CI_API_V4_URL", f.srv.URL+"/api/v4")
	s.setenv("GITLAB_TOKEN", cliToken)
	r := s.must(0, "artifacts", "list", "-json")
	var out struct {
		Markers []struct {
			Newest struct{ Tag, Digest, Link string }
			State  string
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		t.Fatalf("%v\n%s", err, r.stdout)
	}
	if len(out.Markers) != 1 || out.Markers[0].State != "update available" || out.Markers[0].Newest.Tag != "v1.4.3" ||
		out.Markers[0].Newest.Digest != "git:"+cliSHA143 {
		t.Fatalf("markers: %+v", out.Markers)
	}
	if got := f.requests(); !strings.Contains(got, "/api/v4/projects/acme%2Fcli/releases") {
		t.Errorf("the GitLab stand-in answered %s", got)
	}

	s.setenv("GITLAB_TOKEN", "")
	r = s.must(1, "artifacts", "list")
	if !strings.Contains(r.stdout, `needs an API token: set GITLAB_TOKEN, or token_env in a forge "gitlab" block of trueup-artifacts.hcl`) {
		t.Errorf("without a token:\n%s", r.stdout)
	}
}
