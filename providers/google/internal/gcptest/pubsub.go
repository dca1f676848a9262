package gcptest

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os/exec"
	"strconv"
	"sync"
	"syscall"
	"time"
)

// ErrNoGcloud is returned by StartPubsub when gcloud is not on PATH.
var ErrNoGcloud = errors.New("gcloud not found on PATH: run scripts/test-deps.sh " +
	"(installs google-cloud-cli and google-cloud-cli-pubsub-emulator)")

// Pubsub is a running Pub/Sub emulator.
type Pubsub struct {
	// Host is the emulator's host:port, the form of PUBSUB_EMULATOR_HOST.
	Host string
	cmd  *exec.Cmd
	logs *syncBuffer
	done chan error
}

// StartPubsub launches the emulator on a free loopback port and waits
// until it answers.
func StartPubsub() (*Pubsub, error) {
	bin, err := exec.LookPath("gcloud")
	if err != nil {
		return nil, ErrNoGcloud
	}
	var lastErr error
	for attempt := 0; attempt < 3; attempt++ {
		s, err := startPubsub(bin)
		if err == nil {
			return s, nil
		}
		lastErr = err
	}
	return nil, lastErr
}

func startPubsub(bin string) (*Pubsub, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	s := &Pubsub{Host: "127.0.0.1:" + strconv.Itoa(port), logs: &syncBuffer{}, done: make(chan error, 1)}
	s.cmd = exec.Command(bin, "beta", "emulators", "pubsub", "start", "--host-port="+s.Host, "--quiet")
	s.cmd.Stdout, s.cmd.Stderr = s.logs, s.logs
	// Its own process group: gcloud starts python, which starts java;
	// Stop signals the whole group.
	s.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := s.cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting the Pub/Sub emulator: %w", err)
	}
	go func() { s.done <- s.cmd.Wait() }()
	if err := s.waitReady(90 * time.Second); err != nil {
		s.Stop()
		return nil, err
	}
	return s, nil
}

func (s *Pubsub) waitReady(limit time.Duration) error {
	deadline := time.Now().Add(limit)
	client := &http.Client{Timeout: 2 * time.Second}
	for time.Now().Before(deadline) {
		select {
		case err := <-s.done:
			s.done <- err
			return fmt.Errorf("the Pub/Sub emulator exited before answering (%v); is the component "+
				"installed (apt-get install google-cloud-cli-pubsub-emulator)? Output:\n%s", err, s.logs.String())
		default:
		}
		resp, err := client.Get("http://" + s.Host + "/")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		time.Sleep(200 * time.Millisecond)
	}
	return fmt.Errorf("the Pub/Sub emulator did not answer on %s within %s. Output:\n%s", s.Host, limit, s.logs.String())
}

// Stop ends the emulator's whole process group and waits for gcloud.
func (s *Pubsub) Stop() {
	if s.cmd == nil || s.cmd.Process == nil {
		return
	}
	pgid := s.cmd.Process.Pid
	_ = syscall.Kill(-pgid, syscall.SIGTERM)
	select {
	case <-s.done:
	case <-time.After(10 * time.Second):
		_ = syscall.Kill(-pgid, syscall.SIGKILL)
		<-s.done
	}
	// Children that outlived gcloud get the same signal.
	_ = syscall.Kill(-pgid, syscall.SIGKILL)
	s.cmd = nil
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("finding a free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// syncBuffer is a bytes.Buffer safe for the writers of a subprocess.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}
