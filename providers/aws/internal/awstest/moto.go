package awstest

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"time"
)

// Region is the region the tests use.
const Region = "us-east-1"

// AccessKey and SecretKey are the dummy credentials moto accepts.
const (
	AccessKey = "testing"
	SecretKey = "testing"
)

// Server is a running moto_server subprocess.
type Server struct {
	// URL is the server's base URL, http://127.0.0.1:PORT.
	URL  string
	cmd  *exec.Cmd
	logs *bytes.Buffer
	done chan error
}

// ErrNoMoto is returned by Start when moto_server is not on PATH.
var ErrNoMoto = errors.New("moto_server not found on PATH: run scripts/test-deps.sh (pip install 'moto[server]')")

// Options change how StartWith runs moto_server.
type Options struct {
	// Env is added to moto_server's environment:
	// INITIAL_NO_AUTH_ACTION_COUNT=N, for one, has it check every request's
	// access key and SigV4 signature (botocore's) after the first N.
	Env []string
	// TLS serves HTTPS, with a certificate moto makes up: a client must
	// skip verifying it (InsecureTLS).
	TLS bool
}

// InsecureTLS is the TLS configuration of a client of a TLS Server.
var InsecureTLS = &tls.Config{InsecureSkipVerify: true} //nolint:gosec // a test server's made-up certificate

// Start launches moto_server on a free loopback port and waits until it
// answers. It fails, never skips, when moto_server is missing.
func Start() (*Server, error) { return StartWith(Options{}) }

// StartWith is Start with o.
func StartWith(o Options) (*Server, error) {
	bin, err := exec.LookPath("moto_server")
	if err != nil {
		return nil, ErrNoMoto
	}
	var lastErr error
	for attempt := 0; attempt < 3; attempt++ {
		s, err := start(bin, o)
		if err == nil {
			return s, nil
		}
		lastErr = err
	}
	return nil, lastErr
}

func start(bin string, o Options) (*Server, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	scheme, args := "http", []string{"-H", "127.0.0.1", "-p", strconv.Itoa(port)}
	if o.TLS {
		scheme, args = "https", append(args, "--ssl")
	}
	s := &Server{
		URL:  scheme + "://127.0.0.1:" + strconv.Itoa(port),
		logs: &bytes.Buffer{},
		done: make(chan error, 1),
	}
	s.cmd = exec.Command(bin, args...)
	s.cmd.Stdout = s.logs
	s.cmd.Stderr = s.logs
	s.cmd.Env = append(append(os.Environ(), "MOTO_ALLOW_NONEXISTENT_REGION=true"), o.Env...)
	if err := s.cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting moto_server: %w", err)
	}
	go func() { s.done <- s.cmd.Wait() }()
	if err := s.waitReady(60 * time.Second); err != nil {
		s.Stop()
		return nil, err
	}
	return s, nil
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("finding a free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func (s *Server) waitReady(limit time.Duration) error {
	deadline := time.Now().Add(limit)
	client := &http.Client{Timeout: 2 * time.Second, Transport: &http.Transport{TLSClientConfig: InsecureTLS}}
	for time.Now().Before(deadline) {
		select {
		case err := <-s.done:
			return fmt.Errorf("moto_server exited before answering (%v): %s", err, s.logs.String())
		default:
		}
		resp, err := client.Get(s.URL + "/moto-api/")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode < 500 {
				return nil
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	return fmt.Errorf("moto_server did not answer on %s within %s", s.URL, limit)
}

// Reset clears every service's data (POST /moto-api/reset).
func (s *Server) Reset() error {
	req, err := http.NewRequestWithContext(context.Background(), http.MethodPost, s.URL+"/moto-api/reset", nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("resetting moto: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("resetting moto: HTTP %d", resp.StatusCode)
	}
	return nil
}

// Stop ends the subprocess and waits for it.
func (s *Server) Stop() {
	if s.cmd == nil || s.cmd.Process == nil {
		return
	}
	_ = s.cmd.Process.Kill()
	<-s.done
	s.cmd = nil
}
