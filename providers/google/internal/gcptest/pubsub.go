package gcptest

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
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
	logs *os.File
	// watchdog ends the emulator if the test binary dies without Stop.
	watchdog *exec.Cmd
	done     chan error
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
	logs, err := os.CreateTemp("", "pubsub-emulator-*.log")
	if err != nil {
		return nil, fmt.Errorf("creating the emulator's log file: %w", err)
	}
	s := &Pubsub{Host: "127.0.0.1:" + strconv.Itoa(port), logs: logs, done: make(chan error, 1)}
	s.cmd = exec.Command(bin, "beta", "emulators", "pubsub", "start", "--host-port="+s.Host, "--quiet")
	// Output goes to a file, not a pipe: Wait then never waits for a
	// straggler holding the pipe open.
	s.cmd.Stdout, s.cmd.Stderr = logs, logs
	// gcloud (python) starts java. As a session leader gcloud keeps both
	// in its process group, which Stop signals.
	s.cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if err := s.cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting the Pub/Sub emulator: %w", err)
	}
	go func() { s.done <- s.cmd.Wait() }()
	s.watchdog = startWatchdog(s.cmd.Process.Pid)
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
				"installed (apt-get install google-cloud-cli-pubsub-emulator)? Output:\n%s", err, s.output())
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
	return fmt.Errorf("the Pub/Sub emulator did not answer on %s within %s. Output:\n%s", s.Host, limit, s.output())
}

// Stop ends the emulator's whole process group and waits for gcloud.
func (s *Pubsub) Stop() {
	if s.cmd == nil || s.cmd.Process == nil {
		return
	}
	if s.watchdog != nil {
		_ = s.watchdog.Process.Kill()
		_ = s.watchdog.Wait()
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
	_ = s.logs.Close()
	_ = os.Remove(s.logs.Name())
}

// startWatchdog starts a shell, in a session of its own, that waits for
// this test binary to end and then signals the emulator's process group:
// when a test panics or times out, Stop never runs, and neither gcloud
// nor java would notice. It returns nil if the shell cannot start.
func startWatchdog(pgid int) *exec.Cmd {
	w := exec.Command("/bin/sh", "-c", `while kill -0 "$1" 2>/dev/null; do sleep 1; done
kill -TERM -"$2" 2>/dev/null; sleep 5; kill -KILL -"$2" 2>/dev/null`,
		"gcptest-watchdog", strconv.Itoa(os.Getpid()), strconv.Itoa(pgid))
	w.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if err := w.Start(); err != nil {
		return nil
	}
	return w
}

// output is what the emulator has printed so far.
func (s *Pubsub) output() string {
	b, _ := os.ReadFile(s.logs.Name())
	return string(b)
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("finding a free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
