package e2e

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// fakeGitLab implements the GitLab REST v4 endpoints the forge client uses
// (merge request notes list/create/update/delete, commit statuses, issues)
// and records the resulting world: the notes on each merge request, the
// statuses of each commit, the issues opened. Like GitLab it addresses
// projects by their URL-encoded path (acme%2Finfra), authenticates with the
// PRIVATE-TOKEN header, lists notes newest first unless sort=asc, pages
// them (pageSize per page at most, so that a handful of notes spans pages)
// with X-Next-Page and Link headers, and refuses an invalid status state or
// a status set again to the state it is in. Requests it refuses are
// recorded in rejected.
type fakeGitLab struct {
	srv      *httptest.Server
	pageSize int

	mu       sync.Mutex
	nextID   int64
	notes    map[mrKey][]*glNote
	edits    int
	statuses map[string][]glStatus // sha → statuses in order received
	issues   []glIssue
	badAuth  int
	rejected []string
	// cmds is what comment commands need (fakegitlab_commands_test.go).
	cmds glCommands
}

type mrKey struct {
	project string
	iid     int
}

type glNote struct {
	ID     int64  `json:"id"`
	Body   string `json:"body"`
	System bool   `json:"system"`
}

type glStatus struct {
	Project     string `json:"-"`
	State       string `json:"state"`
	Name        string `json:"name"`
	Description string `json:"description"`
	TargetURL   string `json:"target_url"`
}

type glIssue struct {
	Project     string `json:"-"`
	Title       string `json:"title"`
	Description string `json:"description"`
}

func newFakeGitLab(t *testing.T) *fakeGitLab {
	f := &fakeGitLab{pageSize: 2, nextID: 500, notes: map[mrKey][]*glNote{}, statuses: map[string][]glStatus{}}
	mux := http.NewServeMux()
	const p = "/api/v4/projects/{project}"
	mux.HandleFunc("GET "+p+"/merge_requests/{iid}/notes", f.listNotes)
	mux.HandleFunc("POST "+p+"/merge_requests/{iid}/notes", f.createNote)
	mux.HandleFunc("PUT "+p+"/merge_requests/{iid}/notes/{id}", f.editNote)
	mux.HandleFunc("DELETE "+p+"/merge_requests/{iid}/notes/{id}", f.deleteNote)
	mux.HandleFunc("POST "+p+"/statuses/{sha}", f.createStatus)
	mux.HandleFunc("POST "+p+"/issues", f.createIssue)
	f.commandRoutes(mux, p)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		f.reject(w, http.StatusNotFound, r.Method+" "+r.URL.EscapedPath(), "404 Not Found")
	})
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("PRIVATE-TOKEN") != forgeToken {
			f.mu.Lock()
			f.badAuth++
			f.mu.Unlock()
			writeJSON(w, http.StatusUnauthorized, map[string]string{"message": "401 Unauthorized"})
			return
		}
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(f.srv.Close)
	return f
}

// reject answers an error as GitLab would and records the request.
func (f *fakeGitLab) reject(w http.ResponseWriter, code int, what, msg string) {
	f.mu.Lock()
	f.rejected = append(f.rejected, fmt.Sprintf("%s: %d %s", what, code, msg))
	f.mu.Unlock()
	writeJSON(w, code, map[string]string{"message": msg})
}

// mr names the merge request a request addresses.
func mr(r *http.Request) mrKey {
	n, _ := strconv.Atoi(r.PathValue("iid"))
	return mrKey{project: r.PathValue("project"), iid: n}
}

// seedNotes adds n notes by people and one system note to a merge request,
// as a discussion before trueup comments would leave.
func (f *fakeGitLab) seedNotes(project string, iid, n int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	k := mrKey{project, iid}
	for i := range n {
		f.nextID++
		f.notes[k] = append(f.notes[k], &glNote{ID: f.nextID, Body: fmt.Sprintf("review remark %d", i+1)})
	}
	f.nextID++
	f.notes[k] = append(f.notes[k], &glNote{ID: f.nextID, Body: "added 1 commit", System: true})
}

func (f *fakeGitLab) listNotes(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	page, _ := strconv.Atoi(q.Get("page"))
	page = max(page, 1)
	per, _ := strconv.Atoi(q.Get("per_page"))
	if per <= 0 || per > f.pageSize {
		per = f.pageSize
	}
	f.mu.Lock()
	all := []glNote{}
	for _, n := range f.notes[mr(r)] {
		all = append(all, *n)
	}
	f.mu.Unlock()
	if q.Get("sort") != "asc" {
		slices.Reverse(all)
	}
	pages := max((len(all)+per-1)/per, 1)
	from, to := min((page-1)*per, len(all)), min(page*per, len(all))
	h := w.Header()
	h.Set("X-Page", strconv.Itoa(page))
	h.Set("X-Per-Page", strconv.Itoa(per))
	h.Set("X-Total", strconv.Itoa(len(all)))
	h.Set("X-Total-Pages", strconv.Itoa(pages))
	h.Set("X-Next-Page", "")
	if page < pages {
		h.Set("X-Next-Page", strconv.Itoa(page+1))
		next := *r.URL
		nq := next.Query()
		nq.Set("page", strconv.Itoa(page+1))
		next.RawQuery = nq.Encode()
		h.Set("Link", fmt.Sprintf(`<%s%s>; rel="next"`, f.srv.URL, next.RequestURI()))
	}
	writeJSON(w, http.StatusOK, all[from:to])
}

func (f *fakeGitLab) createNote(w http.ResponseWriter, r *http.Request) {
	var n glNote
	if json.NewDecoder(r.Body).Decode(&n) != nil || n.Body == "" {
		f.reject(w, http.StatusBadRequest, "create note", "body is missing")
		return
	}
	f.mu.Lock()
	f.nextID++
	n.ID = f.nextID
	f.notes[mr(r)] = append(f.notes[mr(r)], &n)
	f.mu.Unlock()
	writeJSON(w, http.StatusCreated, n)
}

func (f *fakeGitLab) editNote(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	var in glNote
	if json.NewDecoder(r.Body).Decode(&in) != nil || in.Body == "" {
		f.reject(w, http.StatusBadRequest, "edit note", "body is missing")
		return
	}
	f.mu.Lock()
	for _, n := range f.notes[mr(r)] {
		if n.ID == id && !n.System {
			n.Body = in.Body
			f.edits++
			out := *n
			f.mu.Unlock()
			writeJSON(w, http.StatusOK, out)
			return
		}
	}
	f.mu.Unlock()
	f.reject(w, http.StatusNotFound, "edit note "+r.PathValue("id"), "404 Note Not Found")
}

func (f *fakeGitLab) deleteNote(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	f.mu.Lock()
	ns := f.notes[mr(r)]
	for i, n := range ns {
		if n.ID == id {
			f.notes[mr(r)] = slices.Delete(ns, i, i+1)
			f.mu.Unlock()
			w.WriteHeader(http.StatusNoContent)
			return
		}
	}
	f.mu.Unlock()
	f.reject(w, http.StatusNotFound, "delete note "+r.PathValue("id"), "404 Note Not Found")
}

func (f *fakeGitLab) createStatus(w http.ResponseWriter, r *http.Request) {
	var s glStatus
	json.NewDecoder(r.Body).Decode(&s)
	s.Project = r.PathValue("project")
	sha := r.PathValue("sha")
	switch s.State {
	case "pending", "running", "success", "failed", "canceled":
	default:
		f.reject(w, http.StatusBadRequest, "status "+s.State, "state does not have a valid value")
		return
	}
	f.mu.Lock()
	if last, ok := f.lastStatusLocked(sha, s.Name); ok && last.State == s.State && (s.State == "pending" || s.State == "running") {
		f.mu.Unlock()
		f.reject(w, http.StatusBadRequest, "status "+s.State, fmt.Sprintf("Cannot transition status via :%s from :%s", s.State, last.State))
		return
	}
	f.statuses[sha] = append(f.statuses[sha], s)
	f.mu.Unlock()
	writeJSON(w, http.StatusCreated, s)
}

func (f *fakeGitLab) createIssue(w http.ResponseWriter, r *http.Request) {
	var is glIssue
	json.NewDecoder(r.Body).Decode(&is)
	is.Project = r.PathValue("project")
	f.mu.Lock()
	f.issues = append(f.issues, is)
	n := len(f.issues)
	f.mu.Unlock()
	writeJSON(w, http.StatusCreated, map[string]any{"iid": n, "title": is.Title})
}

// mrNotes returns copies of the notes on a merge request, oldest first.
func (f *fakeGitLab) mrNotes(project string, iid int) []glNote {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []glNote
	for _, n := range f.notes[mrKey{project, iid}] {
		out = append(out, *n)
	}
	return out
}

// statusStates returns the states a commit's status name went through.
func (f *fakeGitLab) statusStates(sha, name string) []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for _, s := range f.statuses[sha] {
		if s.Name == name {
			out = append(out, s.State)
		}
	}
	return out
}

// lastStatus returns the latest status of a commit under a name.
func (f *fakeGitLab) lastStatus(sha, name string) (glStatus, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.lastStatusLocked(sha, name)
}

func (f *fakeGitLab) lastStatusLocked(sha, name string) (glStatus, bool) {
	ss := f.statuses[sha]
	for i := len(ss) - 1; i >= 0; i-- {
		if ss[i].Name == name {
			return ss[i], true
		}
	}
	return glStatus{}, false
}

// trouble reports the requests refused for bad credentials or as GitLab
// would refuse them; a correct client causes none.
func (f *fakeGitLab) trouble() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := slices.Clone(f.rejected)
	if f.badAuth > 0 {
		out = append(out, fmt.Sprintf("%d requests without the right PRIVATE-TOKEN", f.badAuth))
	}
	return out
}

// gitlabForgeBlock configures the fake as the agent's GitLab forge; apiURL
// is the instance URL or its /api/v4 root, both of which GitLab users write.
func gitlabForgeBlock(apiURL string) string {
	return fmt.Sprintf("forge \"gitlab\" {\n  api_url = %q\n  token_env = \"E2E_GH_TOKEN\"\n  webhook_secret_env = \"E2E_GH_SECRET\"\n}\n", apiURL)
}

// sendGitLabEvent posts a webhook delivery of kind event ("Push Hook",
// "Merge Request Hook") with X-Gitlab-Token set to token unless it is
// empty, and returns the status code.
func sendGitLabEvent(t *testing.T, agentURL, event string, payload any, token string) int {
	t.Helper()
	body, err := json.Marshal(payload)
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodPost, agentURL+"/hooks/gitlab", strings.NewReader(string(body)))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Gitlab-Event", event)
	req.Header.Set("X-Gitlab-Event-UUID", "e2e-"+strings.ReplaceAll(strings.ToLower(event), " ", "-"))
	if token != "" {
		req.Header.Set("X-Gitlab-Token", token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// glProjectPath is the project the GitLab tests' repository lives at.
const glProjectPath = "acme/infra"

// glProjectPayload is the project object of a delivery for the repository
// cloned from url.
func glProjectPayload(url string) map[string]any {
	return map[string]any{
		"name": "infra", "path_with_namespace": glProjectPath, "default_branch": "main",
		"web_url": "https://gitlab.example.com/acme/infra", "git_http_url": url,
		"git_ssh_url": "git@gitlab.example.com:acme/infra.git",
	}
}

// mrPayload is a Merge Request Hook delivery: action "open", or "update"
// with oldrev (the previous head) when commits were pushed.
func mrPayload(url, action string, iid int, head, oldrev string) map[string]any {
	attrs := map[string]any{
		"iid": iid, "title": "Change the greeting", "state": "opened", "action": action,
		"source_branch": "feature", "target_branch": "main",
		"last_commit": map[string]any{"id": head, "message": "change"},
	}
	if oldrev != "" {
		attrs["oldrev"] = oldrev
	}
	return map[string]any{
		"object_kind": "merge_request", "event_type": "merge_request",
		"user":              map[string]any{"name": "Ann Author", "username": "ann"},
		"project":           glProjectPayload(url),
		"repository":        map[string]any{"name": "infra", "url": "git@gitlab.example.com:acme/infra.git", "homepage": "https://gitlab.example.com/acme/infra"},
		"object_attributes": attrs,
	}
}

// glPushPayload is a Push Hook delivery of the commit after to branch.
func glPushPayload(url, branch, before, after, message string, modified []string) map[string]any {
	return map[string]any{
		"object_kind": "push", "event_name": "push", "ref": "refs/heads/" + branch,
		"before": before, "after": after, "checkout_sha": after,
		"user_name": "Ann Author", "user_username": "ann",
		"project":    glProjectPayload(url),
		"repository": map[string]any{"name": "infra", "url": "git@gitlab.example.com:acme/infra.git", "homepage": "https://gitlab.example.com/acme/infra"},
		"commits": []map[string]any{{
			"id": after, "message": message, "added": []string{}, "modified": modified, "removed": []string{},
			"author": map[string]any{"name": "Ann Author", "email": "ann@example.com"},
		}},
		"total_commits_count": 1,
	}
}
