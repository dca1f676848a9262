package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Secrets the tests configure; no log, comment or page may contain them.
const (
	forgeToken    = "ghp_e2eTOKENshouldNEVERbeLOGGED"
	webhookSecret = "whsec-e2e-s3cr3t-value"
)

// agent is a running `trueup agent` process.
type agent struct {
	t       *testing.T
	cmd     *exec.Cmd
	url     string
	dataDir string
	config  string
	log     *syncBuffer
	exited  chan struct{}
	// token is an admin API token created with `trueup agent token
	// create` before the agent started.
	token string
	// client talks to the agent (it trusts the agent's certificate when
	// it serves HTTPS).
	client *http.Client
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func freePort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// writeConfig writes an agent configuration: a server block on a free
// port with dataDir, then body.
func writeConfig(t *testing.T, dataDir, body string) (path, addr string) {
	t.Helper()
	addr = freePort(t)
	path = filepath.Join(t.TempDir(), "agent.hcl")
	cfg := fmt.Sprintf("server {\n  listen = %q\n  data_dir = %q\n  public_url = %q\n}\n\n%s", addr, dataDir, "http://"+addr, body)
	if err := os.WriteFile(path, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	return path, addr
}

// startAgent starts the agent on a configuration and waits until it
// answers /healthz. It is stopped (SIGTERM) at the end of the test, and its
// log checked for secrets. env adds NAME=VALUE variables to its
// environment.
func startAgent(t *testing.T, configPath, addr, dataDir string, env ...string) *agent {
	t.Helper()
	return startAgentAt(t, "http://"+addr, http.DefaultClient, configPath, dataDir, nil, env...)
}

// startAgentArgs is startAgent with more arguments to `trueup agent`.
func startAgentArgs(t *testing.T, configPath, addr, dataDir string, args []string, env ...string) *agent {
	t.Helper()
	return startAgentAt(t, "http://"+addr, http.DefaultClient, configPath, dataDir, args, env...)
}

// startAgentAt is startAgent for an agent at url (http or https), reached
// through client, with more arguments to `trueup agent`. Its admin token
// is made in the store those arguments name.
func startAgentAt(t *testing.T, url string, client *http.Client, configPath, dataDir string, args []string, env ...string) *agent {
	t.Helper()
	a := &agent{t: t, url: url, dataDir: dataDir, config: configPath, log: &syncBuffer{}, exited: make(chan struct{}), client: client}
	a.token = createToken(t, configPath, "admin", "e2e", storeArgs(args)...)
	a.cmd = exec.Command(binary, append([]string{"agent", "-config=" + configPath, "-log-level=debug"}, args...)...)
	a.cmd.Env = append(append(os.Environ(), "E2E_GH_TOKEN="+forgeToken, "E2E_GH_SECRET="+webhookSecret), env...)
	a.cmd.Stdout, a.cmd.Stderr = a.log, a.log
	if err := a.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { a.cmd.Wait(); close(a.exited) }()
	t.Cleanup(func() {
		a.stop()
		if t.Failed() {
			t.Logf("agent log:\n%s", a.log.String())
		}
	})
	waitFor(t, "the agent to answer /healthz", 30*time.Second, func() bool {
		select {
		case <-a.exited:
			t.Fatalf("the agent exited:\n%s", a.log.String())
		default:
		}
		resp, err := a.client.Get(a.url + "/healthz")
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK
	})
	return a
}

// stop sends SIGTERM and waits for a graceful exit; it fails the test when
// the log holds a secret.
func (a *agent) stop() {
	select {
	case <-a.exited:
	default:
		a.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-a.exited:
		case <-time.After(60 * time.Second):
			a.cmd.Process.Kill()
			<-a.exited
			a.t.Errorf("the agent did not stop within a minute of SIGTERM")
		}
	}
	assertNoSecrets(a.t, "agent log", a.log.String())
}

// kill stops the agent at once, as a crash would.
func (a *agent) kill() {
	a.cmd.Process.Kill()
	<-a.exited
}

func assertNoSecrets(t *testing.T, what, text string) {
	t.Helper()
	for _, s := range []string{forgeToken, webhookSecret} {
		if strings.Contains(text, s) {
			t.Errorf("%s contains a secret", what)
		}
	}
}

// waitFor polls cond until it holds, failing the test after timeout.
func waitFor(t *testing.T, what string, timeout time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// run is a run as the JSON API lists it.
type run struct {
	ID      uint64 `json:"id"`
	Stack   string `json:"stack"`
	Kind    string `json:"kind"`
	Trigger string `json:"trigger"`
	Commit  string `json:"commit"`
	Author  string `json:"author"`
	Message string `json:"message"`
	PR      int    `json:"pr"`
	Outcome string `json:"outcome"`
	Error   string `json:"error"`
	Agent   string `json:"agent"`
	// Started and Finished bound the run (RFC 3339; "" when unset).
	Started  string `json:"started"`
	Finished string `json:"finished"`
	Summary  struct {
		Add, Change, Destroy, Drifted int
		Applied                       bool
	} `json:"summary"`
}

// createToken runs `trueup agent token create` on the agent's stopped
// store and returns the token it prints.
func createToken(t *testing.T, configPath, scope, name string, extra ...string) string {
	t.Helper()
	cmd := exec.Command(binary, append([]string{"agent", "token", "create", "-config=" + configPath, "-scope=" + scope, "-name=" + name}, extra...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("trueup agent token create: %v\n%s", err, stderr.String())
	}
	tok := strings.TrimSpace(string(out))
	if !strings.HasPrefix(tok, "tru_") || strings.Contains(tok, "\n") {
		t.Fatalf("trueup agent token create printed %q, want one tru_ token", out)
	}
	return tok
}

// storeArgs picks the -store argument out of `trueup agent` arguments,
// for `agent token create` to make tokens in the same store.
func storeArgs(args []string) []string {
	for _, a := range args {
		if strings.HasPrefix(a, "-store=") {
			return []string{a}
		}
	}
	return nil
}

// do sends a request with the agent's admin token.
func (a *agent) do(method, path string, body io.Reader) *http.Response {
	a.t.Helper()
	req, err := http.NewRequest(method, a.url+path, body)
	if err != nil {
		a.t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+a.token)
	resp, err := a.client.Do(req)
	if err != nil {
		a.t.Fatal(err)
	}
	return resp
}

func (a *agent) getJSON(path string, v any) {
	a.t.Helper()
	resp := a.do("GET", path, nil)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		a.t.Fatalf("GET %s: %s\n%s", path, resp.Status, b)
	}
	if err := json.Unmarshal(b, v); err != nil {
		a.t.Fatalf("GET %s: %v\n%s", path, err, b)
	}
}

func (a *agent) runs(stack string) []run {
	var out struct{ Runs []run }
	a.getJSON("/api/runs?stack="+stack, &out)
	return out.Runs
}

// waitRun waits for a finished run of stack matching pred and returns it.
func (a *agent) waitRun(stack, what string, pred func(r run) bool) run {
	a.t.Helper()
	var found run
	waitFor(a.t, what, 90*time.Second, func() bool {
		for _, r := range a.runs(stack) {
			if r.Outcome != "queued" && r.Outcome != "running" && pred(r) {
				found = r
				return true
			}
		}
		return false
	})
	return found
}

func (a *agent) get(path string) (int, string) {
	a.t.Helper()
	resp := a.do("GET", path, nil)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}
