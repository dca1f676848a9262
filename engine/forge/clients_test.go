package forge

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// forgeClient is what the agent calls; both clients must satisfy it.
type forgeClient interface {
	UpsertComment(ctx context.Context, repo string, number int, marker, body string) error
	SetStatus(ctx context.Context, repo, sha string, s Status) error
	CreateIssue(ctx context.Context, repo, title, body string) error
}

var (
	_ forgeClient = (*GitHub)(nil)
	_ forgeClient = (*GitLab)(nil)
)

// forgeKind describes one forge for the conformance tests.
type forgeKind struct {
	name    string
	repo    string
	handler func(*testing.T, *fakeForge) http.Handler
	client  func(url, token string) (forgeClient, error)
	// tokenOf returns the credential a request carried.
	tokenOf func(fakeRequest) string
	// failedState is how a failure status arrives; contextField names the
	// status's context.
	failedState, contextField string
}

func forgeKinds() []forgeKind {
	return []forgeKind{
		{
			name: "github", repo: "acme/infra", handler: newFakeGitHub,
			client:      func(u, tok string) (forgeClient, error) { return NewGitHub(u, tok, nil) },
			tokenOf:     func(r fakeRequest) string { return strings.TrimPrefix(r.Authorization, "Bearer ") },
			failedState: "failure", contextField: "context",
		},
		{
			name: "gitlab", repo: "platform/infra/live", handler: newFakeGitLab,
			client:      func(u, tok string) (forgeClient, error) { return NewGitLab(u, tok, nil) },
			tokenOf:     func(r fakeRequest) string { return r.PrivateToken },
			failedState: "failed", contextField: "name",
		},
	}
}

const testToken = "tok_0123456789abcdef-not-for-logs"

// start serves a fake forge and returns a client for it.
func (k forgeKind) start(t *testing.T) (forgeClient, *fakeForge) {
	t.Helper()
	f := newFakeForge(testToken)
	srv := startServer(t, k.handler(t, f))
	c, err := k.client(srv.URL, testToken)
	if err != nil {
		t.Fatalf("%s client: %v", k.name, err)
	}
	return c, f
}

func eachForge(t *testing.T, test func(t *testing.T, k forgeKind)) {
	for _, k := range forgeKinds() {
		t.Run(k.name, func(t *testing.T) { test(t, k) })
	}
}

const marker = "<!-- trueup:stack=prod -->"

func TestFirstUpsertCreatesAndSecondEditsTheSameComment(t *testing.T) {
	eachForge(t, func(t *testing.T, k forgeKind) {
		c, f := k.start(t)
		ctx := context.Background()
		f.seed(k.repo, 7, "looks good to me", false)
		if err := c.UpsertComment(ctx, k.repo, 7, marker, marker+"\nplan: 1 to add"); err != nil {
			t.Fatal(err)
		}
		first := f.withMarker(k.repo, 7, marker)
		if len(first) != 1 || !strings.Contains(first[0].Body, "1 to add") {
			t.Fatalf("after the first upsert, comments with the marker = %+v, want one saying 1 to add", first)
		}
		if err := c.UpsertComment(ctx, k.repo, 7, marker, marker+"\nplan: 2 to change"); err != nil {
			t.Fatal(err)
		}
		second := f.withMarker(k.repo, 7, marker)
		if len(second) != 1 {
			t.Fatalf("after the second upsert there are %d comments with the marker, want 1", len(second))
		}
		if second[0].ID != first[0].ID || !strings.Contains(second[0].Body, "2 to change") || strings.Contains(second[0].Body, "1 to add") {
			t.Errorf("second upsert did not edit comment %d in place: %+v", first[0].ID, second[0])
		}
		if n := f.count(k.repo, 7); n != 2 {
			t.Errorf("pull request has %d comments, want 2 (the reviewer's and ours)", n)
		}
	})
}

func TestUpsertFindsTheMarkerOnALaterPage(t *testing.T) {
	eachForge(t, func(t *testing.T, k forgeKind) {
		c, f := k.start(t)
		var ours int64
		for i := range 130 {
			if i == 112 {
				ours = f.seed(k.repo, 3, marker+"\nold plan", false)
				continue
			}
			f.seed(k.repo, 3, fmt.Sprintf("comment %d", i), i%10 == 0)
		}
		if err := c.UpsertComment(context.Background(), k.repo, 3, marker, marker+"\nnew plan"); err != nil {
			t.Fatal(err)
		}
		got := f.withMarker(k.repo, 3, marker)
		if len(got) != 1 || got[0].ID != ours || !strings.Contains(got[0].Body, "new plan") {
			t.Errorf("comments with the marker = %+v, want comment %d (on page 2) edited to the new plan", got, ours)
		}
		if n := f.count(k.repo, 3); n != 130 {
			t.Errorf("pull request has %d comments, want 130: a duplicate was created", n)
		}
	})
}

func TestUpsertLeavesExactlyOneCommentPerMarker(t *testing.T) {
	eachForge(t, func(t *testing.T, k forgeKind) {
		c, f := k.start(t)
		other := "<!-- trueup:stack=staging -->"
		f.seed(k.repo, 9, marker+"\nstale 1", false)
		f.seed(k.repo, 9, other+"\nstaging plan", false)
		f.seed(k.repo, 9, marker+"\nstale 2", false)
		if err := c.UpsertComment(context.Background(), k.repo, 9, marker, marker+"\nfresh"); err != nil {
			t.Fatal(err)
		}
		if got := f.withMarker(k.repo, 9, marker); len(got) != 1 || !strings.Contains(got[0].Body, "fresh") {
			t.Errorf("comments with the marker = %+v, want exactly one, fresh", got)
		}
		if got := f.withMarker(k.repo, 9, other); len(got) != 1 || !strings.Contains(got[0].Body, "staging plan") {
			t.Errorf("another stack's comment was touched: %+v", got)
		}
	})
}

func TestUpsertAddsAMissingMarkerSoTheNextUpsertFindsIt(t *testing.T) {
	eachForge(t, func(t *testing.T, k forgeKind) {
		c, f := k.start(t)
		for _, body := range []string{"first plan", "second plan"} {
			if err := c.UpsertComment(context.Background(), k.repo, 4, marker, body); err != nil {
				t.Fatal(err)
			}
		}
		got := f.withMarker(k.repo, 4, marker)
		if len(got) != 1 || !strings.HasPrefix(got[0].Body, marker+"\n") || !strings.HasSuffix(got[0].Body, "second plan") {
			t.Errorf("comments with the marker = %+v, want one: marker line, then the second plan", got)
		}
	})
}

func TestEveryRequestCarriesTheToken(t *testing.T) {
	eachForge(t, func(t *testing.T, k forgeKind) {
		c, f := k.start(t)
		ctx := context.Background()
		must(t, c.UpsertComment(ctx, k.repo, 1, marker, "x"))
		must(t, c.UpsertComment(ctx, k.repo, 1, marker, "y"))
		must(t, c.SetStatus(ctx, k.repo, "abc123", Status{State: StatePending, Context: "trueup/prod"}))
		must(t, c.CreateIssue(ctx, k.repo, "drift", "details"))
		reqs := f.recorded()
		if len(reqs) < 5 {
			t.Fatalf("fake %s received %d requests, want at least 5", k.name, len(reqs))
		}
		for _, r := range reqs {
			if k.tokenOf(r) != testToken {
				t.Errorf("%s %s carried credential %q, want the token", r.Method, r.Path, k.tokenOf(r))
			}
		}
	})
}

func TestErrorsNameForgeRepoAndOperationButNeverTheToken(t *testing.T) {
	eachForge(t, func(t *testing.T, k forgeKind) {
		f := newFakeForge("the-token-the-server-expects")
		srv := startServer(t, k.handler(t, f))
		c, err := k.client(srv.URL, testToken)
		must(t, err)
		ctx := context.Background()
		for op, call := range map[string]func() error{
			"comment": func() error { return c.UpsertComment(ctx, k.repo, 5, marker, "body") },
			"status":  func() error { return c.SetStatus(ctx, k.repo, "abc", Status{State: StateSuccess, Context: "trueup"}) },
			"issue":   func() error { return c.CreateIssue(ctx, k.repo, "t", "b") },
		} {
			err := call()
			if err == nil {
				t.Fatalf("%s with a rejected token succeeded", op)
			}
			msg := err.Error()
			for _, want := range []string{k.name, k.repo, op, "401"} {
				if !strings.Contains(msg, want) {
					t.Errorf("%s error %q does not name %q", op, msg, want)
				}
			}
			if strings.Contains(msg, testToken) {
				t.Errorf("%s error contains the token: %q", op, msg)
			}
			var fe *Error
			if !errors.As(err, &fe) || fe.StatusCode != http.StatusUnauthorized {
				t.Errorf("%s error is not a *forge.Error with status 401: %#v", op, err)
			}
		}
	})
}

func TestUnreachableForgeFailsWithoutTheToken(t *testing.T) {
	eachForge(t, func(t *testing.T, k forgeKind) {
		srv := startServer(t, http.NotFoundHandler())
		url := srv.URL
		srv.Close()
		c, err := k.client(url, testToken)
		must(t, err)
		err = c.UpsertComment(context.Background(), k.repo, 1, marker, "b")
		if err == nil || strings.Contains(err.Error(), testToken) || !strings.Contains(err.Error(), k.repo) {
			t.Errorf("error from a closed server = %v, want one naming the repo and not the token", err)
		}
	})
}

func TestServerErrorsAreRetriedWithoutDuplicatingTheComment(t *testing.T) {
	eachForge(t, func(t *testing.T, k forgeKind) {
		c, f := k.start(t)
		f.failNext("POST comments", 2)
		f.failNext("GET comments", 1)
		must(t, c.UpsertComment(context.Background(), k.repo, 2, marker, "plan"))
		if got := f.withMarker(k.repo, 2, marker); len(got) != 1 {
			t.Errorf("after retried failures there are %d comments with the marker, want 1", len(got))
		}
		f.failNext("POST status", 1)
		must(t, c.SetStatus(context.Background(), k.repo, "abc", Status{State: StateSuccess, Context: "trueup"}))
	})
}

func TestPersistentServerErrorsGiveUp(t *testing.T) {
	eachForge(t, func(t *testing.T, k forgeKind) {
		c, f := k.start(t)
		f.seed(k.repo, 2, marker+"\nold", false)
		f.failNext("PATCH comment", 100)
		err := c.UpsertComment(context.Background(), k.repo, 2, marker, "new")
		if err == nil || !strings.Contains(err.Error(), "500") {
			t.Errorf("upsert against a failing server = %v, want an error naming the 500", err)
		}
	})
}

func TestCreateIssueIsNotRepeatedAfterAServerError(t *testing.T) {
	eachForge(t, func(t *testing.T, k forgeKind) {
		c, f := k.start(t)
		f.failNext("POST issue", 1)
		if err := c.CreateIssue(context.Background(), k.repo, "Drift in prod", "body"); err == nil {
			t.Fatal("create issue after a 500 reported success")
		}
		n := 0
		for _, r := range f.recorded() {
			if r.Method == http.MethodPost && strings.HasSuffix(r.Path, "/issues") {
				n++
			}
		}
		if n != 1 {
			t.Errorf("issue creation was sent %d times, want once (a 500 may have created it)", n)
		}
	})
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
