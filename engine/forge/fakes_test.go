package forge

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

// fakeForge is the state an httptest forge keeps: comments per pull
// request, statuses and issues received, and every request's credentials.
type fakeForge struct {
	mu       sync.Mutex
	token    string
	nextID   int64
	comments map[string][]*fakeComment // "repo#number" → oldest first
	statuses []fakeStatus
	issues   []fakeIssue
	requests []fakeRequest
	// failures is how many 500 answers are still to be sent, per route
	// ("POST comments", "PATCH comment", "GET comments", "POST status", ...).
	failures map[string]int
	// cmd holds the comment-command endpoints' state (fakecommands_test.go).
	cmd *fakeCommandState
}

type fakeComment struct {
	ID     int64
	Body   string
	System bool
}

type fakeStatus struct {
	Repo, SHA string
	Fields    map[string]string
}

type fakeIssue struct{ Repo, Title, Body string }

type fakeRequest struct{ Method, Path, Query, Authorization, PrivateToken string }

func newFakeForge(token string) *fakeForge {
	return &fakeForge{token: token, nextID: 1000, comments: map[string][]*fakeComment{}, failures: map[string]int{}}
}

func key(repo string, number int) string { return repo + "#" + strconv.Itoa(number) }

// seed adds a comment as someone else wrote it.
func (f *fakeForge) seed(repo string, number int, body string, system bool) int64 {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.nextID++
	f.comments[key(repo, number)] = append(f.comments[key(repo, number)], &fakeComment{ID: f.nextID, Body: body, System: system})
	return f.nextID
}

// withMarker returns the comments of a pull request whose body holds marker.
func (f *fakeForge) withMarker(repo string, number int, marker string) []fakeComment {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []fakeComment
	for _, c := range f.comments[key(repo, number)] {
		if strings.Contains(c.Body, marker) {
			out = append(out, *c)
		}
	}
	return out
}

func (f *fakeForge) count(repo string, number int) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.comments[key(repo, number)])
}

func (f *fakeForge) failNext(route string, n int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.failures[route] = n
}

// admit records r and decides whether to answer it with an error.
func (f *fakeForge) admit(w http.ResponseWriter, r *http.Request, route, authorized string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.requests = append(f.requests, fakeRequest{
		Method: r.Method, Path: r.URL.EscapedPath(), Query: r.URL.RawQuery,
		Authorization: r.Header.Get("Authorization"), PrivateToken: r.Header.Get("PRIVATE-TOKEN"),
	})
	if authorized != f.token {
		// Servers sometimes echo what they were sent: the client must
		// not pass it on.
		writeJSON(w, http.StatusUnauthorized, map[string]string{"message": "401 Bad credentials: " + authorized})
		return false
	}
	if f.failures[route] > 0 {
		f.failures[route]--
		writeJSON(w, http.StatusInternalServerError, map[string]string{"message": "injected failure"})
		return false
	}
	return true
}

func (f *fakeForge) create(repo string, number int, body string) *fakeComment {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.nextID++
	c := &fakeComment{ID: f.nextID, Body: body}
	f.comments[key(repo, number)] = append(f.comments[key(repo, number)], c)
	return c
}

// edit changes or (body == nil) deletes comment id; false when not found.
func (f *fakeForge) edit(id int64, body *string) (*fakeComment, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for k, cs := range f.comments {
		for i, c := range cs {
			if c.ID != id {
				continue
			}
			if body == nil {
				f.comments[k] = slices.Delete(cs, i, i+1)
				return nil, true
			}
			c.Body = *body
			return c, true
		}
	}
	return nil, false
}

// page returns one page (1-based) of a pull request's comments and the
// number of pages.
func (f *fakeForge) page(repo string, number, page, perPage int) ([]fakeComment, int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	all := f.comments[key(repo, number)]
	pages := max(1, (len(all)+perPage-1)/perPage)
	var out []fakeComment
	for i := (page - 1) * perPage; i < len(all) && i < page*perPage; i++ {
		out = append(out, *all[i])
	}
	return out, pages
}

func (f *fakeForge) addStatus(s fakeStatus) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.statuses = append(f.statuses, s)
}

func (f *fakeForge) addIssue(i fakeIssue) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.issues = append(f.issues, i)
}

func (f *fakeForge) recorded() []fakeRequest {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.requests)
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v)
}

func readJSON(t *testing.T, r *http.Request) map[string]string {
	m := map[string]string{}
	if err := json.NewDecoder(r.Body).Decode(&m); err != nil {
		t.Errorf("fake forge: %s %s: body is not a JSON object of strings: %v", r.Method, r.URL.Path, err)
	}
	return m
}

func pageParams(r *http.Request) (page, perPage int) {
	page, _ = strconv.Atoi(r.URL.Query().Get("page"))
	perPage, _ = strconv.Atoi(r.URL.Query().Get("per_page"))
	if page < 1 {
		page = 1
	}
	if perPage < 1 || perPage > 100 {
		perPage = 20 // both forges' default
	}
	return page, perPage
}

// startServer serves h on 127.0.0.1 for the test.
func startServer(t *testing.T, h http.Handler) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

func pageURL(r *http.Request, page, perPage int) string {
	q := r.URL.Query()
	q.Set("page", strconv.Itoa(page))
	q.Set("per_page", strconv.Itoa(perPage))
	return fmt.Sprintf("http://%s%s?%s", r.Host, r.URL.EscapedPath(), q.Encode())
}
