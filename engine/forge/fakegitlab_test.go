package forge

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
)

// newFakeGitLab serves the GitLab REST API v4 endpoints the client uses.
// Projects are addressed by their URL-encoded path, as in
// /projects/group%2Fproject/...
func newFakeGitLab(t *testing.T, f *fakeForge) http.Handler {
	mux := http.NewServeMux()
	auth := func(r *http.Request) string { return r.Header.Get("PRIVATE-TOKEN") }
	// project reads the project segment, which must arrive encoded.
	project := func(r *http.Request) string {
		seg := strings.Split(r.URL.EscapedPath(), "/")[4]
		if strings.Contains(r.PathValue("project"), "/") && !strings.Contains(seg, "%2F") {
			t.Errorf("fake gitlab: project path %q was not URL-encoded as one segment", seg)
		}
		return r.PathValue("project")
	}
	iid := func(r *http.Request) int { n, _ := strconv.Atoi(r.PathValue("iid")); return n }
	note := func(r *http.Request) int64 { n, _ := strconv.ParseInt(r.PathValue("note"), 10, 64); return n }
	toJSON := func(c *fakeComment) map[string]any {
		return map[string]any{"id": c.ID, "body": c.Body, "system": c.System, "noteable_type": "MergeRequest"}
	}

	mux.HandleFunc("GET /api/v4/projects/{project}/merge_requests/{iid}/notes", func(w http.ResponseWriter, r *http.Request) {
		if !f.admit(w, r, "GET comments", auth(r)) {
			return
		}
		page, perPage := pageParams(r)
		cs, pages := f.page(project(r), iid(r), page, perPage)
		w.Header().Set("X-Page", strconv.Itoa(page))
		w.Header().Set("X-Per-Page", strconv.Itoa(perPage))
		w.Header().Set("X-Total-Pages", strconv.Itoa(pages))
		next := ""
		if page < pages {
			next = strconv.Itoa(page + 1)
			w.Header().Set("Link", fmt.Sprintf(`<%s>; rel="next"`, pageURL(r, page+1, perPage)))
		}
		w.Header().Set("X-Next-Page", next)
		out := []map[string]any{}
		for i := range cs {
			out = append(out, toJSON(&cs[i]))
		}
		writeJSON(w, http.StatusOK, out)
	})
	mux.HandleFunc("POST /api/v4/projects/{project}/merge_requests/{iid}/notes", func(w http.ResponseWriter, r *http.Request) {
		if !f.admit(w, r, "POST comments", auth(r)) {
			return
		}
		writeJSON(w, http.StatusCreated, toJSON(f.create(project(r), iid(r), readJSON(t, r)["body"])))
	})
	mux.HandleFunc("PUT /api/v4/projects/{project}/merge_requests/{iid}/notes/{note}", func(w http.ResponseWriter, r *http.Request) {
		if !f.admit(w, r, "PATCH comment", auth(r)) {
			return
		}
		body := readJSON(t, r)["body"]
		c, ok := f.edit(note(r), &body)
		if !ok {
			writeJSON(w, http.StatusNotFound, map[string]string{"message": "404 Not found"})
			return
		}
		writeJSON(w, http.StatusOK, toJSON(c))
	})
	mux.HandleFunc("DELETE /api/v4/projects/{project}/merge_requests/{iid}/notes/{note}", func(w http.ResponseWriter, r *http.Request) {
		if !f.admit(w, r, "DELETE comment", auth(r)) {
			return
		}
		if _, ok := f.edit(note(r), nil); !ok {
			writeJSON(w, http.StatusNotFound, map[string]string{"message": "404 Not found"})
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("POST /api/v4/projects/{project}/statuses/{sha}", func(w http.ResponseWriter, r *http.Request) {
		if !f.admit(w, r, "POST status", auth(r)) {
			return
		}
		fields := readJSON(t, r)
		if s := fields["state"]; s != "pending" && s != "running" && s != "success" && s != "failed" && s != "canceled" {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": "state does not have a valid value"})
			return
		}
		f.addStatus(fakeStatus{Repo: project(r), SHA: r.PathValue("sha"), Fields: fields})
		writeJSON(w, http.StatusCreated, fields)
	})
	mux.HandleFunc("POST /api/v4/projects/{project}/issues", func(w http.ResponseWriter, r *http.Request) {
		if !f.admit(w, r, "POST issue", auth(r)) {
			return
		}
		in := readJSON(t, r)
		f.addIssue(fakeIssue{Repo: project(r), Title: in["title"], Body: in["description"]})
		writeJSON(w, http.StatusCreated, map[string]any{"iid": 1, "title": in["title"]})
	})
	addGitLabCommandRoutes(t, mux, f, auth, project)
	return mux
}
