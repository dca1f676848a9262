package promote

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/trueup/trueup/engine/artifacts"
	"github.com/trueup/trueup/engine/artifacts/config"
	"github.com/trueup/trueup/engine/artifacts/oci"
)

func openOCI(ctx context.Context, a *config.Artifact) (artifacts.Source, error) {
	return oci.New(oci.Options{Repository: a.OCI.Repository})
}

// runGit runs the git command in dir.
func runGit(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=t",
		"GIT_COMMITTER_EMAIL=t@example.com", "GIT_CONFIG_GLOBAL=/dev/null")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

// newRepo makes a bare repository whose main branch holds files.
func newRepo(t *testing.T, files map[string]string) string {
	t.Helper()
	bare := filepath.Join(t.TempDir(), "config.git")
	runGit(t, ".", "init", "-q", "--bare", "-b", "main", bare)
	work := t.TempDir()
	runGit(t, work, "clone", "-q", bare, ".")
	runGit(t, work, "checkout", "-q", "-b", "main")
	for n, c := range files {
		p := filepath.Join(work, n)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(c), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	runGit(t, work, "add", "-A")
	runGit(t, work, "commit", "-q", "-m", "initial")
	runGit(t, work, "push", "-q", "origin", "main")
	return bare
}

// show returns a file at a ref of the bare repository.
func show(t *testing.T, bare, ref, file string) string {
	t.Helper()
	return runGit(t, bare, "show", ref+":"+file)
}

// fakePulls is a GitHub stand-in for the pull-request endpoints: it
// records every pull request as it stands and each request it received.
type fakePulls struct {
	srv   *httptest.Server
	mu    sync.Mutex
	pulls []*ghPull
	calls []string
}

type ghPull struct {
	Number int    `json:"number"`
	Title  string `json:"title"`
	Body   string `json:"body"`
	State  string `json:"state"`
	Head   struct {
		Ref string `json:"ref"`
	} `json:"head"`
	Base struct {
		Ref string `json:"ref"`
	} `json:"base"`
}

func newFakePulls(t *testing.T) *fakePulls {
	f := &fakePulls{}
	mux := http.NewServeMux()
	const p = "/api/v3/repos/{owner}/{repo}/pulls"
	mux.HandleFunc("GET "+p, func(w http.ResponseWriter, r *http.Request) {
		head := strings.TrimPrefix(r.URL.Query().Get("head"), r.PathValue("owner")+":")
		out := []*ghPull{}
		for _, pr := range f.pulls {
			if pr.State == "open" && pr.Head.Ref == head && pr.Base.Ref == r.URL.Query().Get("base") {
				out = append(out, pr)
			}
		}
		writeJSON(w, 200, out)
	})
	mux.HandleFunc("POST "+p, func(w http.ResponseWriter, r *http.Request) {
		var in struct{ Title, Body, Head, Base string }
		json.NewDecoder(r.Body).Decode(&in)
		pr := &ghPull{Number: len(f.pulls) + 1, Title: in.Title, Body: in.Body, State: "open"}
		pr.Head.Ref, pr.Base.Ref = in.Head, in.Base
		f.pulls = append(f.pulls, pr)
		writeJSON(w, 201, pr)
	})
	mux.HandleFunc("PATCH "+p+"/{n}", func(w http.ResponseWriter, r *http.Request) {
		n, _ := strconv.Atoi(r.PathValue("n"))
		var in struct{ Title, Body string }
		json.NewDecoder(r.Body).Decode(&in)
		if n < 1 || n > len(f.pulls) {
			writeJSON(w, 404, map[string]string{"message": "Not Found"})
			return
		}
		f.pulls[n-1].Title, f.pulls[n-1].Body = in.Title, in.Body
		writeJSON(w, 200, f.pulls[n-1])
	})
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		defer f.mu.Unlock()
		if r.Header.Get("Authorization") != "Bearer test-token" {
			writeJSON(w, 401, map[string]string{"message": "Bad credentials"})
			return
		}
		f.calls = append(f.calls, r.Method+" "+r.URL.Path)
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakePulls) snapshot() ([]ghPull, []string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []ghPull
	for _, p := range f.pulls {
		out = append(out, *p)
	}
	return out, append([]string(nil), f.calls...)
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(v)
}

func writeFile(t *testing.T, p, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
