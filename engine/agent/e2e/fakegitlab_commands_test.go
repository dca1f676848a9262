package e2e

import (
	"encoding/json"
	"net/http"
	"strconv"
)

// glCommands is what the GitLab stand-in knows for comment commands:
// members' access levels (30 developer, 20 reporter) by username, and the
// award emoji each note received.
type glCommands struct {
	members map[string]int
	userIDs map[string]int
	awards  map[int64][]string
	// mrs are the merge requests served by iid, and approvers each one's
	// approvals.
	mrs       map[int]glMR
	approvers map[int][]string
}

// glMR is a merge request as the stand-in serves it.
type glMR struct {
	Head, Base, Author string
}

// setMR serves merge request iid of the project: opened, mergeable,
// targeting main.
func (f *fakeGitLab) setMR(iid int, mr glMR, approvers ...string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.cmds.mrs == nil {
		f.cmds.mrs, f.cmds.approvers = map[int]glMR{}, map[int][]string{}
	}
	f.cmds.mrs[iid], f.cmds.approvers[iid] = mr, approvers
}

// commandRoutes serves user lookup, inherited membership and award emoji
// on merge request notes, as GitLab's REST API v4 does.
func (f *fakeGitLab) commandRoutes(mux *http.ServeMux, p string) {
	mux.HandleFunc("GET /api/v4/users", func(w http.ResponseWriter, r *http.Request) {
		name := r.URL.Query().Get("username")
		f.mu.Lock()
		defer f.mu.Unlock()
		if f.cmds.userIDs == nil {
			f.cmds.userIDs = map[string]int{}
		}
		if f.cmds.userIDs[name] == 0 {
			f.cmds.userIDs[name] = len(f.cmds.userIDs) + 100
		}
		writeJSON(w, http.StatusOK, []any{map[string]any{"id": f.cmds.userIDs[name], "username": name}})
	})
	mux.HandleFunc("GET "+p+"/members/all/{user}", func(w http.ResponseWriter, r *http.Request) {
		id, _ := strconv.Atoi(r.PathValue("user"))
		f.mu.Lock()
		defer f.mu.Unlock()
		for name, i := range f.cmds.userIDs {
			if level, ok := f.cmds.members[name]; i == id && ok {
				writeJSON(w, http.StatusOK, map[string]any{"id": id, "username": name, "access_level": level})
				return
			}
		}
		writeJSON(w, http.StatusNotFound, map[string]string{"message": "404 Not found"})
	})
	mux.HandleFunc("GET "+p+"/merge_requests/{iid}", func(w http.ResponseWriter, r *http.Request) {
		iid, _ := strconv.Atoi(r.PathValue("iid"))
		f.mu.Lock()
		mr, ok := f.cmds.mrs[iid]
		f.mu.Unlock()
		if !ok {
			writeJSON(w, http.StatusNotFound, map[string]string{"message": "404 Not found"})
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{"iid": iid, "sha": mr.Head, "target_branch": "main", "title": "change",
			"state": "opened", "detailed_merge_status": "mergeable", "diff_refs": map[string]any{"base_sha": mr.Base},
			"author": map[string]any{"username": mr.Author}})
	})
	mux.HandleFunc("GET "+p+"/merge_requests/{iid}/approvals", func(w http.ResponseWriter, r *http.Request) {
		iid, _ := strconv.Atoi(r.PathValue("iid"))
		f.mu.Lock()
		var by []any
		for _, u := range f.cmds.approvers[iid] {
			by = append(by, map[string]any{"user": map[string]any{"username": u}})
		}
		f.mu.Unlock()
		writeJSON(w, http.StatusOK, map[string]any{"approved_by": by})
	})
	mux.HandleFunc("POST "+p+"/merge_requests/{iid}/notes/{id}/award_emoji", func(w http.ResponseWriter, r *http.Request) {
		var in struct{ Name string }
		_ = json.NewDecoder(r.Body).Decode(&in)
		id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
		f.mu.Lock()
		if f.cmds.awards == nil {
			f.cmds.awards = map[int64][]string{}
		}
		f.cmds.awards[id] = append(f.cmds.awards[id], in.Name)
		f.mu.Unlock()
		writeJSON(w, http.StatusCreated, map[string]any{"id": 1, "name": in.Name})
	})
}

// setMember gives user an access level on the project.
func (f *fakeGitLab) setMember(user string, level int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.cmds.members == nil {
		f.cmds.members = map[string]int{}
	}
	f.cmds.members[user] = level
}

// awardsTo returns the award emoji note id received, in order.
func (f *fakeGitLab) awardsTo(id int64) []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.cmds.awards[id]...)
}

// notePayload is a Note Hook delivery of a new note on merge request iid.
func notePayload(url string, iid int, noteID int64, user, body string) map[string]any {
	return map[string]any{
		"object_kind": "note", "event_type": "note",
		"user":              map[string]any{"id": 1, "username": user},
		"project":           glProjectPayload(url),
		"repository":        map[string]any{"name": "infra", "url": "git@gitlab.example.com:acme/infra.git", "homepage": "https://gitlab.example.com/acme/infra"},
		"object_attributes": map[string]any{"id": noteID, "note": body, "noteable_type": "MergeRequest", "action": "create"},
		"merge_request":     map[string]any{"iid": iid, "target_branch": "main", "last_commit": map[string]any{"id": "0000000000000000000000000000000000000000"}},
	}
}
