package modtest

import (
	"io"
	"net"
	"net/http"
	"net/http/cgi"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// GitEnv isolates the git CLI from the machine's configuration.
func GitEnv() []string {
	return append(os.Environ(),
		"GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1",
		"GIT_AUTHOR_NAME=Ada Lovelace", "GIT_AUTHOR_EMAIL=ada@example.com",
		"GIT_COMMITTER_NAME=Ada Lovelace", "GIT_COMMITTER_EMAIL=ada@example.com",
		"GIT_TERMINAL_PROMPT=0")
}

// Git runs the git CLI in dir and returns its trimmed output. The tests
// need git on PATH and fail without it.
func Git(t testing.TB, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = GitEnv()
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

// Repo is a git repository made with the git CLI, on branch main.
type Repo struct {
	t testing.TB
	// Dir is the work tree.
	Dir string
}

// NewRepo creates an empty repository named name under base.
func NewRepo(t testing.TB, base, name string) *Repo {
	t.Helper()
	dir := filepath.Join(base, name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	Git(t, dir, "init", "-q", "-b", "main")
	return &Repo{t: t, Dir: dir}
}

// Commit writes files (content "" deletes one), commits and returns the
// commit SHA.
func (r *Repo) Commit(msg string, files map[string]string) string {
	r.t.Helper()
	WriteFiles(r.t, r.Dir, files)
	Git(r.t, r.Dir, "add", "-A")
	Git(r.t, r.Dir, "commit", "-q", "--allow-empty", "-m", msg)
	return Git(r.t, r.Dir, "rev-parse", "HEAD")
}

// Tag tags HEAD.
func (r *Repo) Tag(name string) { Git(r.t, r.Dir, "tag", name) }

// Checkout switches to a branch, creating it with -b when create is set.
func (r *Repo) Checkout(branch string, create bool) {
	if create {
		Git(r.t, r.Dir, "checkout", "-q", "-b", branch)
		return
	}
	Git(r.t, r.Dir, "checkout", "-q", branch)
}

// FileURL is the repository's file:// URL.
func (r *Repo) FileURL() string { return "file://" + filepath.ToSlash(r.Dir) }

// WriteFiles writes files under dir; content "" removes a file.
func WriteFiles(t testing.TB, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if content == "" {
			if err := os.Remove(p); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// StartGitDaemon serves the repositories under base over git:// and
// returns the URL prefix ("git://127.0.0.1:PORT/").
func StartGitDaemon(t testing.TB, base string) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	cmd := exec.Command("git", "daemon", "--reuseaddr", "--base-path="+base, "--export-all",
		"--port="+strconv.Itoa(port), "--listen=127.0.0.1", base)
	cmd.Env = GitEnv()
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting git daemon (the tests need it): %v", err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	t.Cleanup(func() {
		cmd.Process.Kill()
		<-done
	})
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	for i := 0; ; i++ {
		select {
		case err := <-done:
			t.Fatalf("git daemon exited: %v", err)
		default:
		}
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			break
		}
		if i > 500 {
			t.Fatalf("git daemon never listened on %s", addr)
		}
		time.Sleep(10 * time.Millisecond)
	}
	return "git://" + addr + "/"
}

// HTTPGit is a smart-HTTP git server: git http-backend behind
// net/http/cgi. It counts the requests it served.
type HTTPGit struct {
	*httptest.Server
	mu         sync.Mutex
	requests   int
	user, pass string
}

// RequireAuth makes the server answer 401 unless basic auth is user:pass.
func (h *HTTPGit) RequireAuth(user, pass string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.user, h.pass = user, pass
}

// StartHTTPGit serves the repositories under root over smart HTTP.
func StartHTTPGit(t testing.TB, root string) *HTTPGit {
	t.Helper()
	execPath := Git(t, root, "--exec-path")
	backend := &cgi.Handler{
		Path:   filepath.Join(execPath, "git-http-backend"),
		Stderr: io.Discard,
		Env:    []string{"GIT_PROJECT_ROOT=" + root, "GIT_HTTP_EXPORT_ALL=1", "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=/dev/null"},
	}
	h := &HTTPGit{}
	h.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.mu.Lock()
		h.requests++
		user, pass := h.user, h.pass
		h.mu.Unlock()
		if u, p, ok := r.BasicAuth(); user != "" && (!ok || u != user || p != pass) {
			w.Header().Set("WWW-Authenticate", `Basic realm="git"`)
			http.Error(w, "authentication required", http.StatusUnauthorized)
			return
		}
		backend.ServeHTTP(w, r)
	}))
	t.Cleanup(h.Close)
	return h
}

// Requests is the number of requests served so far.
func (h *HTTPGit) Requests() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.requests
}
