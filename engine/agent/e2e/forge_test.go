package e2e

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// fakeGitHub implements the GitHub REST endpoints the forge client uses
// (issue comments list/create/update/delete, commit statuses, issues) on
// GitHub Enterprise paths, and records the resulting world: the comments
// on each pull request, the statuses of each commit, the issues opened.
type fakeGitHub struct {
	srv *httptest.Server

	mu       sync.Mutex
	nextID   int64
	comments map[int][]*ghComment // PR number → comments
	edits    int
	statuses map[string][]ghStatus // sha → statuses in order received
	issues   []ghIssue
	badAuth  int
	// Comment commands (fakecommands_test.go).
	permissions map[string]string
	pulls       map[int]ghPR
	reactions   []ghReaction
	// Pull requests opened by artifact promotion (artifacts_test.go).
	promoPulls []*ghPull
	// Teams, check runs and merges (fakerules_test.go).
	teams     map[string][]string
	checkRuns map[string][]ghCheckRun
	merges    []ghMerge
}

type ghComment struct {
	ID   int64  `json:"id"`
	Body string `json:"body"`
}

type ghStatus struct {
	State       string `json:"state"`
	Context     string `json:"context"`
	Description string `json:"description"`
	TargetURL   string `json:"target_url"`
}

type ghIssue struct {
	Title string `json:"title"`
	Body  string `json:"body"`
}

func newFakeGitHub(t *testing.T) *fakeGitHub {
	f := &fakeGitHub{nextID: 1000, comments: map[int][]*ghComment{}, statuses: map[string][]ghStatus{},
		permissions: map[string]string{}, pulls: map[int]ghPR{},
		teams: map[string][]string{}, checkRuns: map[string][]ghCheckRun{}}
	mux := http.NewServeMux()
	const p = "/api/v3/repos/{owner}/{repo}"
	mux.HandleFunc("GET "+p+"/issues/{n}/comments", f.listComments)
	mux.HandleFunc("POST "+p+"/issues/{n}/comments", f.createComment)
	mux.HandleFunc("PATCH "+p+"/issues/comments/{id}", f.editComment)
	mux.HandleFunc("DELETE "+p+"/issues/comments/{id}", f.deleteComment)
	mux.HandleFunc("POST "+p+"/statuses/{sha}", f.createStatus)
	mux.HandleFunc("POST "+p+"/issues", f.createIssue)
	f.commandRoutes(mux, p)
	f.ruleRoutes(mux, p)
	mux.HandleFunc("GET "+p+"/pulls", f.listPulls)
	mux.HandleFunc("POST "+p+"/pulls", f.createPull)
	mux.HandleFunc("PATCH "+p+"/pulls/{n}", f.editPull)
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer "+forgeToken {
			f.mu.Lock()
			f.badAuth++
			f.mu.Unlock()
			http.Error(w, `{"message":"Bad credentials"}`, http.StatusUnauthorized)
			return
		}
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeGitHub) apiURL() string { return f.srv.URL + "/api/v3/" }

func (f *fakeGitHub) listComments(w http.ResponseWriter, r *http.Request) {
	n, _ := strconv.Atoi(r.PathValue("n"))
	f.mu.Lock()
	out := []*ghComment{}
	for _, c := range f.comments[n] {
		out = append(out, &ghComment{ID: c.ID, Body: c.Body})
	}
	f.mu.Unlock()
	writeJSON(w, http.StatusOK, out)
}

func (f *fakeGitHub) createComment(w http.ResponseWriter, r *http.Request) {
	n, _ := strconv.Atoi(r.PathValue("n"))
	var c ghComment
	json.NewDecoder(r.Body).Decode(&c)
	f.mu.Lock()
	f.nextID++
	c.ID = f.nextID
	f.comments[n] = append(f.comments[n], &c)
	f.mu.Unlock()
	writeJSON(w, http.StatusCreated, c)
}

func (f *fakeGitHub) editComment(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	var body ghComment
	json.NewDecoder(r.Body).Decode(&body)
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, cs := range f.comments {
		for _, c := range cs {
			if c.ID == id {
				c.Body = body.Body
				f.edits++
				writeJSON(w, http.StatusOK, c)
				return
			}
		}
	}
	http.Error(w, `{"message":"Not Found"}`, http.StatusNotFound)
}

func (f *fakeGitHub) deleteComment(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	f.mu.Lock()
	defer f.mu.Unlock()
	for n, cs := range f.comments {
		for i, c := range cs {
			if c.ID == id {
				f.comments[n] = append(cs[:i], cs[i+1:]...)
				w.WriteHeader(http.StatusNoContent)
				return
			}
		}
	}
	http.Error(w, `{"message":"Not Found"}`, http.StatusNotFound)
}

func (f *fakeGitHub) createStatus(w http.ResponseWriter, r *http.Request) {
	var s ghStatus
	json.NewDecoder(r.Body).Decode(&s)
	f.mu.Lock()
	f.statuses[r.PathValue("sha")] = append(f.statuses[r.PathValue("sha")], s)
	f.mu.Unlock()
	writeJSON(w, http.StatusCreated, s)
}

func (f *fakeGitHub) createIssue(w http.ResponseWriter, r *http.Request) {
	var is ghIssue
	json.NewDecoder(r.Body).Decode(&is)
	f.mu.Lock()
	f.issues = append(f.issues, is)
	n := len(f.issues)
	f.mu.Unlock()
	writeJSON(w, http.StatusCreated, map[string]any{"number": n, "title": is.Title})
}

// prComments returns copies of the comments on a pull request.
func (f *fakeGitHub) prComments(n int) []ghComment {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []ghComment
	for _, c := range f.comments[n] {
		out = append(out, *c)
	}
	return out
}

// lastStatus returns the latest status of a commit in a context.
func (f *fakeGitHub) lastStatus(sha, context string) (ghStatus, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	ss := f.statuses[sha]
	for i := len(ss) - 1; i >= 0; i-- {
		if ss[i].Context == context {
			return ss[i], true
		}
	}
	return ghStatus{}, false
}

// statusCount counts the statuses a commit received in a context that
// satisfy keep.
func (f *fakeGitHub) statusCount(sha, context string, keep func(ghStatus) bool) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, s := range f.statuses[sha] {
		if s.Context == context && keep(s) {
			n++
		}
	}
	return n
}

func (f *fakeGitHub) issueList() []ghIssue {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]ghIssue(nil), f.issues...)
}

// receiver is a chat webhook receiving Slack-compatible notifications.
type receiver struct {
	srv  *httptest.Server
	mu   sync.Mutex
	msgs []string
}

func newReceiver(t *testing.T) *receiver {
	rc := &receiver{}
	rc.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var m struct {
			Text string `json:"text"`
		}
		b, _ := io.ReadAll(r.Body)
		json.Unmarshal(b, &m)
		rc.mu.Lock()
		rc.msgs = append(rc.msgs, m.Text)
		rc.mu.Unlock()
		w.Write([]byte("ok"))
	}))
	t.Cleanup(rc.srv.Close)
	return rc
}

func (rc *receiver) messages() []string {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]string(nil), rc.msgs...)
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(v)
}

// sendGitHubEvent posts a webhook delivery, signed with secret unless it
// is empty, and returns the status code.
func sendGitHubEvent(t *testing.T, agentURL, event string, payload any, secret string) int {
	t.Helper()
	body, err := json.Marshal(payload)
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodPost, agentURL+"/hooks/github", strings.NewReader(string(body)))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-GitHub-Event", event)
	req.Header.Set("X-GitHub-Delivery", fmt.Sprintf("e2e-%s", event))
	if secret != "" {
		mac := hmac.New(sha256.New, []byte(secret))
		mac.Write(body)
		req.Header.Set("X-Hub-Signature-256", "sha256="+hex.EncodeToString(mac.Sum(nil)))
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// prPayload is a GitHub pull_request delivery for the repository at url.
func prPayload(url, action string, number int, headSHA, baseSHA string) map[string]any {
	return map[string]any{
		"action": action, "number": number,
		"repository": map[string]any{"full_name": "acme/infra", "clone_url": url, "html_url": "https://github.example.com/acme/infra"},
		"sender":     map[string]any{"login": "ann"},
		"pull_request": map[string]any{
			"number": number, "title": "Change the greeting", "user": map[string]any{"login": "ann"},
			"head": map[string]any{"ref": "feature", "sha": headSHA},
			"base": map[string]any{"ref": "main", "sha": baseSHA},
		},
	}
}
