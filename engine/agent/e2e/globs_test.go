package e2e

import (
	"maps"
	"slices"
	"strings"
	"testing"
	"time"
)

// stackNames lists the stacks the agent's API shows.
func (a *agent) stackNames() []string {
	var out struct {
		Stacks []struct {
			Name string `json:"name"`
		} `json:"stacks"`
	}
	a.getJSON("/api/stacks", &out)
	var names []string
	for _, s := range out.Stacks {
		names = append(names, s.Name)
	}
	return names
}

// TestStackGlobFollowsTheRepository: `path = "envs/*"` becomes one stack
// per directory of a real repository holding .tf files, each applied with
// the block's settings; a directory added later becomes a stack on the
// next poll (app, polling) or push webhook (svc, no polling) and is
// applied; a directory removed stops being a stack — no more polls or
// drift checks — while its history stays.
func TestStackGlobFollowsTheRepository(t *testing.T) {
	t.Parallel()
	gh := newFakeGitHub(t)
	out := t.TempDir()
	files := envStacks("dev", "prod")
	maps.Copy(files, map[string]string{
		"envs/notes/README.md":  "not a stack\n",
		"services/a/main.tf":    fileStack(map[string]string{"svc-a": "1"}),
		"services/a/sub/x.json": "{}\n",
	})
	r, c0 := seedRepo(t, "two envs, one service", files)
	app := pushStack("app", r, "envs/*", out, "acme/infra")
	app.pollInterval = "1s"
	app.more = "  drift {\n    schedule = \"@every 2s\"\n  }\n"
	svc := pushStack("svc", r, "", out, "acme/infra")
	svc.paths = []string{"services/*"}
	svc.more = "  name_template = \"svc-${base}\"\n"
	a := startAgentWith(t, forgeBlock(gh)+stacks(app, svc))
	if got := a.stackNames(); !slices.Equal(got, []string{"app-envs-dev", "app-envs-prod", "svc-a"}) {
		t.Fatalf("stacks = %v", got)
	}
	applied := func(stack, file string) {
		t.Helper()
		a.waitRun(stack, stack+" applied", func(x run) bool { return x.Kind == "apply" && x.Outcome == "succeeded" })
		if _, ok := readFile(t, out+"/"+file+".txt"); !ok {
			t.Fatalf("%s applied, but %s.txt is missing", stack, file)
		}
	}
	applied("app-envs-dev", "dev")
	applied("app-envs-prod", "prod")

	r.write(map[string]string{"envs/stage/main.tf": fileStack(map[string]string{"stage": "1"})})
	r.commit("a new env")
	r.push("main")
	applied("app-envs-stage", "stage")

	r.write(map[string]string{"services/b/main.tf": fileStack(map[string]string{"svc-b": "1"})})
	c2 := r.commit("a new service")
	r.push("main")
	if code := sendGitHubEvent(t, a.url, "push", pushOf(r.url(), c0, c2, "services/b/main.tf"), webhookSecret); code >= 300 {
		t.Fatalf("push: %d", code)
	}
	applied("svc-b", "svc-b")

	r.git(r.work, "rm", "-q", "-r", "envs/dev")
	r.commit("retire dev")
	r.push("main")
	waitFor(t, "app-envs-dev to go", 30*time.Second, func() bool { return !slices.Contains(a.stackNames(), "app-envs-dev") })
	if got := a.stackNames(); !slices.Equal(got, []string{"app-envs-prod", "app-envs-stage", "svc-a", "svc-b"}) {
		t.Errorf("stacks after dev was removed = %v", got)
	}
	before := len(a.runs("app-envs-dev"))
	if before == 0 {
		t.Fatal("the removed stack's history is gone")
	}
	drifts := len(a.runs("app-envs-prod"))
	time.Sleep(5 * time.Second)
	if n := len(a.runs("app-envs-dev")); n != before {
		t.Errorf("the removed stack still runs: %d runs, was %d", n, before)
	}
	if n := len(a.runs("app-envs-prod")); n <= drifts {
		t.Errorf("app-envs-prod's drift checks stopped too (%d runs, was %d)", n, drifts)
	}
	if !strings.Contains(a.log.String(), "stack removed") {
		t.Error("the log does not say the stack was removed")
	}
}
