package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fileStack is a stack of local files under var.out.
func fileStack(files map[string]string) string {
	var b strings.Builder
	b.WriteString("variable \"out\" {\n  type = string\n}\n")
	for name, content := range files {
		fmt.Fprintf(&b, "\nresource \"local_file\" %q {\n  filename = \"${var.out}/%s.txt\"\n  content  = %q\n}\n", name, name, content)
	}
	return b.String()
}

func forgeBlock(f *fakeGitHub) string {
	return fmt.Sprintf("forge \"github\" {\n  api_url = %q\n  token_env = \"E2E_GH_TOKEN\"\n  webhook_secret_env = \"E2E_GH_SECRET\"\n}\n", f.apiURL())
}

func readFile(t *testing.T, path string) (string, bool) {
	t.Helper()
	b, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return "", false
	}
	if err != nil {
		t.Fatal(err)
	}
	return string(b), true
}

// TestPushIsAppliedAndRevertRollsBack: a push to main is applied within the
// poll interval, with a commit status; a git revert pushed to main removes
// what the reverted commit added.
func TestPushIsAppliedAndRevertRollsBack(t *testing.T) {
	t.Parallel()
	gh := newFakeGitHub(t)
	r, first := seedRepo(t, "add hello", map[string]string{"stacks/app/main.tf": fileStack(map[string]string{"hello": "hello v1\n"})})
	out := t.TempDir()
	app := pushStack("app", r, "stacks/app", out, "acme/infra")
	app.pollInterval = "1s"
	a := startAgentWith(t, forgeBlock(gh)+stacks(app))

	run1 := a.waitRun("app", "the first commit to be applied", func(x run) bool { return x.Commit == first })
	if run1.Outcome != "succeeded" || run1.Kind != "apply" || run1.Trigger != "poll" || !run1.Summary.Applied || run1.Summary.Add != 1 {
		t.Fatalf("first run = %+v, want an applied poll-triggered apply adding 1", run1)
	}
	if run1.Author != "Ann Author <ann@example.com>" || run1.Message != "add hello" {
		t.Errorf("run records author %q and message %q", run1.Author, run1.Message)
	}
	if got, ok := readFile(t, filepath.Join(out, "hello.txt")); !ok || got != "hello v1\n" {
		t.Fatalf("hello.txt = %q (exists %v) after the apply", got, ok)
	}
	if st, ok := gh.lastStatus(first, "trueup/app"); !ok || st.State != "success" || !strings.HasSuffix(st.TargetURL, fmt.Sprintf("/runs/%d", run1.ID)) {
		t.Errorf("status of the first commit = %+v (found %v), want success linking the run", st, ok)
	}

	r.write(map[string]string{"stacks/app/main.tf": fileStack(map[string]string{"hello": "hello v1\n", "extra": "extra\n"})})
	second := r.commit("add extra")
	r.push("main")
	a.waitRun("app", "the second commit to be applied", func(x run) bool { return x.Commit == second && x.Outcome == "succeeded" })
	if _, ok := readFile(t, filepath.Join(out, "extra.txt")); !ok {
		t.Fatal("extra.txt missing after its commit was applied")
	}

	r.git(r.work, "revert", "--no-edit", "HEAD")
	revert := r.head()
	r.push("main")
	rb := a.waitRun("app", "the revert to be applied", func(x run) bool { return x.Commit == revert })
	if rb.Outcome != "succeeded" || rb.Summary.Destroy != 1 {
		t.Fatalf("revert run = %+v, want a succeeded apply destroying 1", rb)
	}
	if _, ok := readFile(t, filepath.Join(out, "extra.txt")); ok {
		t.Error("extra.txt still exists after the revert was applied")
	}
	if got, _ := readFile(t, filepath.Join(out, "hello.txt")); got != "hello v1\n" {
		t.Errorf("hello.txt = %q after the revert", got)
	}
	if _, err := os.Stat(filepath.Join(a.dataDir, "state", "app", "terraform.tfstate")); err != nil {
		t.Errorf("local state not under data_dir/state/app: %v", err)
	}

	_, metrics := a.get("/metrics")
	for _, want := range []string{
		`trueup_runs_total{kind="apply",outcome="succeeded",stack="app"} 3`,
		`trueup_last_successful_apply_timestamp_seconds{stack="app"}`,
		`trueup_run_duration_seconds_count{kind="apply",stack="app"} 3`,
	} {
		if !strings.Contains(metrics, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}
