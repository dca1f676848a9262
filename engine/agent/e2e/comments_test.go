package e2e

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

func greetingStack(name string) string {
	return fmt.Sprintf(`variable "out" {
  type = string
}

variable "greeting" {
  default = "hello"
}

resource "local_file" %q {
  filename = "${var.out}/%s.txt"
  content  = "${var.greeting} from %s"
}
`, name, name, name)
}

// TestCommentCommandsPlanForWritersOnly: `trueup plan` comments on a pull
// request plan it (every touched stack, or -p's stack with -var values)
// when their author may write to the repository, answered with reactions;
// a comment from someone without write access, an unknown command and a
// comment that is not a command run nothing.
func TestCommentCommandsPlanForWritersOnly(t *testing.T) {
	t.Parallel()
	gh := newFakeGitHub(t)
	r := newRepo(t)
	out := t.TempDir()
	r.write(map[string]string{"stacks/a/main.tf": greetingStack("a"), "stacks/b/main.tf": greetingStack("b")})
	base := r.commit("two stacks")
	r.push("main")

	var stacks strings.Builder
	for _, name := range []string{"a", "b"} {
		fmt.Fprintf(&stacks, "stack %q {\n  repo = %q\n  path = \"stacks/%s\"\n  vars = { out = %q }\n  forge_repo = \"acme/infra\"\n}\n", name, r.url(), name, out)
	}
	data := t.TempDir()
	cfg, addr := writeConfig(t, data, forgeBlock(gh)+stacks.String())
	a := startAgent(t, cfg, addr, data)

	r.git(r.work, "checkout", "-q", "-b", "feature")
	r.write(map[string]string{"stacks/a/main.tf": strings.Replace(greetingStack("a"), `"hello"`, `"bonjour"`, 1)})
	head := r.commit("a says bonjour")
	r.push("refs/pull/5/head")
	gh.setPull(5, ghPR{Head: head, Base: base, State: "open"})
	gh.setPermission("ann", "write")
	gh.setPermission("rita", "read")

	comment := func(id int64, user, body string) {
		t.Helper()
		if code := sendGitHubEvent(t, a.url, "issue_comment", commentPayload(r.url(), 5, id, user, body), webhookSecret); code != http.StatusAccepted {
			t.Fatalf("comment %d: status %d", id, code)
		}
	}
	reply := func() string {
		for _, c := range gh.prComments(5) {
			if strings.Contains(c.Body, "<!-- trueup:reply -->") {
				return c.Body
			}
		}
		return ""
	}
	waitReactions := func(id int64, want ...string) {
		t.Helper()
		deadline := time.Now().Add(30 * time.Second)
		for time.Now().Before(deadline) {
			if got := gh.reactionsTo(id); strings.Join(got, ",") == strings.Join(want, ",") {
				return
			}
			time.Sleep(50 * time.Millisecond)
		}
		t.Fatalf("comment %d got reactions %v, want %v", id, gh.reactionsTo(id), want)
	}

	// Without write access: refused, nothing run.
	comment(101, "rita", "trueup plan")
	comment(102, "mallory", "trueup plan -p a")
	waitReactions(101, "eyes", "-1")
	waitReactions(102, "eyes", "-1")
	if body := reply(); !strings.Contains(body, "trueup commands need write access to acme/infra; nothing was run.") {
		t.Errorf("reply to a reader: %q", body)
	}

	// Not a command: ignored. An unknown command: help.
	comment(103, "ann", "LGTM, thanks")
	comment(104, "ann", "trueup destroy")
	waitReactions(104, "eyes", "confused")
	if body := reply(); !strings.Contains(body, `unknown command "destroy"`) || !strings.Contains(body, "`trueup plan -p STACK`") {
		t.Errorf("reply to an unknown command: %q", body)
	}
	if got := gh.reactionsTo(103); len(got) != 0 {
		t.Errorf("a comment that is not a command got reactions %v", got)
	}
	if runs := a.runs(""); len(runs) != 0 {
		t.Fatalf("refused or unknown commands started runs: %+v", runs)
	}

	// A writer's plan: the touched stack only.
	comment(105, "ann", "trueup plan")
	planA := a.waitRun("a", "the commented plan of a", func(x run) bool { return x.Kind == "pr-plan" && x.Commit == head })
	if planA.Trigger != "comment" || planA.PR != 5 || planA.Outcome != "succeeded" {
		t.Errorf("plan of a = %+v", planA)
	}
	waitReactions(105, "eyes", "+1")

	// -p plans an untouched stack, with -var values.
	comment(106, "ann", "trueup plan -p b -- -var=greeting=hola")
	planB := a.waitRun("b", "the commented plan of b", func(x run) bool { return x.Kind == "pr-plan" && x.Commit == head })
	if planB.Trigger != "comment" || planB.Outcome != "succeeded" {
		t.Errorf("plan of b = %+v", planB)
	}
	byStack := commentsByStack(t, gh.prComments(5))
	if !strings.Contains(byStack["a"].Body, "bonjour from a") {
		t.Errorf("a's comment lacks the planned greeting:\n%s", byStack["a"].Body)
	}
	if !strings.Contains(byStack["b"].Body, "hola from b") {
		t.Errorf("b's comment lacks the -var greeting:\n%s", byStack["b"].Body)
	}
	if runs := a.runs(""); len(runs) != 2 {
		t.Errorf("%d runs, want the two commented plans: %+v", len(runs), runs)
	}

	// The runs and the audit trail name the commenters.
	var detail struct {
		Run struct {
			RequestedBy string `json:"requested_by"`
		}
	}
	a.getJSON(fmt.Sprintf("/api/runs/%d", planA.ID), &detail)
	if detail.Run.RequestedBy != "github:ann" {
		t.Errorf("the commented plan was requested by %q, want github:ann", detail.Run.RequestedBy)
	}
	es := a.audit()
	for what, pred := range map[string]func(e auditEvent) bool{
		"rita's refused plan": func(e auditEvent) bool {
			return e.Action == "comment" && e.Principal == "github:rita" && e.Outcome == "denied" && strings.Contains(e.Detail, "no write access")
		},
		"ann's plan": func(e auditEvent) bool {
			return e.Action == "comment" && e.Principal == "github:ann" && e.Outcome == "ok" && e.Target == "acme/infra#5: trueup plan"
		},
	} {
		if !hasEvent(es, pred) {
			t.Errorf("the audit trail lacks %s: %+v", what, es)
		}
	}
}
