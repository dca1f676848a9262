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

// dynalite is the DynamoDB emulator (npm package dynalite, run by Node.js)
// shared by the lock-table tests: its conditional PutItem is atomic, which
// moto's threaded server does not guarantee under concurrent requests (seen
// here: two clients both got the lock). scripts/test-deps.sh installs it
// under .cache/npm.
var dynalite struct {
	once sync.Once
	url  string
	err  error
	cmd  *exec.Cmd
	done chan struct{}
	logs bytes.Buffer
}

// dynaliteURL starts dynalite on a free loopback port (once) and returns
// its URL. It fails the test, never skips it, when dynalite cannot start.
func dynaliteURL(t *testing.T) string {
	t.Helper()
	dynalite.once.Do(func() { dynalite.url, dynalite.err = startDynalite() })
	if dynalite.err != nil {
		t.Fatalf("dynalite is needed for the DynamoDB lock table tests and could not be started: %v\n"+
			"install it with scripts/test-deps.sh (npm install --prefix .cache/npm dynalite)", dynalite.err)
	}
	return dynalite.url
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

func startDynalite() (string, error) {
	bin, err := dynaliteBin()
	if err != nil {
		return "", err
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	// Tables are ACTIVE at once, as the tests create one per run.
	cmd := exec.Command(bin, "--host", "127.0.0.1", "--port", strconv.Itoa(port), "--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0")
	cmd.Stdout, cmd.Stderr = &dynalite.logs, &dynalite.logs
	if err := cmd.Start(); err != nil {
		return "", fmt.Errorf("start dynalite: %w", err)
	}
	dynalite.cmd, dynalite.done = cmd, make(chan struct{})
	go func() { _ = cmd.Wait(); close(dynalite.done) }()
	url := "http://127.0.0.1:" + strconv.Itoa(port)
	client := &http.Client{Timeout: 2 * time.Second}
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case <-dynalite.done:
			return "", fmt.Errorf("dynalite exited at start: %s", dynalite.logs.String())
		default:
		}
		req, _ := http.NewRequestWithContext(context.Background(), http.MethodGet, url, nil)
		if resp, err := client.Do(req); err == nil {
			resp.Body.Close()
			return url, nil
		}
		time.Sleep(100 * time.Millisecond)
	}
	stopDynalite()
	return "", fmt.Errorf("dynalite did not answer on %s within 30s", url)
}

func stopDynalite() {
	if dynalite.cmd == nil {
		return
	}
	_ = dynalite.cmd.Process.Kill()
	<-dynalite.done
	dynalite.cmd = nil
}
