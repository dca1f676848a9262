package forge

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
)

// TestGitLabTeamsChecksAndMerge: group membership (inherited members
// listed by query, only an active exact username counts), a commit's
// statuses (the newest per name, mapped to the common states) and an
// accepted merge request carrying the head SHA.
func TestGitLabTeamsChecksAndMerge(t *testing.T) {
	var merged []string
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/v4/groups/{group}/members/all", func(w http.ResponseWriter, r *http.Request) {
		if r.PathValue("group") != "acme/platform" {
			http.Error(w, `{"message":"404 Group Not Found"}`, http.StatusNotFound)
			return
		}
		all := []map[string]any{{"id": 1, "username": "carl", "state": "active"}, {"id": 2, "username": "carla", "state": "active"}, {"id": 3, "username": "dora", "state": "blocked"}}
		var out []map[string]any
		for _, m := range all {
			if q := r.URL.Query().Get("query"); q == "" || len(m["username"].(string)) >= len(q) && m["username"].(string)[:len(q)] == q {
				out = append(out, m)
			}
		}
		json.NewEncoder(w).Encode(out)
	})
	mux.HandleFunc("GET /api/v4/projects/{project}/repository/commits/{sha}/statuses", func(w http.ResponseWriter, r *http.Request) {
		json.NewEncoder(w).Encode([]map[string]any{ // newest first
			{"id": 4, "name": "build", "status": "success"},
			{"id": 3, "name": "lint", "status": "running"},
			{"id": 2, "name": "build", "status": "failed"},
			{"id": 1, "name": "trueup/prod", "status": "failed"},
		})
	})
	mux.HandleFunc("PUT /api/v4/projects/{project}/merge_requests/{iid}/merge", func(w http.ResponseWriter, r *http.Request) {
		var in struct{ SHA string }
		json.NewDecoder(r.Body).Decode(&in)
		merged = append(merged, r.PathValue("iid")+"@"+in.SHA)
		json.NewEncoder(w).Encode(map[string]any{"iid": 5, "state": "merged"})
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	g, err := NewGitLab(srv.URL, "tok", nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for user, want := range map[string]bool{"carl": true, "car": false, "dora": false, "eve": false} {
		if got, err := g.TeamMember(ctx, "acme/platform", user); err != nil || got != want {
			t.Errorf("TeamMember(%s) = %v, %v; want %v", user, got, err, want)
		}
	}
	if got, err := g.TeamMember(ctx, "acme/nobody", "carl"); err != nil || got {
		t.Errorf("TeamMember of a missing group = %v, %v", got, err)
	}
	checks, err := g.Checks(ctx, "acme/infra", "abc")
	want := []Check{{"build", StateSuccess}, {"lint", StatePending}, {"trueup/prod", StateFailure}}
	if err != nil || !slices.Equal(checks, want) {
		t.Errorf("Checks = %+v, %v; want %+v", checks, err, want)
	}
	if err := g.Merge(ctx, "acme/infra", 5, "abc"); err != nil || !slices.Equal(merged, []string{"5@abc"}) {
		t.Errorf("Merge = %v; merges %v", err, merged)
	}
}
