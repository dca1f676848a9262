// Package sshdtest starts a real OpenSSH server (sshd) on 127.0.0.1 for
// tests of the file and remote-exec provisioners: an unprivileged-style
// sshd with its own host key, an authorized key for the current user and
// no PAM, run as a child process of the test and stopped when it ends.
//
// Tests that need it fail, saying how to install it, where no sshd binary
// exists: scripts/test-deps.sh installs Debian's openssh-server.
package sshdtest

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"
)

// Server is a running sshd.
type Server struct {
	// Host and Port are where it listens.
	Host string
	Port int
	// User is the login name: the user running the test.
	User string
	// PrivateKey is the OpenSSH private key authorized for User.
	PrivateKey string
	// HostKey is the server's public key in authorized_keys form.
	HostKey string
	// Log is the path of sshd's own log.
	Log string
}

// Paths where Debian and others install sshd.
var sshdPaths = []string{"/usr/sbin/sshd", "/usr/local/sbin/sshd", "/usr/bin/sshd"}

// Binary returns the path of sshd, or "" when there is none.
func Binary() string {
	for _, p := range sshdPaths {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	if p, err := exec.LookPath("sshd"); err == nil {
		return p
	}
	return ""
}

// Start starts sshd for the test; the test fails when sshd is absent.
func Start(t testing.TB) *Server {
	t.Helper()
	bin := Binary()
	if bin == "" {
		t.Fatal("sshd is needed by this test and is not installed (looked for " + strings.Join(sshdPaths, ", ") + " and sshd on PATH)\n" +
			"install it with scripts/test-deps.sh (apt-get install openssh-server)")
	}
	dir := t.TempDir()
	u, err := user.Current()
	if err != nil {
		t.Fatal(err)
	}
	hostPub, hostPEM := newKey(t)
	userPub, userPEM := newKey(t)
	write(t, filepath.Join(dir, "host_key"), hostPEM, 0o600)
	write(t, filepath.Join(dir, "authorized_keys"), userPub, 0o600)
	if os.Geteuid() == 0 {
		// sshd started by root insists on its privilege separation
		// directory.
		_ = os.MkdirAll("/run/sshd", 0o755)
	}
	port := freePort(t)
	cfg := strings.Join([]string{
		"Port " + strconv.Itoa(port),
		"ListenAddress 127.0.0.1",
		"HostKey " + filepath.Join(dir, "host_key"),
		"AuthorizedKeysFile " + filepath.Join(dir, "authorized_keys"),
		"PidFile " + filepath.Join(dir, "sshd.pid"),
		"UsePAM no",
		"StrictModes no",
		"PasswordAuthentication no",
		"KbdInteractiveAuthentication no",
		"LogLevel VERBOSE",
		"",
	}, "\n")
	write(t, filepath.Join(dir, "sshd_config"), cfg, 0o600)
	log := filepath.Join(dir, "sshd.log")
	cmd := exec.Command(bin, "-D", "-f", filepath.Join(dir, "sshd_config"), "-E", log)
	if err := cmd.Start(); err != nil {
		t.Fatalf("start sshd: %v", err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	deadline := time.Now().Add(10 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err == nil {
			c.Close()
			break
		}
		if time.Now().After(deadline) {
			b, _ := os.ReadFile(log)
			t.Fatalf("sshd did not listen on %s: %v\n%s", addr, err, b)
		}
		time.Sleep(50 * time.Millisecond)
	}
	return &Server{Host: "127.0.0.1", Port: port, User: u.Username, PrivateKey: userPEM, HostKey: strings.TrimSpace(hostPub), Log: log}
}

// newKey returns a new ed25519 key pair: the public key in
// authorized_keys form and the private key in OpenSSH PEM form.
func newKey(t testing.TB) (pub, priv string) {
	t.Helper()
	pk, sk, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	block, err := ssh.MarshalPrivateKey(sk, "")
	if err != nil {
		t.Fatal(err)
	}
	sshPub, err := ssh.NewPublicKey(pk)
	if err != nil {
		t.Fatal(err)
	}
	return string(ssh.MarshalAuthorizedKey(sshPub)), string(pem.EncodeToMemory(block))
}

func freePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func write(t testing.TB, path, content string, mode os.FileMode) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), mode); err != nil {
		t.Fatal(err)
	}
}

// String describes the server for test logs.
func (s *Server) String() string { return fmt.Sprintf("sshd %s@%s:%d", s.User, s.Host, s.Port) }
