package main

// Helpers of the cloud end-to-end tests: the emulators they run against
// (moto_server and the Pub/Sub emulator as subprocesses, fake-gcs-server
// in-process) and the independent clients (aws, gcloud) that check what
// trueup did. Missing tools fail the test with the command that installs
// them: these tests never skip.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// toolTimeout bounds one run of an independent client.
const toolTimeout = 90 * time.Second

// requireTools fails the test when a program it needs is not on PATH.
func requireTools(t *testing.T, names ...string) {
	t.Helper()
	for _, name := range names {
		if _, err := exec.LookPath(name); err != nil {
			t.Fatalf("%s is not on PATH; run scripts/test-deps.sh (make test-deps) to install it", name)
		}
	}
}

// wantText fails the test unless text (what a client printed about what)
// contains each of subs, compared with whitespace collapsed.
func wantText(t *testing.T, what, text string, subs ...string) {
	t.Helper()
	for _, sub := range subs {
		if !strings.Contains(flat(text), flat(sub)) {
			t.Errorf("%s lacks %q:\n%s", what, sub, text)
		}
	}
}

// freeLoopbackPort returns a TCP port that was free on 127.0.0.1.
func freeLoopbackPort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("finding a free port: %v", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// emulatorProcess is an emulator subprocess in its own process group
// (gcloud starts python, which starts java: stopping must reach them all).
type emulatorProcess struct {
	cmd *exec.Cmd
	// logs is a file, not a pipe, so that Wait never waits for a child
	// still holding the pipe open.
	logs *os.File
	// watchdog ends the group if the test binary dies without stopping
	// it (a panic, a test timeout): cleanups do not run then.
	watchdog *exec.Cmd
	done     chan error
}

// startEmulator runs name with args(port) on a free port and waits until
// GET http://127.0.0.1:PORT+readyPath answers below 500. It tries three
// ports (another process may take a free port first) and stops the
// process when the test ends. It returns the port.
func startEmulator(t *testing.T, limit time.Duration, readyPath, name string, args func(port int) []string, env ...string) int {
	t.Helper()
	var lastErr error
	for attempt := 0; attempt < 3; attempt++ {
		port := freeLoopbackPort(t)
		logs, err := os.CreateTemp(t.TempDir(), name+"-*.log")
		if err != nil {
			t.Fatal(err)
		}
		p := &emulatorProcess{logs: logs, done: make(chan error, 1)}
		p.cmd = exec.Command(name, args(port)...)
		p.cmd.Env = append(os.Environ(), env...)
		p.cmd.Stdout, p.cmd.Stderr = logs, logs
		p.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
		if err := p.cmd.Start(); err != nil {
			t.Fatalf("starting %s: %v", name, err)
		}
		go func() { p.done <- p.cmd.Wait() }()
		p.watchdog = exec.Command("/bin/sh", "-c", `while kill -0 "$1" 2>/dev/null; do sleep 1; done
kill -TERM -"$2" 2>/dev/null; sleep 5; kill -KILL -"$2" 2>/dev/null`,
			"emulator-watchdog", strconv.Itoa(os.Getpid()), strconv.Itoa(p.cmd.Process.Pid))
		p.watchdog.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
		if err := p.watchdog.Start(); err != nil {
			p.stop()
			t.Fatalf("starting the watchdog of %s: %v", name, err)
		}
		lastErr = p.waitReady("http://127.0.0.1:"+strconv.Itoa(port)+readyPath, limit)
		if lastErr == nil {
			t.Cleanup(p.stop)
			return port
		}
		p.stop()
	}
	t.Fatalf("%s did not start: %v", name, lastErr)
	return 0
}

func (p *emulatorProcess) output() string {
	b, _ := os.ReadFile(p.logs.Name())
	return string(b)
}

func (p *emulatorProcess) waitReady(url string, limit time.Duration) error {
	client := &http.Client{Timeout: 2 * time.Second}
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		select {
		case err := <-p.done:
			p.done <- err
			return fmt.Errorf("exited before answering (%v); output:\n%s", err, p.output())
		default:
		}
		if resp, err := client.Get(url); err == nil {
			resp.Body.Close()
			if resp.StatusCode < 500 {
				return nil
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	return fmt.Errorf("no answer on %s within %s; output:\n%s", url, limit, p.output())
}

// stop signals the whole process group, then kills what is left.
func (p *emulatorProcess) stop() {
	if p.watchdog != nil && p.watchdog.Process != nil {
		_ = p.watchdog.Process.Kill()
		_ = p.watchdog.Wait()
	}
	pgid := p.cmd.Process.Pid
	_ = syscall.Kill(-pgid, syscall.SIGTERM)
	select {
	case err := <-p.done:
		p.done <- err
	case <-time.After(10 * time.Second):
	}
	_ = syscall.Kill(-pgid, syscall.SIGKILL)
	err := <-p.done
	p.done <- err
	_ = p.logs.Close()
}

// startMoto starts moto_server for one test and returns its URL.
func startMoto(t *testing.T) string {
	t.Helper()
	port := startEmulator(t, 60*time.Second, "/moto-api/", "moto_server", func(port int) []string {
		return []string{"-H", "127.0.0.1", "-p", strconv.Itoa(port)}
	})
	return "http://127.0.0.1:" + strconv.Itoa(port)
}

// startPubsubEmulator starts Google's Pub/Sub emulator for one test and
// returns its host:port, the form of PUBSUB_EMULATOR_HOST.
func startPubsubEmulator(t *testing.T) string {
	t.Helper()
	port := startEmulator(t, 90*time.Second, "/", "gcloud", func(port int) []string {
		return []string{"beta", "emulators", "pubsub", "start", "--host-port=127.0.0.1:" + strconv.Itoa(port), "--quiet"}
	}, "CLOUDSDK_CONFIG="+t.TempDir())
	return "127.0.0.1:" + strconv.Itoa(port)
}

// cliTool runs an independent command-line client with a fixed
// environment on top of the test's own.
type cliTool struct {
	t    *testing.T
	name string
	args []string // put before every command's own arguments
	env  []string
	// drop is the prefix of the caller's variables the client must not
	// see (AWS_, CLOUDSDK_): env alone configures it.
	drop string
}

// run runs the client and returns its stdout; the test fails when it
// exits non-zero.
func (c cliTool) run(args ...string) string {
	c.t.Helper()
	out, errOut, err := c.exec(args...)
	if err != nil {
		c.t.Fatalf("%s %s: %v\nstdout:\n%s\nstderr:\n%s", c.name, strings.Join(args, " "), err, out, errOut)
	}
	return out
}

// json runs the client and decodes its stdout into v.
func (c cliTool) json(v any, args ...string) {
	c.t.Helper()
	out := c.run(args...)
	if strings.TrimSpace(out) == "" {
		out = "null"
	}
	if err := json.Unmarshal([]byte(out), v); err != nil {
		c.t.Fatalf("%s %s: decoding its output: %v\n%s", c.name, strings.Join(args, " "), err, out)
	}
}

func (c cliTool) exec(args ...string) (string, string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), toolTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, c.name, append(append([]string{}, c.args...), args...)...)
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, c.drop) {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, c.env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if ctx.Err() != nil {
		c.t.Fatalf("%s %s did not finish within %s", c.name, strings.Join(args, " "), toolTimeout)
	}
	return stdout.String(), stderr.String(), err
}

// awsCLI is the aws command line (awscli) pointed at moto with dummy
// credentials, and no shared configuration of the machine.
func awsCLI(t *testing.T, endpoint string) cliTool {
	none := t.TempDir() + "/none"
	return cliTool{t: t, name: "aws", drop: "AWS_", args: []string{"--endpoint-url", endpoint, "--output", "json"}, env: []string{
		"AWS_ACCESS_KEY_ID=testing", "AWS_SECRET_ACCESS_KEY=testing", "AWS_DEFAULT_REGION=us-east-1",
		"AWS_CONFIG_FILE=" + none, "AWS_SHARED_CREDENTIALS_FILE=" + none,
	}}
}

// gcloudCLI is gcloud pointed at the storage and Pub/Sub emulators without
// credentials, with a configuration directory of its own.
func gcloudCLI(t *testing.T, storageHost, pubsubHost, project string) cliTool {
	return cliTool{t: t, name: "gcloud", drop: "CLOUDSDK_", args: []string{"--quiet"}, env: []string{
		"CLOUDSDK_CONFIG=" + t.TempDir(),
		"CLOUDSDK_API_ENDPOINT_OVERRIDES_STORAGE=http://" + storageHost + "/",
		"CLOUDSDK_API_ENDPOINT_OVERRIDES_PUBSUB=http://" + pubsubHost + "/",
		"CLOUDSDK_AUTH_DISABLE_CREDENTIALS=true",
		"CLOUDSDK_CORE_PROJECT=" + project,
		"CLOUDSDK_CORE_DISABLE_PROMPTS=1",
	}}
}

// outputs returns the stack's outputs (trueup output -json) by name.
func (s *stack) outputs() map[string]any {
	s.t.Helper()
	r := s.must(0, "output", "-json")
	var outs map[string]struct {
		Value any `json:"value"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &outs); err != nil {
		s.t.Fatalf("decoding trueup output -json: %v\n%s", err, r.stdout)
	}
	values := make(map[string]any, len(outs))
	for name, o := range outs {
		values[name] = o.Value
	}
	return values
}
