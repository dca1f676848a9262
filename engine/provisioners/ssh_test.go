package provisioners

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/engine/provisioners/sshdtest"
)

// connection returns a connection block's value for srv, with extra
// attributes set.
func connection(srv *sshdtest.Server, extra map[string]cty.Value) cty.Value {
	attrs := map[string]cty.Value{
		"host":        cty.StringVal(srv.Host),
		"port":        cty.NumberIntVal(int64(srv.Port)),
		"user":        cty.StringVal(srv.User),
		"private_key": cty.StringVal(srv.PrivateKey),
		"host_key":    cty.StringVal(srv.HostKey),
		"agent":       cty.False,
	}
	for k, v := range extra {
		attrs[k] = v
	}
	ty := ConnectionSchema().ImpliedType()
	vals := map[string]cty.Value{}
	for name, at := range ty.AttributeTypes() {
		vals[name] = cty.NullVal(at)
		if v, ok := attrs[name]; ok {
			vals[name] = v
		}
	}
	return cty.ObjectVal(vals)
}

func strList(ss ...string) cty.Value {
	vals := make([]cty.Value, len(ss))
	for i, s := range ss {
		vals[i] = cty.StringVal(s)
	}
	return cty.ListVal(vals)
}

func TestRemoteExecOverSSH(t *testing.T) {
	srv := sshdtest.Start(t)
	dir := t.TempDir()
	got, err := runLines(t, Request{
		Type:       "remote-exec",
		Config:     fill("remote-exec", map[string]cty.Value{"inline": strList("echo hello from $(whoami)", "echo to-stderr >&2", "echo done > "+dir+"/ran")}),
		Connection: connection(srv, nil),
	})
	if err != nil {
		t.Fatalf("remote-exec: %v\n%s", err, strings.Join(got, "\n"))
	}
	want := []string{
		"Connecting to remote host via SSH...",
		"  Host: 127.0.0.1",
		"  User: " + srv.User,
		"  Password: false",
		"  Private key: true",
		"  Certificate: false",
		"  SSH Agent: false",
		"  Checking Host Key: true",
		"  Target Platform: unix",
		"Connected!",
		"hello from " + srv.User,
		"to-stderr",
	}
	// stdout and stderr are separate SSH streams: their lines may
	// interleave either way, so the script's lines are compared as a set.
	if len(got) >= 10 {
		slices.Sort(got[10:])
	}
	slices.Sort(want[10:])
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("output:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if b, err := os.ReadFile(filepath.Join(dir, "ran")); err != nil || string(b) != "done\n" {
		t.Errorf("the inline script did not run on the server: %q, %v", b, err)
	}
}

func TestRemoteExecScriptsAndFailure(t *testing.T) {
	srv := sshdtest.Start(t)
	dir := t.TempDir()
	one := filepath.Join(dir, "one.sh")
	two := filepath.Join(dir, "two.sh")
	writeFile(t, one, "#!/bin/sh\necho script one\n")
	writeFile(t, two, "#!/bin/sh\necho script two\nexit 4\n")
	scriptPath := filepath.Join(dir, "uploaded_%RAND%.sh")
	got, err := runLines(t, Request{
		Type:       "remote-exec",
		Config:     fill("remote-exec", map[string]cty.Value{"scripts": strList(one, two)}),
		Connection: connection(srv, map[string]cty.Value{"script_path": cty.StringVal(scriptPath)}),
	})
	if err == nil || !strings.Contains(err.Error(), "Process exited with status 4") {
		t.Fatalf("a script exiting 4 should fail with its status, got %v", err)
	}
	out := strings.Join(got, "\n")
	if !strings.Contains(out, "script one\nscript two") {
		t.Errorf("both scripts should run in order:\n%s", out)
	}
	uploaded, _ := filepath.Glob(filepath.Join(dir, "uploaded_*.sh"))
	if len(uploaded) != 2 {
		t.Errorf("scripts are copied to script_path with %%RAND%% replaced: got %v", uploaded)
	}
}

func TestFileOverSSH(t *testing.T) {
	srv := sshdtest.Start(t)
	local := t.TempDir()
	remote := t.TempDir()
	writeFile(t, filepath.Join(local, "app.conf"), "port = 8080\n")
	writeFile(t, filepath.Join(local, "site", "index.html"), "<h1>hi</h1>\n")
	writeFile(t, filepath.Join(local, "site", "css", "main.css"), "body {}\n")

	tests := []struct {
		name  string
		attrs map[string]cty.Value
		want  map[string]string // remote path (relative to remote) -> content
	}{
		{"content is written to destination", map[string]cty.Value{
			"content": cty.StringVal("from content\n"), "destination": cty.StringVal(remote + "/content.txt"),
		}, map[string]string{"content.txt": "from content\n"}},
		{"a file is copied to destination", map[string]cty.Value{
			"source": cty.StringVal(local + "/app.conf"), "destination": cty.StringVal(remote + "/app.conf"),
		}, map[string]string{"app.conf": "port = 8080\n"}},
		{"a directory without a trailing slash is copied into destination", map[string]cty.Value{
			"source": cty.StringVal(local + "/site"), "destination": cty.StringVal(remote + "/www"),
		}, map[string]string{"www/site/index.html": "<h1>hi</h1>\n", "www/site/css/main.css": "body {}\n"}},
		{"a directory with a trailing slash has its contents copied", map[string]cty.Value{
			"source": cty.StringVal(local + "/site/"), "destination": cty.StringVal(remote + "/flat"),
		}, map[string]string{"flat/index.html": "<h1>hi</h1>\n", "flat/css/main.css": "body {}\n"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := runLines(t, Request{Type: "file", Config: fill("file", tt.attrs), Connection: connection(srv, nil)})
			if err != nil {
				t.Fatalf("file: %v\n%s", err, strings.Join(got, "\n"))
			}
			for rel, content := range tt.want {
				b, err := os.ReadFile(filepath.Join(remote, rel))
				if err != nil || string(b) != content {
					t.Errorf("%s: got %q, %v; want %q", rel, b, err, content)
				}
			}
		})
	}
}

func TestSSHConnectionErrors(t *testing.T) {
	srv := sshdtest.Start(t)
	other := sshdtest.Start(t) // its keys are not the first server's
	inline := fill("remote-exec", map[string]cty.Value{"inline": strList("true")})
	tests := []struct {
		name string
		conn cty.Value
		want string
	}{
		{"a key the server does not accept fails at once", connection(srv, map[string]cty.Value{"private_key": cty.StringVal(other.PrivateKey)}), "unable to authenticate"},
		{"a host key that does not match fails", connection(srv, map[string]cty.Value{"host_key": cty.StringVal(other.HostKey)}), "host key"},
		{"a port nobody listens on fails after the timeout", connection(srv, map[string]cty.Value{"port": cty.NumberIntVal(int64(closedPort(t))), "timeout": cty.StringVal("1s")}), "timeout - last error"},
		{"an unparsable private key is reported", connection(srv, map[string]cty.Value{"private_key": cty.StringVal("not a key")}), "failed to parse ssh private_key"},
		{"winrm is refused", connection(srv, map[string]cty.Value{"type": cty.StringVal("winrm")}), "winrm connections are not supported"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			err := Run(ctx, Request{Type: "remote-exec", Config: inline, Connection: tt.conn, Output: func(string) {}})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want an error containing %q", err, tt.want)
			}
			if err != nil && strings.Contains(err.Error(), "PRIVATE KEY") {
				t.Errorf("the error shows the private key: %v", err)
			}
		})
	}
}

// closedPort returns a loopback port nothing listens on.
func closedPort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o755); err != nil {
		t.Fatal(err)
	}
}
