package source

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/knownhosts"
)

// sshGit is an SSH server on loopback that runs the real git-upload-pack
// for "exec" requests: the part of sshd that git uses, since this machine
// has no sshd. It accepts one client public key.
type sshGit struct {
	addr    string
	hostKey gossh.PublicKey
}

// startSSHGit serves the repositories under root to the holder of the
// private key in clientKeyFile's ".pub" companion.
func startSSHGit(t testing.TB, root string, authorized gossh.PublicKey) *sshGit {
	t.Helper()
	_, hostPriv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	hostSigner, err := gossh.NewSignerFromKey(hostPriv)
	if err != nil {
		t.Fatal(err)
	}
	cfg := &gossh.ServerConfig{PublicKeyCallback: func(_ gossh.ConnMetadata, key gossh.PublicKey) (*gossh.Permissions, error) {
		if bytes.Equal(key.Marshal(), authorized.Marshal()) {
			return nil, nil
		}
		return nil, errors.New("key not authorized")
	}}
	cfg.AddHostKey(hostSigner)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	go func() {
		for {
			conn, err := l.Accept()
			if err != nil {
				return
			}
			go serveSSHConn(conn, cfg, root)
		}
	}()
	return &sshGit{addr: l.Addr().String(), hostKey: hostSigner.PublicKey()}
}

func serveSSHConn(conn net.Conn, cfg *gossh.ServerConfig, root string) {
	defer conn.Close()
	_, chans, reqs, err := gossh.NewServerConn(conn, cfg)
	if err != nil {
		return
	}
	go gossh.DiscardRequests(reqs)
	for nc := range chans {
		if nc.ChannelType() != "session" {
			nc.Reject(gossh.UnknownChannelType, "only sessions")
			continue
		}
		ch, chReqs, err := nc.Accept()
		if err != nil {
			return
		}
		go serveSSHSession(ch, chReqs, root)
	}
}

// serveSSHSession runs "git-upload-pack 'PATH'" with PATH under root.
func serveSSHSession(ch gossh.Channel, reqs <-chan *gossh.Request, root string) {
	defer ch.Close()
	for req := range reqs {
		if req.Type != "exec" || len(req.Payload) < 4 {
			req.Reply(false, nil)
			continue
		}
		line := string(req.Payload[4:])
		prog, arg, _ := strings.Cut(line, " ")
		if prog != "git-upload-pack" {
			req.Reply(false, nil)
			return
		}
		req.Reply(true, nil)
		path := filepath.Join(root, filepath.Clean("/"+strings.Trim(arg, "'")))
		cmd := exec.Command("git", "upload-pack", path)
		cmd.Env = gitEnv()
		stdin, _ := cmd.StdinPipe()
		cmd.Stdout, cmd.Stderr = ch, ch.Stderr()
		status := uint32(1)
		if cmd.Start() == nil {
			go func() { io.Copy(stdin, ch); stdin.Close() }()
			if cmd.Wait() == nil {
				status = 0
			}
		}
		var payload [4]byte
		binary.BigEndian.PutUint32(payload[:], status)
		ch.SendRequest("exit-status", false, payload[:])
		return
	}
}

// knownHostsFile writes a known_hosts file trusting key for the server.
func (s *sshGit) knownHostsFile(t testing.TB, key gossh.PublicKey) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "known_hosts")
	line := knownhosts.Line([]string{knownhosts.Normalize(s.addr)}, key)
	if err := os.WriteFile(path, []byte(line+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// newSSHKey makes a key pair with ssh-keygen (so the file format is the
// one users have) and returns the private key file and the public key.
func newSSHKey(t testing.TB, passphrase string) (string, gossh.PublicKey) {
	t.Helper()
	if _, err := exec.LookPath("ssh-keygen"); err != nil {
		t.Fatalf("these tests need ssh-keygen on PATH: %v", err)
	}
	path := filepath.Join(t.TempDir(), "id_ed25519")
	out, err := exec.Command("ssh-keygen", "-q", "-t", "ed25519", "-N", passphrase, "-C", "test", "-f", path).CombinedOutput()
	if err != nil {
		t.Fatalf("ssh-keygen: %v\n%s", err, out)
	}
	pub, err := os.ReadFile(path + ".pub")
	if err != nil {
		t.Fatal(err)
	}
	key, _, _, _, err := gossh.ParseAuthorizedKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	return path, key
}

// startSSHAgent runs ssh-agent holding keyFile and points SSH_AUTH_SOCK at it.
func startSSHAgent(t *testing.T, keyFile string) {
	t.Helper()
	dir, err := os.MkdirTemp("", "agent") // short: socket paths are limited to ~100 bytes
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	sock := filepath.Join(dir, "sock")
	cmd := exec.Command("ssh-agent", "-D", "-a", sock)
	if err := cmd.Start(); err != nil {
		t.Fatalf("these tests need ssh-agent on PATH: %v", err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	for i := 0; ; i++ {
		if c, err := net.Dial("unix", sock); err == nil {
			c.Close()
			break
		}
		if i > 500 {
			t.Fatal("ssh-agent never listened")
		}
		waitABit()
	}
	t.Setenv("SSH_AUTH_SOCK", sock)
	add := exec.Command("ssh-add", keyFile)
	add.Env = append(os.Environ(), "SSH_AUTH_SOCK="+sock)
	if out, err := add.CombinedOutput(); err != nil {
		t.Fatalf("ssh-add: %v\n%s", err, out)
	}
}
