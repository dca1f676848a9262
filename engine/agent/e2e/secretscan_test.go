package e2e

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/trueup/trueup/internal/secretscan"
)

// secretScanStack has a sensitive variable (from the agent's TF_VAR_
// environment) that reaches a file's content, a trigger, a tag-like map
// and a sensitive output, and a generated password.
const secretScanStack = `variable "out" {
  type = string
}

variable "token" {
  type      = string
  sensitive = true
}

variable "rev" {
  type    = string
  default = "1"
}

resource "random_password" "pw" {
  length = 20
}

resource "local_file" "conf" {
  filename = "${var.out}/app.conf"
  content  = "rev=${var.rev} token=${var.token}\n"
}

resource "null_resource" "uses" {
  triggers = {
    rev   = var.rev
    token = var.token
    pw    = random_password.pw.result
  }
}

output "token" {
  value     = var.token
  sensitive = true
}
`

// TestSecretScanOfTheAgent (docs/reliability.md "The secret scan"): an
// agent applies a stack with a sensitive variable, plans a pull request
// that changes it, and finds drift of a file holding it; no PR comment,
// commit status, run log, dashboard page (stack, run, graph, drift,
// audit), /api JSON, event stream or line of the agent's own log holds
// the variable, the generated password, the forge token or the webhook
// secret, in any encoding.
func TestSecretScanOfTheAgent(t *testing.T) {
	t.Parallel()
	token := secretscan.New("TF_VAR_token", "tok-", false)
	sc := secretscan.NewScanner(token,
		secretscan.Known("forge token", forgeToken, ""), secretscan.Known("webhook secret", webhookSecret, ""))
	gh := newFakeGitHub(t)
	r := newRepo(t)
	out := t.TempDir()
	r.write(map[string]string{"main.tf": secretScanStack})
	base := r.commit("a stack with secrets")
	r.push("main")
	data := t.TempDir()
	cfg, addr := writeConfig(t, data, forgeBlock(gh)+fmt.Sprintf(`
stack "db" {
  repo          = %q
  vars          = { out = %q }
  auto_apply    = true
  poll_interval = "1s"
  forge_repo    = "acme/infra"
}
`, r.url(), out))
	a := startAgent(t, cfg, addr, data, "TF_VAR_token="+token.Value)
	t.Cleanup(func() { sc.Check(t, "the agent's log", a.log.String()) })
	apply := a.waitRun("db", "the apply", func(x run) bool { return x.Kind == "apply" && x.Commit == base })
	if apply.Outcome != "succeeded" {
		t.Fatalf("apply = %+v\n%s", apply, a.log.String())
	}
	if got, _ := readFile(t, filepath.Join(out, "app.conf")); !strings.Contains(got, token.Value) {
		t.Fatal("app.conf lacks the token: the secret must still reach the provider")
	}
	sc.Add(secretscan.Known("random_password.pw.result", appliedDBPassword(t, data), ""))

	// A pull request that changes every resource that holds a secret.
	r.git(r.work, "checkout", "-q", "-b", "feature")
	r.write(map[string]string{"main.tf": strings.Replace(secretScanStack, `default = "1"`, `default = "2"`, 1)})
	head := r.commit("rev 2")
	r.push("refs/pull/3/head")
	if code := sendGitHubEvent(t, a.url, "pull_request", prPayload(r.url(), "opened", 3, head, base), webhookSecret); code != http.StatusAccepted {
		t.Fatalf("pull request delivery: %d", code)
	}
	prPlan := a.waitRun("db", "the pull-request plan", func(x run) bool { return x.Kind == "pr-plan" && x.Commit == head })
	comments := gh.prComments(3)
	if len(comments) != 1 || !strings.Contains(comments[0].Body, "null_resource.uses") {
		t.Fatalf("pull request comments = %+v", comments)
	}

	// A pull request whose plan fails on the token: its error is
	// commented and logged, redacted.
	r.write(map[string]string{"main.tf": secretScanStack + `
resource "null_resource" "bad" {
  triggers = { n = tonumber(var.token) }
  lifecycle {
    precondition {
      condition     = var.token == "other"
      error_message = "The token ${var.token} is not the expected one."
    }
  }
}
`})
	badHead := r.commit("a resource that fails on the token")
	r.push("refs/pull/3/head")
	if code := sendGitHubEvent(t, a.url, "pull_request", prPayload(r.url(), "synchronize", 3, badHead, base), webhookSecret); code != http.StatusAccepted {
		t.Fatalf("pull request delivery: %d", code)
	}
	failed := a.waitRun("db", "the failing pull-request plan", func(x run) bool { return x.Kind == "pr-plan" && x.Commit == badHead })
	sc.Check(t, "the failed run's error", failed.Error)
	waitFor(t, "the failing plan's comment", 30*time.Second, func() bool {
		cs := gh.prComments(3)
		return len(cs) == 1 && strings.Contains(cs[0].Body, badHead[:7])
	})
	if body := gh.prComments(3)[0].Body; !strings.Contains(body, "Planning failed") || !strings.Contains(body, "precondition failed") {
		t.Errorf("the failing plan's comment does not show the error:\n%s", body)
	}
	comments = append(comments, gh.prComments(3)...)

	// Drift of the file that holds the token, checked on demand.
	if err := os.WriteFile(filepath.Join(out, "app.conf"), []byte("edited\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, body := a.post("/api/stacks/db/drift"); code != http.StatusAccepted {
		t.Fatalf("drift trigger: %d %s", code, body)
	}
	drift := a.waitRun("db", "the drift check", func(x run) bool { return x.Kind == "drift" })

	for _, c := range comments {
		sc.Check(t, "the pull-request comment", c.Body)
	}
	gh.mu.Lock()
	for sha, sts := range gh.statuses {
		for _, st := range sts {
			sc.Check(t, "the commit status of "+sha, fmt.Sprintf("%+v", st))
		}
	}
	gh.mu.Unlock()
	pages := []string{"/", "/stacks/db", "/stacks/db/graph.svg", "/stacks/db/drift.svg", "/audit", "/api/stacks",
		"/api/runs", "/api/runs?stack=db", "/api/audit", "/api/locks", "/metrics"}
	for _, run := range []run{apply, prPlan, failed, drift} {
		pages = append(pages, fmt.Sprintf("/runs/%d", run.ID), fmt.Sprintf("/api/runs/%d", run.ID), fmt.Sprintf("/runs/%d/events", run.ID))
	}
	for _, p := range pages {
		code, body := a.get(p)
		if code != http.StatusOK || len(body) == 0 {
			t.Errorf("GET %s: %d, %d bytes", p, code, len(body))
		}
		sc.Check(t, "GET "+p, body)
	}
	// The run pages must show the runs, or the scan proves nothing.
	if _, body := a.get(fmt.Sprintf("/runs/%d/events", apply.ID)); !strings.Contains(body, "null_resource.uses") {
		t.Errorf("the apply's event stream does not show its resources:\n%s", body)
	}
	// The agent's data directory holds state (secrets by design, as in
	// Terraform: encrypt it with terraform { encryption }) and its
	// history; the history and everything else but state and the clones
	// must not hold them.
	sc.CheckDir(t, "the agent's data directory", data, func(rel string) bool {
		return rel == "state" || rel == "git" || strings.HasSuffix(rel, ".tfstate") || strings.HasSuffix(rel, ".tfstate.backup")
	})
}

// post sends a POST with the agent's admin token.
func (a *agent) post(path string) (int, string) {
	a.t.Helper()
	resp := a.do("POST", path, nil)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// appliedDBPassword reads random_password.pw's result from the db stack's
// local state in the agent's data directory.
func appliedDBPassword(t *testing.T, dataDir string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dataDir, "state", "db", "terraform.tfstate"))
	if err != nil {
		t.Fatalf("reading the db stack's state: %v", err)
	}
	var st struct {
		Resources []struct {
			Type      string
			Instances []struct{ Attributes map[string]any }
		}
	}
	if err := json.Unmarshal(b, &st); err != nil {
		t.Fatal(err)
	}
	for _, r := range st.Resources {
		if r.Type == "random_password" && len(r.Instances) == 1 {
			if pw, ok := r.Instances[0].Attributes["result"].(string); ok && pw != "" {
				return pw
			}
		}
	}
	t.Fatalf("no password in the db stack's state")
	return ""
}
