package provisioners

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// scp copies to the machine with the scp protocol, as Terraform's
// communicator does: "scp -t" (or "-rt") runs remotely and is fed file
// (C), directory (D) and end-of-directory (E) records over one session,
// so the machine needs scp, as with Terraform.
type scp struct {
	w io.Writer
	r *bufio.Reader
}

// ack reads the sink's answer to the last record: 0 is success, 1 and 2
// are followed by the reason.
func (s *scp) ack() error {
	b, err := s.r.ReadByte()
	if err != nil {
		return fmt.Errorf("scp: %w", err)
	}
	if b == 0 {
		return nil
	}
	msg, _ := s.r.ReadString('\n')
	return fmt.Errorf("scp: %s", strings.TrimSpace(msg))
}

// file sends one file record.
func (s *scp) file(name string, mode fs.FileMode, content []byte) error {
	if _, err := fmt.Fprintf(s.w, "C%04o %d %s\n", mode.Perm(), len(content), name); err != nil {
		return err
	}
	if err := s.ack(); err != nil {
		return err
	}
	if _, err := s.w.Write(append(content, 0)); err != nil {
		return err
	}
	return s.ack()
}

// dir sends a directory record, what inside writes, and its end.
func (s *scp) dir(name string, mode fs.FileMode, inside func() error) error {
	if _, err := fmt.Fprintf(s.w, "D%04o 0 %s\n", mode.Perm(), name); err != nil {
		return err
	}
	if err := s.ack(); err != nil {
		return err
	}
	if err := inside(); err != nil {
		return err
	}
	if _, err := io.WriteString(s.w, "E\n"); err != nil {
		return err
	}
	return s.ack()
}

// tree sends the entries of the local directory src.
func (s *scp) tree(src string) error {
	entries, err := os.ReadDir(src)
	if err != nil {
		return err
	}
	for _, e := range entries {
		p := filepath.Join(src, e.Name())
		info, err := os.Stat(p) // follows symbolic links, as Terraform
		if err != nil {
			return err
		}
		if info.IsDir() {
			err = s.dir(e.Name(), info.Mode(), func() error { return s.tree(p) })
		} else {
			var b []byte
			if b, err = os.ReadFile(p); err == nil {
				err = s.file(e.Name(), info.Mode(), b)
			}
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// scpSession runs command (an scp sink) and lets send feed it.
func (c *sshConn) scpSession(ctx context.Context, command string, send func(*scp) error) error {
	sess, err := c.client.NewSession()
	if err != nil {
		return err
	}
	defer sess.Close()
	stdin, err := sess.StdinPipe()
	if err != nil {
		return err
	}
	stdout, err := sess.StdoutPipe()
	if err != nil {
		return err
	}
	var stderr strings.Builder
	sess.Stderr = &stderr
	if err := sess.Start(command); err != nil {
		return err
	}
	stop := context.AfterFunc(ctx, func() { sess.Close() })
	defer stop()
	s := &scp{w: stdin, r: bufio.NewReader(stdout)}
	sendErr := s.ack() // the sink is ready
	if sendErr == nil {
		sendErr = send(s)
	}
	stdin.Close()
	waitErr := sess.Wait()
	if err := errors.Join(sendErr, waitErr); err != nil {
		if msg := strings.TrimSpace(stderr.String()); msg != "" {
			return fmt.Errorf("%w: %s", err, msg)
		}
		return err
	}
	return nil
}

// upload writes content to the file dest on the machine.
func (c *sshConn) upload(ctx context.Context, dest string, content []byte, mode fs.FileMode) error {
	err := c.scpSession(ctx, "scp -vt "+shellQuote(path.Dir(dest)), func(s *scp) error {
		return s.file(path.Base(dest), mode, content)
	})
	if err != nil {
		return fmt.Errorf("upload to %s: %w", dest, err)
	}
	return nil
}

// uploadDir copies the local directory src into dest, which is created
// when missing: src itself, or only its contents when src ends in "/".
func (c *sshConn) uploadDir(ctx context.Context, src, dest string) error {
	command := "mkdir -p " + shellQuote(dest) + " && scp -rvt " + shellQuote(dest)
	err := c.scpSession(ctx, command, func(s *scp) error {
		if strings.HasSuffix(src, "/") {
			return s.tree(src)
		}
		info, err := os.Stat(src)
		if err != nil {
			return err
		}
		return s.dir(filepath.Base(src), info.Mode(), func() error { return s.tree(src) })
	})
	if err != nil {
		return fmt.Errorf("upload of %s to %s: %w", src, dest, err)
	}
	return nil
}
