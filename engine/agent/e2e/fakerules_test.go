package e2e

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
)

// ghCheckRun is a check run the GitHub stand-in reports for a commit.
type ghCheckRun struct {
	Name, Status, Conclusion string
}

// ghMerge is a merge the GitHub stand-in received.
type ghMerge struct {
	Number int
	SHA    string
}

// ruleRoutes serves what apply requirements and policy overrides call:
// team memberships, a commit's combined status (the statuses it
// received) and check runs, and merging a pull request.
func (f *fakeGitHub) ruleRoutes(mux *http.ServeMux, p string) {
	mux.HandleFunc("GET /api/v3/orgs/{org}/teams/{team}/memberships/{user}", func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		members := f.teams[r.PathValue("org")+"/"+r.PathValue("team")]
		f.mu.Unlock()
		if !slices.Contains(members, r.PathValue("user")) {
			http.Error(w, `{"message":"Not Found"}`, http.StatusNotFound)
			return
		}
		writeGHJSON(w, http.StatusOK, map[string]any{"state": "active", "role": "member"})
	})
	mux.HandleFunc("GET "+p+"/commits/{ref}/status", func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		latest := map[string]ghStatus{}
		var order []string
		for _, s := range f.statuses[r.PathValue("ref")] {
			if _, ok := latest[s.Context]; !ok {
				order = append(order, s.Context)
			}
			latest[s.Context] = s
		}
		f.mu.Unlock()
		out := []any{}
		for _, c := range order {
			out = append(out, map[string]any{"state": latest[c].State, "context": c})
		}
		writeGHJSON(w, http.StatusOK, map[string]any{"state": "pending", "sha": r.PathValue("ref"), "statuses": out, "total_count": len(out)})
	})
	mux.HandleFunc("GET "+p+"/commits/{ref}/check-runs", func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		runs := f.checkRuns[r.PathValue("ref")]
		f.mu.Unlock()
		out := []any{}
		for i, c := range runs {
			out = append(out, map[string]any{"id": i + 1, "name": c.Name, "status": c.Status, "conclusion": c.Conclusion})
		}
		writeGHJSON(w, http.StatusOK, map[string]any{"total_count": len(out), "check_runs": out})
	})
	mux.HandleFunc("PUT "+p+"/pulls/{n}/merge", func(w http.ResponseWriter, r *http.Request) {
		n, _ := strconv.Atoi(r.PathValue("n"))
		var in struct{ SHA string }
		_ = json.NewDecoder(r.Body).Decode(&in)
		f.mu.Lock()
		defer f.mu.Unlock()
		pr := f.pulls[n]
		if in.SHA != "" && in.SHA != pr.Head {
			writeGHJSON(w, http.StatusConflict, map[string]any{"message": "Head branch was modified. Review and try the merge again."})
			return
		}
		f.merges = append(f.merges, ghMerge{Number: n, SHA: in.SHA})
		pr.State = "closed"
		f.pulls[n] = pr
		writeGHJSON(w, http.StatusOK, map[string]any{"merged": true, "sha": "m" + in.SHA, "message": "Pull Request successfully merged"})
	})
}

func (f *fakeGitHub) setTeam(team string, members ...string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.teams[team] = members
}

func (f *fakeGitHub) setCheckRuns(sha string, runs ...ghCheckRun) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.checkRuns[sha] = runs
}

// addStatus records a commit status as another CI system would set it.
func (f *fakeGitHub) addStatus(sha, context, state string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.statuses[sha] = append(f.statuses[sha], ghStatus{State: state, Context: context})
}

func (f *fakeGitHub) mergeList() []ghMerge {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.merges)
}
