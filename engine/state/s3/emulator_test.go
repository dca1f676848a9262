package s3_test

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"
)

// emulator is a server subprocess shared by the package's tests: started on
// first use on a free loopback port, stopped by TestMain. A test that needs
// it fails, never skips, when it cannot start.
type emulator struct {
	name    string
	install string // how to install it, for the failure message
	// command returns the command serving on 127.0.0.1:port.
	command func(port int) (*exec.Cmd, error)
	// ready is the path polled until it answers, for at most wait.
	ready string
	wait  time.Duration

	once sync.Once
	url  string
	err  error
	cmd  *exec.Cmd
	done chan struct{}
	logs bytes.Buffer
}

// moto serves AWS APIs whose errors it reproduces faithfully (a missing
// DynamoDB table).
var moto = motoWith()

// motoWith is a moto_server emulator whose process has env added to its
// environment.
func motoWith(env ...string) *emulator {
	return &emulator{
		name: "moto_server", install: "scripts/test-deps.sh (pip install 'moto[server]')",
		ready: "/moto-api/", wait: 90 * time.Second,
		command: func(port int) (*exec.Cmd, error) {
			bin, err := exec.LookPath("moto_server")
			if err != nil {
				return nil, fmt.Errorf("moto_server is not on PATH: %w", err)
			}
			cmd := exec.Command(bin, "-H", "127.0.0.1", "-p", strconv.Itoa(port))
			cmd.Env = append(os.Environ(), env...)
			return cmd, nil
		},
	}
}

// dynalite is the DynamoDB emulator (npm package dynalite, on Node.js) of
// the lock-table tests: its conditional PutItem is atomic, which moto's
// threaded server does not guarantee under concurrent requests (seen here:
// two clients both got the lock). scripts/test-deps.sh installs it under
// .cache/npm.
var dynalite = &emulator{
	name: "dynalite", install: "scripts/test-deps.sh (npm install --prefix .cache/npm dynalite)",
	ready: "/", wait: 30 * time.Second,
	command: func(port int) (*exec.Cmd, error) {
		bin, err := dynaliteBin()
		if err != nil {
			return nil, err
		}
		// Tables are ACTIVE at once, as the tests create one per run.
		return exec.Command(bin, "--host", "127.0.0.1", "--port", strconv.Itoa(port),
			"--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0"), nil
	},
}

func TestMain(m *testing.M) {
	code := m.Run()
	moto.stop()
	dynalite.stop()
	checkingMoto.stop()
	os.Exit(code)
}

// URL starts the emulator once and returns its base URL.
func (e *emulator) URL(t *testing.T) string {
	t.Helper()
	e.once.Do(func() { e.url, e.err = e.start() })
	if e.err != nil {
		t.Fatalf("%s is needed by this test and could not be started: %v\ninstall it with %s", e.name, e.err, e.install)
	}
	return e.url
}

func (e *emulator) start() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	cmd, err := e.command(port)
	if err != nil {
		return "", err
	}
	cmd.Stdout, cmd.Stderr = &e.logs, &e.logs
	if err := cmd.Start(); err != nil {
		return "", fmt.Errorf("start %s: %w", e.name, err)
	}
	e.cmd, e.done = cmd, make(chan struct{})
	go func() { _ = cmd.Wait(); close(e.done) }()
	url := "http://127.0.0.1:" + strconv.Itoa(port)
	client := &http.Client{Timeout: 2 * time.Second}
	deadline := time.Now().Add(e.wait)
	for time.Now().Before(deadline) {
		select {
		case <-e.done:
			return "", fmt.Errorf("%s exited at start: %s", e.name, e.logs.String())
		default:
		}
		req, _ := http.NewRequestWithContext(context.Background(), http.MethodGet, url+e.ready, nil)
		if resp, err := client.Do(req); err == nil {
			resp.Body.Close()
			return url, nil
		}
		time.Sleep(100 * time.Millisecond)
	}
	e.stop()
	return "", fmt.Errorf("%s did not answer on %s within %s", e.name, url, e.wait)
}

func (e *emulator) stop() {
	if e.cmd == nil {
		return
	}
	_ = e.cmd.Process.Kill()
	<-e.done
	e.cmd = nil
}

// dynaliteBin finds the dynalite command: $DYNALITE, then PATH, then the
// repository's .cache/npm where scripts/test-deps.sh installs it.
func dynaliteBin() (string, error) {
	if p := os.Getenv("DYNALITE"); p != "" {
		return p, nil
	}
	if p, err := exec.LookPath("dynalite"); err == nil {
		return p, nil
	}
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			p := filepath.Join(dir, ".cache", "npm", "node_modules", ".bin", "dynalite")
			if _, err := os.Stat(p); err != nil {
				return "", fmt.Errorf("dynalite is not installed (looked for $DYNALITE, dynalite on PATH and %s)", p)
			}
			return p, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("dynalite is not on PATH and the repository root was not found")
		}
		dir = parent
	}
}
