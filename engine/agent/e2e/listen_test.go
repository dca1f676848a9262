package e2e

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestAgentRefusesToServeOpenWithoutAuth: auth = false on a non-loopback
// address stops the agent at start with an error naming the settings,
// unless insecure_no_auth (or -insecure-no-auth) says so; on loopback it
// starts. With auth off, requests need no token, but another site's page
// still cannot drive the API.
func TestAgentRefusesToServeOpenWithoutAuth(t *testing.T) {
	t.Parallel()
	port := strings.Split(freePort(t), ":")[1]
	data := t.TempDir()
	write := func(listen, extra string) string {
		path := filepath.Join(t.TempDir(), "agent.hcl")
		src := fmt.Sprintf("server {\n  listen     = %q\n  data_dir   = %q\n  public_url = %q\n  auth       = false\n%s}\n", listen, data, "http://127.0.0.1:"+port, extra)
		if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	open := write("0.0.0.0:"+port, "")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, binary, "agent", "-config="+open).CombinedOutput()
	if err == nil || ctx.Err() != nil {
		t.Fatalf("the agent served without authentication on 0.0.0.0 (err %v):\n%s", err, out)
	}
	for _, want := range []string{"refusing to serve without authentication", "auth = false at " + open + ":5", "insecure_no_auth = true", "-insecure-no-auth"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("the error does not say %q:\n%s", want, out)
		}
	}

	for name, cfg := range map[string]string{
		"insecure_no_auth": write("0.0.0.0:"+port, "  insecure_no_auth = true\n"),
		"loopback":         write("127.0.0.1:"+port, ""),
	} {
		t.Run(name, func(t *testing.T) {
			a := startAgentAt(t, "http://127.0.0.1:"+port, http.DefaultClient, cfg, data, nil)
			if code, _, body := a.call("POST", "/api/stacks/nope/plan", "", nil, ""); code != http.StatusNotFound {
				t.Errorf("with auth off, an anonymous trigger of an unknown stack: %d %s, want 404", code, body)
			}
			if code, _, _ := a.call("POST", "/api/stacks/nope/plan", "", map[string]string{"Origin": "http://evil.example"}, ""); code != http.StatusForbidden {
				t.Errorf("with auth off, a cross-site trigger: %d, want 403", code)
			}
			a.stop()
		})
	}
}

// TestAgentHintsHowToCreateTheFirstToken: an agent started with no token
// in its store says in its log how to create one; one with a token does
// not.
func TestAgentHintsHowToCreateTheFirstToken(t *testing.T) {
	t.Parallel()
	data := t.TempDir()
	cfg, addr := writeConfig(t, data, "")
	a := startAgent(t, cfg, addr, data)
	// startAgent created a token before the start: no hint then.
	if strings.Contains(a.log.String(), "no API tokens yet") {
		t.Errorf("the agent hints at creating a token although one exists")
	}
	a.stop()
	fresh := t.TempDir()
	cfg2, addr2 := writeConfig(t, fresh, "")
	cmd := exec.Command(binary, "agent", "-config="+cfg2)
	var log bytes.Buffer
	cmd.Stdout, cmd.Stderr = &log, &log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	waitFor(t, "the agent to answer", 30*time.Second, func() bool {
		resp, err := http.Get("http://" + addr2 + "/healthz")
		if err == nil {
			resp.Body.Close()
		}
		return err == nil
	})
	time.Sleep(200 * time.Millisecond)
	cmd.Process.Kill()
	cmd.Wait()
	if !strings.Contains(log.String(), "trueup agent token create -config=FILE -scope=admin") {
		t.Errorf("a fresh agent does not tell how to create the first token:\n%s", log.String())
	}
}
