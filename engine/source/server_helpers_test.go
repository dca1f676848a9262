package source

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cgi"
	"net/http/httptest"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"
)

// freePort returns a loopback TCP port that was free a moment ago.
func freePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// startGitDaemon serves every repository under base over git:// and
// returns the URL prefix ("git://127.0.0.1:PORT/").
func startGitDaemon(t testing.TB, base string) string {
	t.Helper()
	port := freePort(t)
	cmd := exec.Command("git", "daemon", "--reuseaddr", "--base-path="+base, "--export-all",
		"--port="+strconv.Itoa(port), "--listen=127.0.0.1", base)
	cmd.Env = gitEnv()
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

// httpGit is a smart-HTTP git server: git http-backend behind net/http/cgi,
// requiring basic auth when user is set. It records the credentials it saw.
type httpGit struct {
	*httptest.Server
	user, pass string
	mu         sync.Mutex
	seen       []string // "user:password" of each authenticated request
	requests   int
}

// startHTTPGit serves the repositories under root.
func startHTTPGit(t testing.TB, root, user, pass string) *httpGit {
	t.Helper()
	execPath := runGit(t, root, "--exec-path")
	backend := &cgi.Handler{
		Path:   filepath.Join(execPath, "git-http-backend"),
		Stderr: io.Discard,
		Env:    []string{"GIT_PROJECT_ROOT=" + root, "GIT_HTTP_EXPORT_ALL=1", "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=/dev/null"},
	}
	h := &httpGit{user: user, pass: pass}
	h.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.mu.Lock()
		h.requests++
		u, p, ok := r.BasicAuth()
		if ok {
			h.seen = append(h.seen, u+":"+p)
		}
		h.mu.Unlock()
		if h.user != "" && (!ok || u != h.user || p != h.pass) {
			w.Header().Set("WWW-Authenticate", `Basic realm="git"`)
			http.Error(w, "authentication required", http.StatusUnauthorized)
			return
		}
		backend.ServeHTTP(w, r)
	}))
	t.Cleanup(h.Close)
	return h
}

// credentialsSeen returns the credentials the server received.
func (h *httpGit) credentialsSeen() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]string(nil), h.seen...)
}

// url is the URL of the repository at name under the served root.
func (h *httpGit) url(name string) string { return fmt.Sprintf("%s/%s", h.URL, name) }
