package provisioners

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/zclconf/go-cty/cty"
	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/agent"
)

// defaultScriptPath is where remote-exec copies its scripts, as Terraform.
const defaultScriptPath = "/tmp/terraform_%RAND%.sh"

// sshConn is one SSH connection to the machine a connection block names.
type sshConn struct {
	client     *ssh.Client
	scriptPath string
}

// dialSSH connects as conn says, retrying until its timeout (default 5m).
func dialSSH(ctx context.Context, conn cty.Value, out *lineWriter) (*sshConn, error) {
	switch t := str(conn, "type"); t {
	case "", "ssh":
	case "winrm":
		return nil, errors.New("winrm connections are not supported: trueup provisions over ssh only (no WinRM client is built in)")
	default:
		return nil, fmt.Errorf("connection type %q is not supported: trueup connects with ssh only", t)
	}
	if p := str(conn, "target_platform"); p != "" && p != "unix" {
		return nil, fmt.Errorf("target_platform %q is not supported: trueup provisions unix hosts only", p)
	}
	cfg, summary, err := clientConfig(conn)
	if err != nil {
		return nil, err
	}
	port := 22
	if p := conn.GetAttr("port"); !p.IsNull() {
		n, _ := p.AsBigFloat().Int64()
		port = int(n)
	}
	timeout := 5 * time.Minute
	if t := str(conn, "timeout"); t != "" {
		if timeout, err = time.ParseDuration(t); err != nil {
			return nil, fmt.Errorf("connection timeout %q: %v", t, err)
		}
	}
	host := str(conn, "host")
	out.Println("Connecting to remote host via SSH...")
	for _, line := range summary {
		out.Println("  " + line)
	}
	target := net.JoinHostPort(host, strconv.Itoa(port))
	var client *ssh.Client
	if bastion := str(conn, "bastion_host"); bastion != "" {
		bcfg, bsummary, err := clientConfig(bastionConnection(conn))
		if err != nil {
			return nil, fmt.Errorf("bastion: %v", err)
		}
		out.Println("Using configured bastion host...")
		for _, line := range bsummary[:len(bsummary)-1] { // no target platform
			out.Println("  " + line)
		}
		bport := port
		if p := conn.GetAttr("bastion_port"); !p.IsNull() {
			n, _ := p.AsBigFloat().Int64()
			bport = int(n)
		}
		client, err = dialViaBastion(ctx, net.JoinHostPort(bastion, strconv.Itoa(bport)), bcfg, target, cfg, timeout)
		if err != nil {
			return nil, err
		}
	} else if client, err = dialRetry(ctx, target, cfg, timeout); err != nil {
		return nil, err
	}
	out.Println("Connected!")
	path := str(conn, "script_path")
	if path == "" {
		path = defaultScriptPath
	}
	return &sshConn{client: client, scriptPath: path}, nil
}

// clientConfig builds the client configuration and the lines Terraform
// prints about it (never the secrets themselves).
func clientConfig(conn cty.Value) (*ssh.ClientConfig, []string, error) {
	user := str(conn, "user")
	if user == "" {
		user = "root"
	}
	password, key, hostKey := str(conn, "password"), str(conn, "private_key"), str(conn, "host_key")
	var auths []ssh.AuthMethod
	if key != "" {
		signer, err := ssh.ParsePrivateKey([]byte(key))
		if err != nil {
			return nil, nil, fmt.Errorf("failed to parse ssh private_key: %v", errors.Unwrap(err))
		}
		auths = append(auths, ssh.PublicKeys(signer))
	}
	useAgent := password == "" && key == ""
	if a := conn.GetAttr("agent"); !a.IsNull() {
		useAgent = a.True()
	}
	if sock := os.Getenv("SSH_AUTH_SOCK"); useAgent && sock != "" {
		if c, err := net.Dial("unix", sock); err == nil {
			auths = append(auths, ssh.PublicKeysCallback(agent.NewClient(c).Signers))
		}
	}
	if password != "" {
		auths = append(auths, ssh.Password(password), ssh.KeyboardInteractive(
			func(user, instruction string, questions []string, echos []bool) ([]string, error) {
				answers := make([]string, len(questions))
				for i := range answers {
					answers[i] = password
				}
				return answers, nil
			}))
	}
	callback := ssh.InsecureIgnoreHostKey()
	if hostKey != "" {
		pub, _, _, _, err := ssh.ParseAuthorizedKey([]byte(hostKey))
		if err != nil {
			return nil, nil, fmt.Errorf("host_key: %v", err)
		}
		callback = ssh.FixedHostKey(pub)
	}
	summary := []string{
		"Host: " + str(conn, "host"),
		"User: " + user,
		fmt.Sprintf("Password: %t", password != ""),
		fmt.Sprintf("Private key: %t", key != ""),
		"Certificate: false",
		fmt.Sprintf("SSH Agent: %t", useAgent && os.Getenv("SSH_AUTH_SOCK") != ""),
		fmt.Sprintf("Checking Host Key: %t", hostKey != ""),
		"Target Platform: unix",
	}
	return &ssh.ClientConfig{User: user, Auth: auths, HostKeyCallback: callback, Timeout: 30 * time.Second}, summary, nil
}

// dialRetry dials until it connects, authentication fails, ctx ends or
// timeout passes; a refused connection (a machine still booting) is
// retried.
func dialRetry(ctx context.Context, addr string, cfg *ssh.ClientConfig, timeout time.Duration) (*ssh.Client, error) {
	deadline := time.Now().Add(timeout)
	wait := 500 * time.Millisecond
	for {
		client, err := dial(ctx, addr, cfg)
		if err == nil {
			return client, nil
		}
		if isAuthError(err) || time.Now().Add(wait).After(deadline) {
			return nil, fmt.Errorf("timeout - last error: %v", err)
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(wait):
		}
		wait = min(2*wait, 10*time.Second)
	}
}

func dial(ctx context.Context, addr string, cfg *ssh.ClientConfig) (*ssh.Client, error) {
	d := net.Dialer{Timeout: cfg.Timeout}
	nc, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return nil, err
	}
	c, chans, reqs, err := ssh.NewClientConn(nc, addr, cfg)
	if err != nil {
		nc.Close()
		return nil, err
	}
	return ssh.NewClient(c, chans, reqs), nil
}

func isAuthError(err error) bool {
	return strings.Contains(err.Error(), "unable to authenticate") || strings.Contains(err.Error(), "host key mismatch") ||
		strings.Contains(err.Error(), "ssh: host key")
}

// Close ends the connection.
func (c *sshConn) Close() error { return c.client.Close() }

// run runs command remotely with stdin, writing its output to out; a
// non-zero exit status is an error.
func (c *sshConn) run(ctx context.Context, command string, stdin io.Reader, out io.Writer) error {
	s, err := c.client.NewSession()
	if err != nil {
		return err
	}
	defer s.Close()
	s.Stdin, s.Stdout, s.Stderr = stdin, out, out
	done := make(chan error, 1)
	go func() { done <- s.Run(command) }()
	select {
	case err = <-done:
	case <-ctx.Done():
		_ = s.Signal(ssh.SIGTERM)
		s.Close()
		return ctx.Err()
	}
	var exit *ssh.ExitError
	if errors.As(err, &exit) {
		return fmt.Errorf("error executing %q: Process exited with status %d", command, exit.ExitStatus())
	}
	return err
}

// newScriptPath is script_path with %RAND% replaced by a random number.
func (c *sshConn) newScriptPath() string {
	return strings.ReplaceAll(c.scriptPath, "%RAND%", strconv.FormatUint(uint64(rand.Uint32()), 10))
}

// shellQuote quotes s for /bin/sh.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
