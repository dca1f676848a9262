package e2e

import (
	"encoding/json"
	"net/http"
	"strconv"
)

// ghPR is a pull request the GitHub stand-in answers for.
type ghPR struct {
	Head, Base, State string
	Mergeable         bool
	Approvers         []string
}

// ghReaction is a reaction the GitHub stand-in received.
type ghReaction struct {
	CommentID int64
	Content   string
}

// commandRoutes serves what comment commands call: a collaborator's
// permission, reactions to comments, and a pull request.
func (f *fakeGitHub) commandRoutes(mux *http.ServeMux, p string) {
	mux.HandleFunc("GET "+p+"/collaborators/{user}/permission", func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		level, ok := f.permissions[r.PathValue("user")]
		f.mu.Unlock()
		if !ok {
			http.Error(w, `{"message":"Not Found"}`, http.StatusNotFound)
			return
		}
		writeGHJSON(w, http.StatusOK, map[string]any{"permission": level, "user": map[string]string{"login": r.PathValue("user")}})
	})
	mux.HandleFunc("POST "+p+"/issues/comments/{id}/reactions", func(w http.ResponseWriter, r *http.Request) {
		var in struct{ Content string }
		_ = json.NewDecoder(r.Body).Decode(&in)
		id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
		f.mu.Lock()
		f.reactions = append(f.reactions, ghReaction{CommentID: id, Content: in.Content})
		f.mu.Unlock()
		writeGHJSON(w, http.StatusCreated, map[string]any{"id": 1, "content": in.Content})
	})
	mux.HandleFunc("GET "+p+"/pulls/{n}/reviews", func(w http.ResponseWriter, r *http.Request) {
		n, _ := strconv.Atoi(r.PathValue("n"))
		f.mu.Lock()
		pr := f.pulls[n]
		f.mu.Unlock()
		out := []any{}
		for i, u := range pr.Approvers {
			out = append(out, map[string]any{"id": i + 1, "state": "APPROVED", "user": map[string]string{"login": u}})
		}
		writeGHJSON(w, http.StatusOK, out)
	})
	mux.HandleFunc("GET "+p+"/pulls/{n}", func(w http.ResponseWriter, r *http.Request) {
		n, _ := strconv.Atoi(r.PathValue("n"))
		f.mu.Lock()
		pr, ok := f.pulls[n]
		f.mu.Unlock()
		if !ok {
			http.Error(w, `{"message":"Not Found"}`, http.StatusNotFound)
			return
		}
		writeGHJSON(w, http.StatusOK, map[string]any{"number": n, "state": pr.State, "title": "Change the greeting", "mergeable": pr.Mergeable,
			"user": map[string]string{"login": "ann"}, "head": map[string]string{"sha": pr.Head, "ref": "feature"},
			"base": map[string]string{"sha": pr.Base, "ref": "main"}})
	})
}

func (f *fakeGitHub) setPermission(user, level string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.permissions[user] = level
}

func (f *fakeGitHub) setPull(n int, pr ghPR) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.pulls[n] = pr
}

// reactionsTo returns the reactions comment id received, in order.
func (f *fakeGitHub) reactionsTo(id int64) []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for _, r := range f.reactions {
		if r.CommentID == id {
			out = append(out, r.Content)
		}
	}
	return out
}

func writeGHJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v)
}

// commentPayload is GitHub's issue_comment delivery for a new comment on
// pull request number.
func commentPayload(url string, number int, commentID int64, user, body string) map[string]any {
	return map[string]any{
		"action":     "created",
		"repository": map[string]any{"full_name": "acme/infra", "clone_url": url, "html_url": "https://github.example.com/acme/infra"},
		"sender":     map[string]any{"login": user},
		"issue":      map[string]any{"number": number, "pull_request": map[string]any{"url": "x"}},
		"comment":    map[string]any{"id": commentID, "body": body, "user": map[string]any{"login": user}},
	}
}
