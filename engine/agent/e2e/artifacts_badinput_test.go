package e2e

import (
	"fmt"
	"io"
	"log"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-containerregistry/pkg/registry"

	"github.com/trueup/trueup/engine/artifacts/oci/ocitest"
)

// TestAMovedTagOrAnUnreachableRegistryStopsThePromotion: in the agent, a
// tag pushed again with another image after it reached every stage, then
// a registry that no longer answers, each stop the promotion at the first
// stage with a clear error on its position; nothing is pushed to any
// stage, and what runs stays.
func TestAMovedTagOrAnUnreachableRegistryStopsThePromotion(t *testing.T) {
	t.Parallel()
	reg := httptest.NewServer(registry.New(registry.Logger(log.New(io.Discard, "", 0))))
	t.Cleanup(reg.Close)
	host := strings.TrimPrefix(reg.URL, "http://")
	ocitest.Push(t, host, "web", "3.0.0")
	gh := newFakeGitHub(t)
	r := newRepo(t)
	r.write(map[string]string{"envs/dev/main.tf": imageStack(host + "/web:3.0.0"), "envs/prod/main.tf": imageStack(host + "/web:3.0.0")})
	r.commit("two stages")
	r.push("main")
	devOut, prodOut := t.TempDir(), t.TempDir()
	var body strings.Builder
	body.WriteString(forgeBlock(gh))
	for _, s := range []struct{ name, out string }{{"dev", devOut}, {"prod", prodOut}} {
		fmt.Fprintf(&body, "stack %q {\n  repo = %q\n  path = \"envs/%s\"\n  vars = { out = %q }\n  auto_apply = true\n  poll_interval = \"1s\"\n  forge_repo = \"acme/config\"\n}\n",
			s.name, r.url(), s.name, s.out)
	}
	fmt.Fprintf(&body, "artifact \"web\" {\n  oci {\n    repository = %q\n  }\n  semver = \"^3\"\n  poll_interval = \"1h\"\n}\n"+
		"stage \"dev\" {\n  stacks = [\"dev\"]\n  mode = \"commit\"\n}\nstage \"prod\" {\n  stacks = [\"prod\"]\n  mode = \"commit\"\n}\n", host+"/web")
	data := t.TempDir()
	cfg, addr := writeConfig(t, data, body.String())
	a := startAgent(t, cfg, addr, data)
	a.waitRun("dev", "the first apply of dev", func(x run) bool { return x.Kind == "apply" && x.Outcome == "succeeded" })
	a.waitRun("prod", "the first apply of prod", func(x run) bool { return x.Kind == "apply" && x.Outcome == "succeeded" })

	// 3.1.0 reaches dev, and once dev has applied it, prod. The agent's
	// own passes may move prod on before the test asks: any number of
	// passes leaves the same positions.
	was := ocitest.Push(t, host, "web", "3.1.0")
	pos := a.promote()
	a.waitRun("dev", "the apply of 3.1.0 in dev", func(x run) bool { return x.Commit == pos["dev"].Commit && x.Outcome == "succeeded" })
	pos = a.promote()
	inProd := pos["prod"]
	if inProd.Build != "3.1.0" || inProd.Commit == "" {
		t.Fatalf("prod after dev applied 3.1.0: %+v", inProd)
	}
	a.waitRun("prod", "the apply of 3.1.0 in prod", func(x run) bool { return x.Commit == inProd.Commit && x.Outcome == "succeeded" })

	// Then the tag is pushed again with another image.
	now := ocitest.Push(t, host, "web", "3.1.0")
	before := r.git(r.origin, "rev-parse", "main")
	pos = a.promote()
	want := fmt.Sprintf("the tag 3.1.0 of artifact web moved: it named %s and now names %s", was, now)
	if d := pos["dev"]; d.State != "stopped" || !strings.Contains(d.Error, want) {
		t.Fatalf("dev after the tag moved: %+v, want the error %q", d, want)
	}
	if p := pos["prod"]; p.Build != "3.1.0" || p.Commit != inProd.Commit || p.State != "running" || p.Running != "3.1.0" {
		t.Fatalf("prod moved after the tag moved: %+v, was %+v", p, inProd)
	}
	if got := r.git(r.origin, "rev-parse", "main"); got != before {
		t.Fatalf("main moved after the tag moved: %s", r.git(r.origin, "log", "-1", "--format=%s", "main"))
	}

	// The registry stops answering: the same clear stop.
	reg.Close()
	pos = a.promote()
	if d := pos["dev"]; d.State != "stopped" || !strings.Contains(d.Error, "listing the tags of "+host+"/web") || !strings.Contains(d.Error, "envs/dev/main.tf:7") {
		t.Fatalf("dev with the registry down: %+v", d)
	}
	if got := r.git(r.origin, "rev-parse", "main"); got != before {
		t.Fatal("main moved with the registry down")
	}
	if got, _ := readFile(t, filepath.Join(prodOut, "image.txt")); got != host+"/web:3.1.0" {
		t.Errorf("prod runs %q", got)
	}
	if got, _ := readFile(t, filepath.Join(devOut, "image.txt")); got != host+"/web:3.1.0" {
		t.Errorf("dev runs %q", got)
	}
}
