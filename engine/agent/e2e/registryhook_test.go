package e2e

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/trueup/trueup/engine/artifacts/oci/ocitest"
)

// TestARegistryWebhookPromotesANewBuildAtOnce: with an hourly poll, a
// build pushed to the registry is promoted as soon as the registry's push
// notification arrives; notifications without the secret are refused and
// start nothing.
func TestARegistryWebhookPromotesANewBuildAtOnce(t *testing.T) {
	t.Parallel()
	const secret = "registry-hook-secret-4711"
	host := ocitest.Start(t)
	ocitest.Push(t, host, "web", "1.4.2")
	gh := newFakeGitHub(t)
	r := newRepo(t)
	r.write(map[string]string{"envs/dev/main.tf": imageStack(host + "/web:1.4.2")})
	r.commit("dev")
	r.push("main")
	body := forgeBlock(gh) + fmt.Sprintf(`stack "dev" {
  repo = %q
  path = "envs/dev"
  vars = { out = %q }
  auto_apply = true
  poll_interval = "1s"
  forge_repo = "acme/config"
}

artifact "web" {
  oci {
    repository = %q
  }
  semver        = "~1.4"
  poll_interval = "1h"
}

stage "dev" {
  stacks = ["dev"]
}
`, r.url(), t.TempDir(), host+"/web")
	data := t.TempDir()
	cfg, addr := writeConfig(t, data, body)
	raw, _ := os.ReadFile(cfg)
	os.WriteFile(cfg, []byte(strings.Replace(string(raw), "server {\n", "server {\n  registry_webhook_secret_env = \"REG_HOOK_SECRET\"\n", 1)), 0o644)
	a := startAgent(t, cfg, addr, data, "REG_HOOK_SECRET="+secret)
	a.waitRun("dev", "the first apply of dev", func(x run) bool { return x.Kind == "apply" && x.Outcome == "succeeded" })
	// A pass before the push: it waits for the agent's first pass, which
	// must not be the one to see 1.4.3 (the next is an hour away).
	if p := a.promote()["dev"]; p.PR != 0 || p.Running != "1.4.2" {
		t.Fatalf("dev before the push: %+v", p)
	}

	ocitest.Push(t, host, "web", "1.4.3")
	note := `{"events":[{"action":"push","target":{"repository":"web","tag":"1.4.3"}}]}`
	send := func(header, value string) *http.Response {
		req, _ := http.NewRequest("POST", a.url+"/hooks/registry", strings.NewReader(note))
		req.Header.Set("Content-Type", "application/vnd.docker.distribution.events.v1+json")
		if header != "" {
			req.Header.Set(header, value)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	for _, bad := range [][2]string{{"", ""}, {"Authorization", "Bearer wrong"}, {"X-Hub-Signature-256", "sha256=00"}} {
		if resp := send(bad[0], bad[1]); resp.StatusCode != http.StatusUnauthorized {
			t.Fatalf("a notification with %q got %s, want 401", bad, resp.Status)
		}
	}
	time.Sleep(2 * time.Second)
	if pulls := gh.pullList(); len(pulls) != 0 {
		t.Fatalf("refused notifications opened %+v", pulls)
	}

	if resp := send("Authorization", "Bearer "+secret); resp.StatusCode != http.StatusAccepted {
		t.Fatalf("the registry's notification got %s, want 202", resp.Status)
	}
	waitFor(t, "the promotion pull request the notification started", 60*time.Second, func() bool {
		pulls := gh.pullList()
		return len(pulls) == 1 && pulls[0].Title == "Promote web 1.4.3 to dev"
	})

	// GitHub's package events sign the body instead.
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(note))
	if resp := send("X-Hub-Signature-256", "sha256="+hex.EncodeToString(mac.Sum(nil))); resp.StatusCode != http.StatusAccepted {
		t.Fatalf("a signed notification got %s, want 202", resp.Status)
	}
}
