package provisioners

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/zclconf/go-cty/cty"
)

// Request is one provisioner to run.
type Request struct {
	// Type is local-exec, file or remote-exec.
	Type string
	// Config is the evaluated configuration, of Schema(Type)'s type, wholly
	// known and unmarked.
	Config cty.Value
	// Connection is the evaluated connection block (ConnectionSchema), or
	// null when there is none; file and remote-exec need one.
	Connection cty.Value
	// Output receives the provisioner's output, one line at a time, from
	// one goroutine at a time.
	Output func(line string)
}

// Run runs the provisioner. Cancelling ctx stops a running command.
func Run(ctx context.Context, req Request) error {
	out := &lineWriter{emit: req.Output}
	defer out.Flush()
	switch req.Type {
	case "local-exec":
		return runLocalExec(ctx, req.Config, out)
	case "file":
		// As in Terraform, file prints nothing, not even the connection.
		return withSSH(ctx, req, &lineWriter{}, func(c *sshConn) error { return runFile(ctx, c, req.Config) })
	case "remote-exec":
		return withSSH(ctx, req, out, func(c *sshConn) error { return runRemoteExec(ctx, c, req.Config, out) })
	}
	return fmt.Errorf("unknown provisioner %q", req.Type)
}

func withSSH(ctx context.Context, req Request, out *lineWriter, do func(*sshConn) error) error {
	if req.Connection.IsNull() {
		return fmt.Errorf("the %s provisioner needs a connection block, in the provisioner or in its resource", req.Type)
	}
	c, err := dialSSH(ctx, req.Connection, out)
	if err != nil {
		return err
	}
	defer c.Close()
	return do(c)
}

// lineWriter turns written bytes into lines for emit.
type lineWriter struct {
	mu   sync.Mutex
	buf  bytes.Buffer
	emit func(string)
}

// Write implements io.Writer.
func (w *lineWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf.Write(p)
	for {
		line, err := w.buf.ReadString('\n')
		if err != nil {
			w.buf.WriteString(line) // no newline yet: keep it
			return len(p), nil
		}
		w.line(line)
	}
}

// Println emits one line.
func (w *lineWriter) Println(s string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.line(s)
}

// Flush emits what is left without a newline.
func (w *lineWriter) Flush() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.buf.Len() > 0 {
		w.line(w.buf.String())
		w.buf.Reset()
	}
}

func (w *lineWriter) line(s string) {
	if w.emit != nil {
		w.emit(strings.TrimRight(s, "\r\n"))
	}
}

func str(v cty.Value, name string) string {
	a := v.GetAttr(name)
	if a.IsNull() || !a.IsKnown() {
		return ""
	}
	return a.AsString()
}

func strs(v cty.Value, name string) []string {
	a := v.GetAttr(name)
	if a.IsNull() || !a.IsKnown() {
		return nil
	}
	var out []string
	for _, e := range a.AsValueSlice() {
		if !e.IsNull() {
			out = append(out, e.AsString())
		}
	}
	return out
}
