package e2e

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestHistoryLimitKeepsTheNewestRuns: with server { history_limit = 2 } a
// stack keeps its two newest finished runs, older ones (and their pages)
// are deleted after each run; lowering the limit to 1 prunes at restart.
func TestHistoryLimitKeepsTheNewestRuns(t *testing.T) {
	t.Parallel()
	r := newRepo(t)
	r.write(map[string]string{"main.tf": fileStack(map[string]string{"x": "x\n"})})
	r.commit("a stack")
	r.push("main")
	data := t.TempDir()
	addr := freePort(t)
	cfg := filepath.Join(t.TempDir(), "agent.hcl")
	writeHistoryConfig(t, cfg, addr, data, r.url(), 2)
	a := startAgent(t, cfg, addr, data)

	var ids []uint64
	for range 3 {
		ids = append(ids, a.manualPlan("app"))
	}
	// The third run is seen finished before it prunes the history: the
	// oldest goes right after, not with it.
	want := fmt.Sprint([]uint64{ids[2], ids[1]})
	var got []uint64
	waitFor(t, "the history pruned to the two newest runs "+want, 30*time.Second, func() bool {
		got = runIDs(a.runs("app"))
		return fmt.Sprint(got) == want
	})
	if code, _ := a.get(fmt.Sprintf("/api/runs/%d", ids[0])); code != http.StatusNotFound {
		t.Errorf("GET the pruned run: %d, want 404", code)
	}

	a.stop()
	writeHistoryConfig(t, cfg, addr, data, r.url(), 1)
	b := startAgent(t, cfg, addr, data)
	if got := runIDs(b.runs("app")); fmt.Sprint(got) != fmt.Sprint([]uint64{ids[2]}) {
		t.Errorf("runs kept after restarting with history_limit = 1: %v, want %v", got, []uint64{ids[2]})
	}
}

// writeHistoryConfig writes an agent configuration with one plan-only
// stack and the given history_limit.
func writeHistoryConfig(t *testing.T, path, addr, data, repoURL string, limit int) {
	t.Helper()
	src := fmt.Sprintf(`server {
  listen        = %q
  data_dir      = %q
  history_limit = %d
}

stack "app" {
  repo = %q
  vars = { out = %q }
}
`, addr, data, limit, repoURL, t.TempDir())
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
}

// manualPlan queues a plan of stack through the API and waits for it to
// finish; it returns the run's ID.
func (a *agent) manualPlan(stack string) uint64 {
	a.t.Helper()
	resp := a.do("POST", "/api/stacks/"+stack+"/plan", nil)
	defer resp.Body.Close()
	var out struct{ Run uint64 }
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || resp.StatusCode != http.StatusAccepted || out.Run == 0 {
		a.t.Fatalf("POST plan: %s, %+v, %v", resp.Status, out, err)
	}
	a.waitRun(stack, fmt.Sprintf("manual plan %d", out.Run), func(x run) bool { return x.ID == out.Run })
	return out.Run
}

func runIDs(runs []run) []uint64 {
	var ids []uint64
	for _, r := range runs {
		ids = append(ids, r.ID)
	}
	return ids
}
