package e2e

import (
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/trueup/trueup/engine/artifacts/oci/ocitest"
)

// commentForge is a forge stand-in as the rollback tests drive it: send a
// comment on change request 7 of acme/infra, read the reactions to it and
// trueup's one reply.
type commentForge struct {
	block     string
	allow     func(user string, write bool)
	comment   func(t *testing.T, agentURL, repoURL string, id int64, user, body string)
	reactions func(id int64) []string
	reply     func() string
	// ok and refused are the forge's names of the reactions.
	seen, ok, refused string
}

func githubCommentForge(t *testing.T) commentForge {
	gh := newFakeGitHub(t)
	return commentForge{
		block: forgeBlock(gh),
		allow: func(user string, write bool) {
			gh.setPermission(user, map[bool]string{true: "write", false: "read"}[write])
		},
		comment: func(t *testing.T, agentURL, repoURL string, id int64, user, body string) {
			if code := sendGitHubEvent(t, agentURL, "issue_comment", commentPayload(repoURL, 7, id, user, body), webhookSecret); code != http.StatusAccepted {
				t.Fatalf("comment %d: status %d", id, code)
			}
		},
		reactions: gh.reactionsTo,
		reply: func() string {
			for _, c := range gh.prComments(7) {
				if strings.Contains(c.Body, "<!-- trueup:reply -->") {
					return c.Body
				}
			}
			return ""
		},
		seen: "eyes", ok: "+1", refused: "-1",
	}
}

func gitlabCommentForge(t *testing.T) commentForge {
	gl := newFakeGitLab(t)
	return commentForge{
		block: gitlabForgeBlock(gl.srv.URL),
		allow: func(user string, write bool) { gl.setMember(user, map[bool]int{true: 30, false: 20}[write]) },
		comment: func(t *testing.T, agentURL, repoURL string, id int64, user, body string) {
			if code := sendGitLabEvent(t, agentURL, "Note Hook", notePayload(repoURL, 7, id, user, body), webhookSecret); code != http.StatusAccepted {
				t.Fatalf("note %d: status %d", id, code)
			}
		},
		reactions: gl.awardsTo,
		reply: func() string {
			for _, n := range gl.mrNotes(glProjectPath, 7) {
				if strings.Contains(n.Body, "<!-- trueup:reply -->") {
					return n.Body
				}
			}
			return ""
		},
		seen: "eyes", ok: "thumbsup", refused: "thumbsdown",
	}
}

func TestRollbackCommentOnGitHub(t *testing.T) {
	t.Parallel()
	testRollbackComment(t, githubCommentForge(t), "github")
}

func TestRollbackCommentOnGitLab(t *testing.T) {
	t.Parallel()
	testRollbackComment(t, gitlabCommentForge(t), "gitlab")
}

// testRollbackComment: `trueup rollback dev` on a change request of the
// configuration repository does what `trueup artifacts rollback dev`
// does, for a commenter with write access only: the promotion is
// reverted on dev's branch, applied, audited with who asked, answered
// with a reaction and a reply, and the build is not promoted again.
func testRollbackComment(t *testing.T, f commentForge, forgeKind string) {
	host := ocitest.Start(t)
	ocitest.Push(t, host, "web", "2.0.0")
	r := newRepo(t)
	r.write(map[string]string{"envs/dev/main.tf": imageStack(host + "/web:2.0.0")})
	r.commit("dev runs web 2.0.0")
	r.push("main")
	out := t.TempDir()
	data := t.TempDir()
	cfg, addr := writeConfig(t, data, f.block+fmt.Sprintf(`
stack "dev" {
  repo          = %q
  path          = "envs/dev"
  vars          = { out = %q }
  auto_apply    = true
  poll_interval = "1s"
  forge_repo    = "acme/infra"
}

artifact "web" {
  oci {
    repository = %q
  }
  semver        = ">=2.0.0 <3"
  poll_interval = "1h"
}

stage "dev" {
  stacks = ["dev"]
  mode   = "commit"
}
`, r.url(), out, host+"/web"))
	a := startAgent(t, cfg, addr, data)
	a.waitRun("dev", "the first apply", func(x run) bool { return x.Kind == "apply" && x.Outcome == "succeeded" })
	ocitest.Push(t, host, "web", "2.1.0")
	pos := a.promote()
	a.waitRun("dev", "the apply of 2.1.0", func(x run) bool { return x.Commit == pos["dev"].Commit && x.Outcome == "succeeded" })
	promoted := r.git(r.origin, "rev-parse", "main")

	f.allow("ann", true)
	f.allow("rita", false)
	waitReactions := func(id int64, want ...string) {
		t.Helper()
		waitFor(t, fmt.Sprintf("reactions %v to comment %d", want, id), 30*time.Second, func() bool {
			return strings.Join(f.reactions(id), ",") == strings.Join(want, ",")
		})
	}

	// A reader, an unknown stage: refused, nothing rolled back.
	f.comment(t, a.url, r.url(), 201, "rita", "trueup rollback dev")
	waitReactions(201, f.seen, f.refused)
	// The reply comes just after the reaction.
	waitReply := func(what, want string) string {
		t.Helper()
		waitFor(t, what, 30*time.Second, func() bool { return strings.Contains(f.reply(), want) })
		return f.reply()
	}
	waitReply("the reply to a reader", "trueup commands need write access to acme/infra")
	f.comment(t, a.url, r.url(), 202, "ann", "trueup rollback qa")
	waitReactions(202, f.seen, f.refused)
	waitReply("the reply to an unknown stage", `no stage "qa" (stages: dev); nothing was rolled back.`)
	if got := r.git(r.origin, "rev-parse", "main"); got != promoted {
		t.Fatalf("a refused rollback moved main: %s → %s", promoted, got)
	}

	// A writer: reverted, applied, answered, audited.
	f.comment(t, a.url, r.url(), 203, "ann", "trueup rollback dev")
	waitReactions(203, f.seen, f.ok)
	revert := r.git(r.origin, "rev-parse", "main")
	if msg := r.git(r.origin, "log", "-1", "--format=%B", "main"); !strings.HasPrefix(msg, "Roll back web 2.1.0 in dev") ||
		!strings.Contains(msg, "Trueup-Rollback: web dev 2.1.0 "+promoted) {
		t.Fatalf("main's head after the rollback:\n%s", msg)
	}
	reply := waitReply("the reply to the rollback", "@ann rolled back")
	for _, want := range []string{"@ann rolled back **web** `2.1.0` in stage **dev**", "reverts `" + promoted[:8] + "`",
		"`envs/dev/main.tf:7`: `" + host + "/web:2.0.0`", "`2.1.0` is not promoted to dev again"} {
		if !strings.Contains(reply, want) {
			t.Errorf("the reply lacks %q:\n%s", want, reply)
		}
	}
	applied := a.waitRun("dev", "the apply of the revert", func(x run) bool { return x.Commit == revert })
	if applied.Outcome != "succeeded" || applied.Trigger != "comment" || applied.Kind != "apply" {
		t.Fatalf("the revert's run: %+v", applied)
	}
	var detail struct {
		Run struct {
			RequestedBy string `json:"requested_by"`
		}
	}
	a.getJSON(fmt.Sprintf("/api/runs/%d", applied.ID), &detail)
	if detail.Run.RequestedBy != forgeKind+":ann" {
		t.Errorf("the revert's run was requested by %q, want %s:ann", detail.Run.RequestedBy, forgeKind)
	}
	if got, _ := readFile(t, filepath.Join(out, "image.txt")); got != host+"/web:2.0.0" {
		t.Errorf("dev runs %q after the rollback", got)
	}
	es := a.audit()
	if !hasEvent(es, func(e auditEvent) bool {
		return e.Action == "comment" && e.Principal == forgeKind+":ann" && e.Target == "acme/infra#7: trueup rollback dev" && e.Outcome == "ok" &&
			strings.Contains(e.Detail, "rolled back web 2.1.0 in dev")
	}) {
		t.Errorf("the audit trail lacks ann's rollback: %+v", es)
	}
	if !hasEvent(es, func(e auditEvent) bool { return e.Principal == forgeKind+":rita" && e.Outcome == "denied" }) {
		t.Errorf("the audit trail lacks rita's refused rollback: %+v", es)
	}

	// The build rolled back stays out; a second rollback finds nothing.
	if p := a.promote()["dev"]; p.State != "waiting" || !strings.Contains(p.Waiting, "2.1.0 was rolled back from dev") {
		t.Errorf("dev after the rollback: %+v", p)
	}
	f.comment(t, a.url, r.url(), 204, "ann", "trueup rollback dev")
	waitReactions(204, f.seen, f.refused)
	// The one reply comment is edited in place.
	waitReply("the reply to a second rollback", "stage dev was not rolled back: no promotion to roll back")
	if got := r.git(r.origin, "rev-parse", "main"); got != revert {
		t.Errorf("main moved after the rollback: %s → %s", revert, got)
	}
}
