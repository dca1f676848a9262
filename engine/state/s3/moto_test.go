package s3_test

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"testing"
	"time"
)

// moto is the moto_server subprocess shared by the package's tests,
// started on first use and stopped by TestMain.
var moto struct {
	once sync.Once
	url  string
	err  error
	cmd  *exec.Cmd
	done chan struct{}
	logs bytes.Buffer
}

func TestMain(m *testing.M) {
	code := m.Run()
	stopMoto()
	stopDynalite()
	os.Exit(code)
}

// motoURL starts moto_server on a free loopback port (once) and returns
// its URL. It fails the test, never skips it, when moto cannot start.
func motoURL(t *testing.T) string {
	t.Helper()
	moto.once.Do(func() { moto.url, moto.err = startMoto() })
	if moto.err != nil {
		t.Fatalf("moto_server is needed for the DynamoDB lock table tests and could not be started: %v\n"+
			"install it with scripts/test-deps.sh (pip install 'moto[server]')", moto.err)
	}
	return moto.url
}

func startMoto() (string, error) {
	bin, err := exec.LookPath("moto_server")
	if err != nil {
		return "", fmt.Errorf("moto_server is not on PATH: %w", err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	cmd := exec.Command(bin, "-H", "127.0.0.1", "-p", strconv.Itoa(port))
	cmd.Stdout, cmd.Stderr = &moto.logs, &moto.logs
	if err := cmd.Start(); err != nil {
		return "", fmt.Errorf("start moto_server: %w", err)
	}
	moto.cmd, moto.done = cmd, make(chan struct{})
	go func() { _ = cmd.Wait(); close(moto.done) }()
	url := "http://127.0.0.1:" + strconv.Itoa(port)
	client := &http.Client{Timeout: 2 * time.Second}
	deadline := time.Now().Add(90 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case <-moto.done:
			return "", fmt.Errorf("moto_server exited at start: %s", moto.logs.String())
		default:
		}
		req, _ := http.NewRequestWithContext(context.Background(), http.MethodGet, url+"/moto-api/", nil)
		if resp, err := client.Do(req); err == nil {
			resp.Body.Close()
			return url, nil
		}
		time.Sleep(100 * time.Millisecond)
	}
	stopMoto()
	return "", fmt.Errorf("moto_server did not answer on %s within 90s", url)
}

func stopMoto() {
	if moto.cmd == nil {
		return
	}
	_ = moto.cmd.Process.Kill()
	<-moto.done
	moto.cmd = nil
}
