package forge

import (
	"net/http"
	"strconv"
	"testing"
)

// fakeCommandState is what the fake forges keep for comment commands:
// users' access levels (in the forge's own terms), pull requests, and the
// reactions received.
type fakeCommandState struct {
	access    map[string]string // user → GitHub permission or GitLab access level
	prs       map[string]fakePR // "repo#number"
	reactions []fakeReaction
}

type fakePR struct {
	Head, Base, BaseBranch, Author, State string
	Mergeable                             bool
	// Reviews are (user, state) in the order given, GitHub's way; GitLab
	// counts the users of APPROVED ones as approvers.
	Reviews [][2]string
}

type fakeReaction struct {
	Repo      string
	CommentID int64
	Name      string
}

func (f *fakeForge) commands() *fakeCommandState {
	if f.cmd == nil {
		f.cmd = &fakeCommandState{access: map[string]string{}, prs: map[string]fakePR{}}
	}
	return f.cmd
}

func (f *fakeForge) setAccess(user, level string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.commands().access[user] = level
}

func (f *fakeForge) setPR(repo string, number int, pr fakePR) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.commands().prs[key(repo, number)] = pr
}

func (f *fakeForge) reactionsReceived() []fakeReaction {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]fakeReaction(nil), f.commands().reactions...)
}

func (f *fakeForge) react(repo string, id int64, name string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.commands().reactions = append(f.commands().reactions, fakeReaction{Repo: repo, CommentID: id, Name: name})
}

func (f *fakeForge) lookup(user string) (string, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	l, ok := f.commands().access[user]
	return l, ok
}

func (f *fakeForge) pr(repo string, number int) (fakePR, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	p, ok := f.commands().prs[key(repo, number)]
	return p, ok
}

// addGitHubCommandRoutes serves the permission, reaction and pull-request
// endpoints of GitHub's REST API.
func addGitHubCommandRoutes(t *testing.T, mux *http.ServeMux, f *fakeForge, auth func(*http.Request) string) {
	repo := func(r *http.Request) string { return r.PathValue("owner") + "/" + r.PathValue("repo") }
	mux.HandleFunc("GET /api/v3/repos/{owner}/{repo}/collaborators/{user}/permission", func(w http.ResponseWriter, r *http.Request) {
		if !f.admit(w, r, "GET permission", auth(r)) {
			return
		}
		level, ok := f.lookup(r.PathValue("user"))
		if !ok {
			writeJSON(w, http.StatusNotFound, map[string]string{"message": "Not Found"})
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{"permission": level, "user": map[string]string{"login": r.PathValue("user")}})
	})
	mux.HandleFunc("POST /api/v3/repos/{owner}/{repo}/issues/comments/{id}/reactions", func(w http.ResponseWriter, r *http.Request) {
		if !f.admit(w, r, "POST reaction", auth(r)) {
			return
		}
		id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
		in := readJSON(t, r)
		f.react(repo(r), id, in["content"])
		writeJSON(w, http.StatusCreated, map[string]any{"id": 1, "content": in["content"]})
	})
	mux.HandleFunc("GET /api/v3/repos/{owner}/{repo}/pulls/{number}", func(w http.ResponseWriter, r *http.Request) {
		if !f.admit(w, r, "GET pull", auth(r)) {
			return
		}
		n, _ := strconv.Atoi(r.PathValue("number"))
		p, ok := f.pr(repo(r), n)
		if !ok {
			writeJSON(w, http.StatusNotFound, map[string]string{"message": "Not Found"})
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{"number": n, "state": p.State, "title": "t", "mergeable": p.Mergeable,
			"user": map[string]string{"login": p.Author},
			"head": map[string]string{"sha": p.Head}, "base": map[string]string{"sha": p.Base, "ref": p.BaseBranch}})
	})
}

func addGitHubReviewRoutes(mux *http.ServeMux, f *fakeForge, auth func(*http.Request) string) {
	repo := func(r *http.Request) string { return r.PathValue("owner") + "/" + r.PathValue("repo") }
	mux.HandleFunc("GET /api/v3/repos/{owner}/{repo}/pulls/{number}/reviews", func(w http.ResponseWriter, r *http.Request) {
		if !f.admit(w, r, "GET reviews", auth(r)) {
			return
		}
		n, _ := strconv.Atoi(r.PathValue("number"))
		p, _ := f.pr(repo(r), n)
		out := []any{}
		for i, rv := range p.Reviews {
			out = append(out, map[string]any{"id": i + 1, "state": rv[1], "user": map[string]string{"login": rv[0]}})
		}
		writeJSON(w, http.StatusOK, out)
	})
}

// addGitLabCommandRoutes serves the user, member, award emoji and merge
// request endpoints of GitLab's REST API v4.
func addGitLabCommandRoutes(t *testing.T, mux *http.ServeMux, f *fakeForge, auth func(*http.Request) string, project func(*http.Request) string) {
	userIDs := map[string]int{}
	mux.HandleFunc("GET /api/v4/users", func(w http.ResponseWriter, r *http.Request) {
		if !f.admit(w, r, "GET users", auth(r)) {
			return
		}
		name := r.URL.Query().Get("username")
		if _, ok := f.lookup(name); !ok && name != "nobody-member" {
			writeJSON(w, http.StatusOK, []any{})
			return
		}
		f.mu.Lock()
		if userIDs[name] == 0 {
			userIDs[name] = len(userIDs) + 100
		}
		id := userIDs[name]
		f.mu.Unlock()
		writeJSON(w, http.StatusOK, []any{map[string]any{"id": id, "username": name}})
	})
	mux.HandleFunc("GET /api/v4/projects/{project}/members/all/{user}", func(w http.ResponseWriter, r *http.Request) {
		if !f.admit(w, r, "GET member", auth(r)) {
			return
		}
		id, _ := strconv.Atoi(r.PathValue("user"))
		f.mu.Lock()
		name := ""
		for n, i := range userIDs {
			if i == id {
				name = n
			}
		}
		f.mu.Unlock()
		level, ok := f.lookup(name)
		if !ok {
			writeJSON(w, http.StatusNotFound, map[string]string{"message": "404 Not found"})
			return
		}
		n, _ := strconv.Atoi(level)
		writeJSON(w, http.StatusOK, map[string]any{"id": id, "username": name, "access_level": n})
	})
	mux.HandleFunc("POST /api/v4/projects/{project}/merge_requests/{iid}/notes/{note}/award_emoji", func(w http.ResponseWriter, r *http.Request) {
		if !f.admit(w, r, "POST award", auth(r)) {
			return
		}
		id, _ := strconv.ParseInt(r.PathValue("note"), 10, 64)
		in := readJSON(t, r)
		f.react(project(r), id, in["name"])
		writeJSON(w, http.StatusCreated, map[string]any{"id": 1, "name": in["name"]})
	})
	mux.HandleFunc("GET /api/v4/projects/{project}/merge_requests/{iid}/approvals", func(w http.ResponseWriter, r *http.Request) {
		if !f.admit(w, r, "GET approvals", auth(r)) {
			return
		}
		n, _ := strconv.Atoi(r.PathValue("iid"))
		p, _ := f.pr(project(r), n)
		by := []any{}
		for _, rv := range p.Reviews {
			if rv[1] == "APPROVED" {
				by = append(by, map[string]any{"user": map[string]string{"username": rv[0]}})
			}
		}
		writeJSON(w, http.StatusOK, map[string]any{"iid": n, "approved": len(by) > 0, "approved_by": by})
	})
	mux.HandleFunc("GET /api/v4/projects/{project}/merge_requests/{iid}", func(w http.ResponseWriter, r *http.Request) {
		if !f.admit(w, r, "GET merge request", auth(r)) {
			return
		}
		n, _ := strconv.Atoi(r.PathValue("iid"))
		p, ok := f.pr(project(r), n)
		if !ok {
			writeJSON(w, http.StatusNotFound, map[string]string{"message": "404 Not found"})
			return
		}
		status := "not_approved"
		if p.Mergeable {
			status = "mergeable"
		}
		writeJSON(w, http.StatusOK, map[string]any{"iid": n, "state": p.State, "title": "t", "sha": p.Head, "detailed_merge_status": status,
			"target_branch": p.BaseBranch, "author": map[string]string{"username": p.Author},
			"diff_refs": map[string]string{"base_sha": p.Base, "head_sha": p.Head}})
	})
}
