package forge

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestStatusesArriveWithTheForgesFieldNames(t *testing.T) {
	eachForge(t, func(t *testing.T, k forgeKind) {
		c, f := k.start(t)
		long := strings.Repeat("d", 300)
		cases := []struct {
			name string
			in   Status
			want map[string]string
		}{
			{"pending keeps its state", Status{State: StatePending, Context: "trueup/prod", Description: "planning", TargetURL: "http://agent/runs/1"},
				map[string]string{"state": "pending", k.contextField: "trueup/prod", "description": "planning", "target_url": "http://agent/runs/1"}},
			{"failure maps to the forge's failed state", Status{State: StateFailure, Context: "trueup/prod", Description: "plan failed"},
				map[string]string{"state": k.failedState, k.contextField: "trueup/prod", "description": "plan failed"}},
			{"error maps to the forge's failed state", Status{State: StateError, Context: "trueup/prod"},
				map[string]string{"state": map[string]string{"github": "error", "gitlab": "failed"}[k.name]}},
			{"long descriptions are shortened to 140 characters", Status{State: StateSuccess, Context: "c", Description: long},
				map[string]string{"description": strings.Repeat("d", 139) + "…"}},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				must(t, c.SetStatus(context.Background(), k.repo, "0123abcd", tc.in))
				f.mu.Lock()
				got := f.statuses[len(f.statuses)-1]
				f.mu.Unlock()
				if got.Repo != k.repo || got.SHA != "0123abcd" {
					t.Errorf("status went to %s@%s, want %s@0123abcd", got.Repo, got.SHA, k.repo)
				}
				for field, want := range tc.want {
					if got.Fields[field] != want {
						t.Errorf("status field %s = %q, want %q", field, got.Fields[field], want)
					}
				}
			})
		}
	})
}

func TestInvalidStatusStateIsRefusedBeforeSending(t *testing.T) {
	eachForge(t, func(t *testing.T, k forgeKind) {
		c, f := k.start(t)
		err := c.SetStatus(context.Background(), k.repo, "abc", Status{State: "done", Context: "x"})
		if err == nil || !strings.Contains(err.Error(), `"done"`) {
			t.Errorf("SetStatus with state done = %v, want an error naming it", err)
		}
		if n := len(f.recorded()); n != 0 {
			t.Errorf("an invalid status reached the forge (%d requests)", n)
		}
	})
}

func TestIssuesArriveWithTitleAndBody(t *testing.T) {
	eachForge(t, func(t *testing.T, k forgeKind) {
		c, f := k.start(t)
		must(t, c.CreateIssue(context.Background(), k.repo, "Drift detected in prod", "aws_s3_bucket.logs changed"))
		f.mu.Lock()
		defer f.mu.Unlock()
		if len(f.issues) != 1 || f.issues[0] != (fakeIssue{Repo: k.repo, Title: "Drift detected in prod", Body: "aws_s3_bucket.logs changed"}) {
			t.Errorf("issues received = %+v", f.issues)
		}
	})
}

func TestGitHubAPIURLForms(t *testing.T) {
	f := newFakeForge(testToken)
	srv := startServer(t, newFakeGitHub(t, f))
	for _, url := range []string{srv.URL, srv.URL + "/", srv.URL + "/api/v3", srv.URL + "/api/v3/"} {
		t.Run("enterprise URL "+strings.TrimPrefix(url, srv.URL)+" reaches /api/v3", func(t *testing.T) {
			c, err := NewGitHub(url, testToken, nil)
			must(t, err)
			must(t, c.UpsertComment(context.Background(), "acme/infra", 1, marker, "b"))
		})
	}
	for _, bad := range []string{"ftp://example.com", "::not a url"} {
		if _, err := NewGitHub(bad, testToken, nil); err == nil {
			t.Errorf("NewGitHub(%q) accepted a URL that is not http(s)", bad)
		}
	}
	if _, err := NewGitHub("", "", nil); err == nil {
		t.Error("NewGitHub without a token succeeded")
	}
	if _, err := NewGitHub("", testToken, nil); err != nil {
		t.Errorf("NewGitHub for github.com: %v", err)
	}
}

func TestGitLabAPIURLForms(t *testing.T) {
	f := newFakeForge(testToken)
	srv := startServer(t, newFakeGitLab(t, f))
	for _, url := range []string{srv.URL, srv.URL + "/", srv.URL + "/api/v4", srv.URL + "/api/v4/"} {
		t.Run("URL "+strings.TrimPrefix(url, srv.URL)+" reaches /api/v4", func(t *testing.T) {
			c, err := NewGitLab(url, testToken, nil)
			must(t, err)
			must(t, c.UpsertComment(context.Background(), "g/p", 1, marker, "b"))
		})
	}
	if _, err := NewGitLab(srv.URL, "", nil); err == nil {
		t.Error("NewGitLab without a token succeeded")
	}
}

func TestSelfManagedGitLabUnderAPathPrefix(t *testing.T) {
	f := newFakeForge(testToken)
	srv := startServer(t, http.StripPrefix("/gitlab", newFakeGitLab(t, f)))
	for _, url := range []string{srv.URL + "/gitlab", srv.URL + "/gitlab/api/v4/"} {
		c, err := NewGitLab(url, testToken, nil)
		must(t, err)
		must(t, c.SetStatus(context.Background(), "g/p", "abc", Status{State: StateSuccess, Context: "trueup"}))
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.statuses) != 2 {
		t.Errorf("the fake under /gitlab recorded %d statuses, want 2", len(f.statuses))
	}
}

func TestGitHubSecondaryRateLimitIsWaitedOut(t *testing.T) {
	f := newFakeForge(testToken)
	limited := 1
	gh := newFakeGitHub(t, f)
	srv := startServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && limited > 0 {
			limited--
			w.Header().Set("Retry-After", "1")
			writeJSON(w, http.StatusForbidden, map[string]string{
				"message":           "You have exceeded a secondary rate limit.",
				"documentation_url": "https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits",
			})
			return
		}
		gh.ServeHTTP(w, r)
	}))
	c, err := NewGitHub(srv.URL, testToken, nil)
	must(t, err)
	c.retry.MaxWait = 2 * time.Second // long enough for Retry-After: 1
	must(t, c.SetStatus(context.Background(), "acme/infra", "abc", Status{State: StateSuccess, Context: "trueup"}))
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.statuses) != 1 {
		t.Errorf("after a secondary rate limit, %d statuses were recorded, want 1", len(f.statuses))
	}
}
