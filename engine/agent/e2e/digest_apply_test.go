package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCommentApplyComparesChangesNotText: the reviewed-plan check compares
// the digest of the plan's changes, not its text. A sensitive value that
// changed since the plan leaves the redacted text as it was, but the apply
// is refused; a new plan applies the new value.
func TestCommentApplyComparesChangesNotText(t *testing.T) {
	t.Parallel()
	gh := newFakeGitHub(t)
	out := t.TempDir()
	secret := filepath.Join(t.TempDir(), "secret")
	if err := os.WriteFile(secret, []byte("first-s3cret"), 0o600); err != nil {
		t.Fatal(err)
	}
	stack := `variable "out" {
  type = string
}

variable "secret_file" {
  type = string
}

resource "local_file" "s" {
  filename = "${var.out}/s.txt"
  content  = sensitive(file(var.secret_file))
}
`
	r, base := seedRepo(t, "stack s", map[string]string{"stacks/s/main.tf": stack})
	st := prStack("s", r, "")
	st.more = fmt.Sprintf("  vars = { out = %q, secret_file = %q }\n", out, secret)
	a := startAgentWith(t, forgeBlock(gh)+stacks(st))
	gh.setPermission("ann", "write")

	openPR(t, gh, r, 8, base, "touch s", map[string]string{"stacks/s/main.tf": "# reviewed\n" + stack})
	comment := a.prCommenter(r, 8)
	comment(701, "trueup plan")
	first := a.waitRun("s", "the plan of #8", func(x run) bool { return x.Kind == "pr-plan" && x.Outcome == "succeeded" })

	if err := os.WriteFile(secret, []byte("second-s3cret"), 0o600); err != nil {
		t.Fatal(err)
	}
	comment(702, "trueup apply")
	refused := a.waitRun("s", "the apply of a changed secret", func(x run) bool {
		return x.Kind == "apply" && x.Outcome != "queued" && x.Outcome != "running"
	})
	if refused.Outcome != "failed" || refused.Summary.Applied || !strings.Contains(refused.Error, "the plan changed since it was commented") {
		t.Errorf("apply of a plan whose secret changed = %+v", refused)
	}
	if _, ok := readFile(t, filepath.Join(out, "s.txt")); ok {
		t.Fatal("s.txt was written with a value nobody reviewed")
	}
	var texts []string
	for _, id := range []uint64{first.ID, refused.ID} {
		var d struct {
			PlanText string `json:"plan_text"`
		}
		a.getJSON(fmt.Sprintf("/api/runs/%d", id), &d)
		texts = append(texts, d.PlanText)
	}
	if !strings.Contains(texts[0], "(sensitive value)") || texts[0] != texts[1] {
		t.Errorf("the two plans' texts differ, so this does not test the digest:\n%s\n---\n%s", texts[0], texts[1])
	}

	comment(703, "trueup plan")
	a.waitRun("s", "the new plan of #8", func(x run) bool { return x.Kind == "pr-plan" && x.ID > refused.ID && x.Outcome == "succeeded" })
	comment(704, "trueup apply")
	applied := a.waitRun("s", "the apply of the new plan", func(x run) bool {
		return x.Kind == "apply" && x.ID > refused.ID && x.Outcome != "queued" && x.Outcome != "running"
	})
	if applied.Outcome != "succeeded" {
		t.Fatalf("apply after a new plan = %+v", applied)
	}
	if got, _ := readFile(t, filepath.Join(out, "s.txt")); got != "second-s3cret" {
		t.Errorf("s.txt = %q", got)
	}
	for _, c := range gh.prComments(8) {
		if strings.Contains(c.Body, "s3cret") {
			t.Errorf("a comment shows the secret:\n%s", c.Body)
		}
	}
}
