package agent

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/trueup/trueup/engine/agent/auth"
	"github.com/trueup/trueup/engine/agent/config"
	"github.com/trueup/trueup/engine/agent/store"
	"github.com/trueup/trueup/engine/forge"
)

// Pull-request locks, as Atlantis has them: a stack planned by an open
// pull request is locked to it, so that two pull requests cannot plan and
// apply one stack against each other. Another pull request touching the
// stack is told who holds it and gets no plan. The lock goes when the
// pull request is merged or closed, on `trueup unlock`, or from the
// dashboard and `DELETE /api/locks/{stack}`. Pushes to the stack's branch
// are not held back: the branch is the truth the lock protects.

// lockForPR locks stack s to the pull request of ev for user. When
// another pull request holds it, it says so on this one (the stack's
// comment and a failed commit status) and returns false.
func (a *Agent) lockForPR(ctx context.Context, s *config.Stack, forgeKind string, ev *forge.Event, user string) bool {
	want := &store.Lock{Stack: s.Name, Forge: forgeKind, Repo: ev.RepoFullName, PR: ev.Number,
		URL: pullRequestURL(forgeKind, ev), User: user, Since: time.Now().UTC()}
	held, ok, err := a.store.LockStack(want)
	if err != nil {
		// A lock that cannot be recorded must not stop plans: say so.
		a.log.Warn("could not lock the stack to the pull request", "stack", s.Name, "pr", ev.Number, "error", err)
		return true
	}
	if ok {
		return true
	}
	a.log.Info("stack locked by another pull request: not planned", "stack", s.Name, "pr", ev.Number, "holder", held.PR)
	f := a.forges[forgeKind]
	if f == nil || ev.RepoFullName == "" {
		return false
	}
	marker := Marker(s.Name)
	body := fmt.Sprintf("%s\n### trueup: `%s` is locked\n\n%s\n\ntrueup did not plan it for this pull request, and will not apply it from here. "+
		"The lock is released when that pull request is merged or closed, when someone comments `trueup unlock` on it, "+
		"or from the dashboard; then push again or comment `trueup plan`.\n", marker, s.Name, lockHolder(held))
	if err := f.UpsertComment(ctx, ev.RepoFullName, ev.Number, marker, a.redact.text(body)); err != nil {
		a.log.Warn("could not comment the lock on the pull request", "error", a.redact.text(err.Error()))
	}
	if ev.HeadSHA != "" {
		st := forge.Status{State: forge.StateFailure, Context: StatusContext(s.Name),
			Description: fmt.Sprintf("locked by pull request %s", prRef(held)), TargetURL: a.conf().Server.PublicURL}
		if err := f.SetStatus(ctx, ev.RepoFullName, ev.HeadSHA, st); err != nil {
			a.log.Warn("could not set the commit status", "error", a.redact.text(err.Error()))
		}
	}
	return false
}

// lockHolder says who holds l, for comments and replies.
func lockHolder(l *store.Lock) string {
	return fmt.Sprintf("Stack `%s` is locked by pull request %s, planned by @%s, since %s.",
		l.Stack, prLink(l), l.User, l.Since.UTC().Format("2006-01-02 15:04 UTC"))
}

// prRef names the lock's pull request: "#7", or "acme/app#7" when the
// repository is not the one being talked about.
func prRef(l *store.Lock) string {
	return fmt.Sprintf("%s#%d", l.Repo, l.PR)
}

// prLink is prRef linked to the pull request when its address is known.
func prLink(l *store.Lock) string {
	if l.URL == "" {
		return prRef(l)
	}
	return fmt.Sprintf("[%s](%s)", prRef(l), l.URL)
}

// pullRequestURL is the pull request's web address, from the repository's
// web address in the event ("" when the event has none).
func pullRequestURL(forgeKind string, ev *forge.Event) string {
	for _, u := range ev.RepoURLs {
		if !strings.HasPrefix(u, "http") || strings.HasSuffix(u, ".git") {
			continue
		}
		u = strings.TrimSuffix(u, "/")
		if forgeKind == config.GitLab {
			return fmt.Sprintf("%s/-/merge_requests/%d", u, ev.Number)
		}
		return fmt.Sprintf("%s/pull/%d", u, ev.Number)
	}
	return ""
}

// checkPRLock is the lock check of an apply from pull request ev: the
// stack must be locked to it (it is locked now when nobody holds it).
// It returns why not, or "".
func (a *Agent) checkPRLock(s *config.Stack, forgeKind string, ev *forge.Event) string {
	want := &store.Lock{Stack: s.Name, Forge: forgeKind, Repo: ev.RepoFullName, PR: ev.Number,
		URL: pullRequestURL(forgeKind, ev), User: ev.Author, Since: time.Now().UTC()}
	held, ok, err := a.store.LockStack(want)
	switch {
	case err != nil:
		return "its lock could not be checked: " + err.Error()
	case !ok:
		return lockHolder(held)
	}
	return ""
}

// releasePR releases the locks of a pull request that was merged or
// closed.
func (a *Agent) releasePR(forgeKind string, ev *forge.Event) []string {
	gone, err := a.store.UnlockPR(forgeKind, ev.RepoFullName, ev.Number)
	if err != nil {
		a.log.Warn("could not release the pull request's locks", "pr", ev.Number, "error", err)
		return nil
	}
	var names []string
	for _, l := range gone {
		names = append(names, l.Stack)
	}
	if len(names) > 0 {
		a.log.Info("pull request "+ev.Action+": locks released", "pr", ev.Number, "repo", ev.RepoFullName, "stacks", strings.Join(names, ","))
		p := &auth.Principal{Kind: auth.KindForge, Name: forgeKind + ":" + ev.Author}
		a.guard.Audit("", p, "unlock", fmt.Sprintf("%s#%d", ev.RepoFullName, ev.Number), "ok", "pull request "+ev.Action+": released "+strings.Join(names, ", "), 0)
	}
	return names
}

// commentUnlockCommand is `trueup unlock`: it releases every lock the
// pull request holds.
func (a *Agent) commentUnlockCommand(c *commentContext) {
	gone, err := a.store.UnlockPR(c.kind, c.ev.RepoFullName, c.ev.Number)
	if err != nil {
		c.audit("failed", err.Error())
		c.refuse(fmt.Sprintf("@%s: the locks could not be released: %v", c.ev.Author, err))
		return
	}
	if len(gone) == 0 {
		c.audit("ok", "no locks held")
		c.react(forge.ReactionOK)
		c.reply(fmt.Sprintf("@%s: this pull request holds no stack locks; nothing to unlock.", c.ev.Author))
		return
	}
	names := make([]string, 0, len(gone))
	for _, l := range gone {
		names = append(names, "`"+l.Stack+"`")
	}
	c.audit("ok", "released "+strings.Join(names, ", "))
	c.react(forge.ReactionOK)
	c.reply(fmt.Sprintf("@%s released the locks of %s: other pull requests may plan them now; this one's plans are discarded (comment `trueup plan` to lock them again).",
		c.ev.Author, strings.Join(names, ", ")))
}

// Locks returns the stacks' pull-request locks, for the dashboard and API.
func (a *Agent) Locks() ([]*store.Lock, error) { return a.store.Locks() }

// locksAPI serves GET /api/locks, DELETE /api/locks/{stack} (operate
// scope, audited) and the dashboard's unlock button.
func (a *Agent) locksAPI(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/locks", func(w http.ResponseWriter, r *http.Request) {
		locks, err := a.store.Locks()
		if err != nil {
			writeJSON(w, http.StatusInternalServerError, map[string]string{"error": err.Error()})
			return
		}
		if locks == nil {
			locks = []*store.Lock{}
		}
		writeJSON(w, http.StatusOK, map[string]any{"locks": locks})
	})
	mux.HandleFunc("DELETE /api/locks/{stack}", func(w http.ResponseWriter, r *http.Request) {
		l, err := a.unlockStack(r, r.PathValue("stack"))
		switch {
		case errors.Is(err, store.ErrLockNotFound):
			writeJSON(w, http.StatusNotFound, map[string]string{"error": "stack " + r.PathValue("stack") + " is not locked"})
		case err != nil:
			writeJSON(w, http.StatusInternalServerError, map[string]string{"error": err.Error()})
		default:
			writeJSON(w, http.StatusOK, map[string]any{"released": l})
		}
	})
	mux.HandleFunc("POST /locks/{stack}/unlock", func(w http.ResponseWriter, r *http.Request) {
		if _, err := a.unlockStack(r, r.PathValue("stack")); err != nil && !errors.Is(err, store.ErrLockNotFound) {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		http.Redirect(w, r, "/", http.StatusSeeOther)
	})
}

// unlockStack releases a stack's lock for the request's principal and
// records it in the audit trail.
func (a *Agent) unlockStack(r *http.Request, stack string) (*store.Lock, error) {
	p := auth.FromContext(r.Context())
	l, err := a.store.UnlockStack(stack)
	outcome, detail := "ok", ""
	switch {
	case errors.Is(err, store.ErrLockNotFound):
		outcome, detail = "failed", "not locked"
	case err != nil:
		outcome, detail = "failed", err.Error()
	default:
		detail = "was held by " + prRef(l) + " (@" + l.User + ")"
	}
	a.guard.Audit(auth.RemoteFromContext(r.Context()), p, "unlock", "stack/"+stack, outcome, detail, 0)
	return l, err
}
