package forge

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
)

// newFakeGitHub serves the GitHub REST endpoints the client uses, under
// /api/v3 as GitHub Enterprise Server does.
func newFakeGitHub(t *testing.T, f *fakeForge) http.Handler {
	mux := http.NewServeMux()
	auth := func(r *http.Request) string { return strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ") }
	repo := func(r *http.Request) string { return r.PathValue("owner") + "/" + r.PathValue("repo") }
	number := func(r *http.Request) int { n, _ := strconv.Atoi(r.PathValue("number")); return n }
	id := func(r *http.Request) int64 { n, _ := strconv.ParseInt(r.PathValue("id"), 10, 64); return n }
	toJSON := func(c *fakeComment) map[string]any { return map[string]any{"id": c.ID, "body": c.Body} }

	mux.HandleFunc("GET /api/v3/repos/{owner}/{repo}/issues/{number}/comments", func(w http.ResponseWriter, r *http.Request) {
		if !f.admit(w, r, "GET comments", auth(r)) {
			return
		}
		page, perPage := pageParams(r)
		cs, pages := f.page(repo(r), number(r), page, perPage)
		var links []string
		if page < pages {
			links = append(links, fmt.Sprintf(`<%s>; rel="next"`, pageURL(r, page+1, perPage)),
				fmt.Sprintf(`<%s>; rel="last"`, pageURL(r, pages, perPage)))
		}
		if page > 1 {
			links = append(links, fmt.Sprintf(`<%s>; rel="first"`, pageURL(r, 1, perPage)))
		}
		if len(links) > 0 {
			w.Header().Set("Link", strings.Join(links, ", "))
		}
		out := []map[string]any{}
		for i := range cs {
			out = append(out, toJSON(&cs[i]))
		}
		writeJSON(w, http.StatusOK, out)
	})
	mux.HandleFunc("POST /api/v3/repos/{owner}/{repo}/issues/{number}/comments", func(w http.ResponseWriter, r *http.Request) {
		if !f.admit(w, r, "POST comments", auth(r)) {
			return
		}
		writeJSON(w, http.StatusCreated, toJSON(f.create(repo(r), number(r), readJSON(t, r)["body"])))
	})
	mux.HandleFunc("PATCH /api/v3/repos/{owner}/{repo}/issues/comments/{id}", func(w http.ResponseWriter, r *http.Request) {
		if !f.admit(w, r, "PATCH comment", auth(r)) {
			return
		}
		body := readJSON(t, r)["body"]
		c, ok := f.edit(id(r), &body)
		if !ok {
			writeJSON(w, http.StatusNotFound, map[string]string{"message": "Not Found"})
			return
		}
		writeJSON(w, http.StatusOK, toJSON(c))
	})
	mux.HandleFunc("DELETE /api/v3/repos/{owner}/{repo}/issues/comments/{id}", func(w http.ResponseWriter, r *http.Request) {
		if !f.admit(w, r, "DELETE comment", auth(r)) {
			return
		}
		if _, ok := f.edit(id(r), nil); !ok {
			writeJSON(w, http.StatusNotFound, map[string]string{"message": "Not Found"})
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("POST /api/v3/repos/{owner}/{repo}/statuses/{sha}", func(w http.ResponseWriter, r *http.Request) {
		if !f.admit(w, r, "POST status", auth(r)) {
			return
		}
		fields := readJSON(t, r)
		f.addStatus(fakeStatus{Repo: repo(r), SHA: r.PathValue("sha"), Fields: fields})
		writeJSON(w, http.StatusCreated, fields)
	})
	mux.HandleFunc("POST /api/v3/repos/{owner}/{repo}/issues", func(w http.ResponseWriter, r *http.Request) {
		if !f.admit(w, r, "POST issue", auth(r)) {
			return
		}
		in := readJSON(t, r)
		f.addIssue(fakeIssue{Repo: repo(r), Title: in["title"], Body: in["body"]})
		writeJSON(w, http.StatusCreated, map[string]any{"number": 1, "title": in["title"]})
	})
	addGitHubCommandRoutes(t, mux, f, auth)
	addGitHubReviewRoutes(mux, f, auth)
	return mux
}
