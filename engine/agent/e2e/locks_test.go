package e2e

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

// waitPRComment waits for a comment on pull request n holding marker and
// saying want, and returns it.
func waitPRComment(t *testing.T, gh *fakeGitHub, n int, marker, want string) string {
	t.Helper()
	var last string
	waitFor(t, fmt.Sprintf("a comment on #%d saying %q", n, want), 60*time.Second, func() bool {
		for _, c := range gh.prComments(n) {
			if strings.Contains(c.Body, marker) {
				last = c.Body
			}
		}
		return strings.Contains(last, want)
	})
	return last
}

// TestPullRequestLocks: a stack planned by an open pull request is locked
// to it; a second pull request touching it is told who holds it (on its
// comment and commit status) and gets no plan, and its `trueup plan` and
// `trueup apply` are refused; `trueup unlock` on the holder releases it;
// `DELETE /api/locks/STACK` needs the operate scope and is audited; a
// closed pull request releases its locks; the dashboard shows the holder.
func TestPullRequestLocks(t *testing.T) {
	t.Parallel()
	gh := newFakeGitHub(t)
	r, base := seedRepo(t, "a stack", map[string]string{"stacks/a/main.tf": greetingStack("a")})
	a := startAgentWith(t, forgeBlock(gh)+stacks(prStack("a", r, t.TempDir())))
	gh.setPermission("ann", "write")
	gh.setPermission("bob", "write")

	r.git(r.work, "checkout", "-q", "-b", "feature7")
	r.write(map[string]string{"stacks/a/main.tf": strings.Replace(greetingStack("a"), `"hello"`, `"bonjour"`, 1)})
	head7 := r.commit("bonjour")
	r.push("refs/pull/7/head")
	r.git(r.work, "checkout", "-q", "-b", "feature8", base)
	r.write(map[string]string{"stacks/a/main.tf": strings.Replace(greetingStack("a"), `"hello"`, `"hola"`, 1)})
	head8 := r.commit("hola")
	r.push("refs/pull/8/head")
	gh.setPull(7, ghPR{Head: head7, Base: base, State: "open", Mergeable: true})
	gh.setPull(8, ghPR{Head: head8, Base: base, State: "open", Mergeable: true})

	send := func(event string, payload map[string]any) {
		t.Helper()
		if code := sendGitHubEvent(t, a.url, event, payload, webhookSecret); code != http.StatusAccepted {
			t.Fatalf("%s: status %d", event, code)
		}
	}
	send("pull_request", prPayload(r.url(), "opened", 7, head7, base))
	first7 := a.waitRun("a", "the plan of #7", func(x run) bool { return x.Kind == "pr-plan" && x.PR == 7 })
	var locks struct {
		Locks []struct {
			Stack, Repo, URL, User string
			PR                     int
			Since                  time.Time
		}
	}
	a.getJSON("/api/locks", &locks)
	if len(locks.Locks) != 1 || locks.Locks[0].Stack != "a" || locks.Locks[0].PR != 7 || locks.Locks[0].User != "ann" ||
		locks.Locks[0].URL != "https://github.example.com/acme/infra/pull/7" || time.Since(locks.Locks[0].Since) > time.Minute {
		t.Fatalf("locks after #7's plan = %+v", locks.Locks)
	}

	// #8 touches the locked stack: told who holds it, not planned.
	send("pull_request", prPayload(r.url(), "opened", 8, head8, base))
	body := waitPRComment(t, gh, 8, "<!-- trueup:stack=a -->", "is locked")
	for _, want := range []string{"Stack `a` is locked by pull request [acme/infra#7](https://github.example.com/acme/infra/pull/7), planned by @ann, since " + locks.Locks[0].Since.UTC().Format("2006-01-02 15:04 UTC")} {
		if !strings.Contains(body, want) {
			t.Errorf("#8's comment lacks %q:\n%s", want, body)
		}
	}
	// The status may be posted just after the comment.
	waitFor(t, "#8's failed status naming the lock", 30*time.Second, func() bool {
		st, ok := gh.lastStatus(head8, "trueup/a")
		return ok && st.State == "failure" && strings.Contains(st.Description, "locked by pull request acme/infra#7")
	})
	comment := func(n int, id int64, user, body string) {
		t.Helper()
		send("issue_comment", commentPayload(r.url(), n, id, user, body))
	}
	// bob's plan is refused on a goroutine after the comment's reaction:
	// wait for its failed status too, or it may take the lock after #7
	// releases it below.
	lockedStatus := func(st ghStatus) bool {
		return st.State == "failure" && strings.Contains(st.Description, "locked by pull request acme/infra#7")
	}
	refusals := gh.statusCount(head8, "trueup/a", lockedStatus)
	comment(8, 301, "bob", "trueup plan")
	waitFor(t, "the reaction to bob's plan", 30*time.Second, func() bool { return len(gh.reactionsTo(301)) >= 2 })
	waitFor(t, "bob's plan refused with a failed status", 30*time.Second, func() bool {
		return gh.statusCount(head8, "trueup/a", lockedStatus) > refusals
	})
	comment(8, 302, "bob", "trueup apply")
	reply := waitPRComment(t, gh, 8, "<!-- trueup:reply -->", "nothing was applied")
	if !strings.Contains(reply, "- `a`: Stack `a` is locked by pull request [acme/infra#7]") {
		t.Errorf("apply on #8 reply:\n%s", reply)
	}
	for _, x := range a.runs("a") {
		if x.PR == 8 {
			t.Fatalf("a run for #8 while #7 holds the lock: %+v", x)
		}
	}

	// #7 unlocks; #8's next push plans and takes the lock.
	comment(7, 303, "ann", "trueup unlock")
	waitPRComment(t, gh, 7, "<!-- trueup:reply -->", "@ann released the locks of `a`")
	send("pull_request", prPayload(r.url(), "synchronize", 8, head8, base))
	a.waitRun("a", "the plan of #8", func(x run) bool { return x.Kind == "pr-plan" && x.PR == 8 })
	a.getJSON("/api/locks", &locks)
	if len(locks.Locks) != 1 || locks.Locks[0].PR != 8 || locks.Locks[0].User != "ann" {
		t.Fatalf("locks after #8's plan = %+v", locks.Locks)
	}
	// #7 is now the one refused: its apply names #8.
	comment(7, 304, "ann", "trueup apply")
	reply = waitPRComment(t, gh, 7, "<!-- trueup:reply -->", "nothing was applied")
	if !strings.Contains(reply, "locked by pull request [acme/infra#8]") {
		t.Errorf("apply on #7 while #8 holds the lock:\n%s", reply)
	}

	// The dashboard shows the holder.
	if code, page := a.get("/"); code != http.StatusOK || !strings.Contains(page, `class="stack-lock"`) || !strings.Contains(page, "acme/infra#8") {
		t.Errorf("dashboard (%d) does not show the lock:\n%s", code, page)
	}

	// The API: read may look, not release; operate releases, audited.
	readTok := apiTokenOf(t, a, "read", "viewer")
	opTok := apiTokenOf(t, a, "operate", "ops")
	if code, _, _ := a.call("DELETE", "/api/locks/a", "", nil, ""); code != http.StatusUnauthorized {
		t.Errorf("DELETE without a token: %d", code)
	}
	if code, _, _ := a.call("DELETE", "/api/locks/a", readTok, nil, ""); code != http.StatusForbidden {
		t.Errorf("DELETE with a read token: %d", code)
	}
	if code, _, b := a.call("DELETE", "/api/locks/a", opTok, nil, ""); code != http.StatusOK || !strings.Contains(b, `"pr":8`) {
		t.Errorf("DELETE with an operate token: %d %s", code, b)
	}
	if code, _, _ := a.call("DELETE", "/api/locks/a", opTok, nil, ""); code != http.StatusNotFound {
		t.Errorf("DELETE of an unlocked stack: %d", code)
	}
	ev := a.audit()
	if !hasEvent(ev, func(e auditEvent) bool {
		return e.Action == "unlock" && e.Target == "stack/a" && e.Outcome == "ok" && strings.Contains(e.Principal, "ops") && strings.Contains(e.Detail, "acme/infra#8")
	}) {
		t.Errorf("no audited API unlock by the ops token: %+v", ev)
	}
	if !hasEvent(ev, func(e auditEvent) bool {
		return e.Action == "comment" && e.Principal == "github:ann" && strings.Contains(e.Target, "#7: trueup unlock") && strings.Contains(e.Detail, "released `a`")
	}) {
		t.Errorf("no audited comment unlock by ann: %+v", ev)
	}

	// A closed pull request releases its locks.
	send("pull_request", prPayload(r.url(), "synchronize", 7, head7, base))
	a.waitRun("a", "the second plan of #7", func(x run) bool { return x.Kind == "pr-plan" && x.PR == 7 && x.ID > first7.ID })
	waitFor(t, "#7's lock", 30*time.Second, func() bool { a.getJSON("/api/locks", &locks); return len(locks.Locks) == 1 && locks.Locks[0].PR == 7 })
	send("pull_request", prPayload(r.url(), "closed", 7, head7, base))
	waitFor(t, "the lock released on close", 30*time.Second, func() bool { a.getJSON("/api/locks", &locks); return len(locks.Locks) == 0 })
}
