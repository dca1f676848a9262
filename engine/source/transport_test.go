package source

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

// TestFetchOverEveryTransport fetches a branch tip (shallow), an annotated
// tag and a SHA behind the tips (full history) over each local transport.
func TestFetchOverEveryTransport(t *testing.T) {
	f := newFixture(t)
	base := filepath.Dir(f.dir)
	daemon := startGitDaemon(t, base)
	open := startHTTPGit(t, base, "", "")
	guarded := startHTTPGit(t, base, "alice", "s3cret-pass")
	t.Setenv("TRUEUP_TEST_TOKEN", "tok-123456")
	tokened := startHTTPGit(t, base, "x-access-token", "tok-123456")

	cases := []struct {
		name string
		url  string
		auth Auth
	}{
		{"file URL", "file://" + f.dir, Auth{}},
		{"plain path", f.dir, Auth{}},
		{"git daemon", daemon + "origin", Auth{}},
		{"smart HTTP without auth", open.url("origin"), Auth{}},
		{"smart HTTP with basic auth", guarded.url("origin"), Auth{Username: "alice", Password: "s3cret-pass"}},
		{"smart HTTP with a token variable", tokened.url("origin"), Auth{TokenEnv: "TRUEUP_TEST_TOKEN"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cache := t.TempDir()
			for ref, want := range map[string]string{"main": f.c2, "v1": f.c1, f.c1: f.c1, "refs/pull/1/head": f.pr} {
				co, err := Fetch(context.Background(), Options{URL: tc.url, Ref: ref, CacheDir: cache, Auth: tc.auth})
				if err != nil {
					t.Fatalf("ref %s: %v", ref, err)
				}
				if co.Commit != want {
					t.Errorf("ref %s: commit %s, want %s", ref, co.Commit, want)
				}
			}
		})
	}
	if seen := tokened.credentialsSeen(); len(seen) == 0 || seen[0] != "x-access-token:tok-123456" {
		t.Errorf("the token server saw credentials %q, want the token as x-access-token's password", seen)
	}
}

func TestHTTPCredentialsAreSentButNeverShown(t *testing.T) {
	f := newFixture(t)
	base := filepath.Dir(f.dir)
	const token = "ghp_SuperSecretToken42"
	srv := startHTTPGit(t, base, "x-access-token", token)
	embedded := strings.Replace(srv.url("origin"), "http://", "http://x-access-token:"+token+"@", 1)

	cases := []struct {
		name     string
		url      string
		token    string
		wantKind error
	}{
		{"the right token fetches", srv.url("origin"), token, nil},
		{"a wrong token is an auth failure", srv.url("origin"), "ghp_WrongTokenValue99", ErrAuthFailed},
		{"no token is an auth failure", srv.url("origin"), "", ErrAuthFailed},
		{"credentials in the URL fetch", embedded, "", nil},
		{"credentials in the URL of a missing repo are stripped", strings.Replace(embedded, "origin", "nope", 1), "", ErrRepoNotFound},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			log, buf := captureLog()
			auth := Auth{}
			if tc.token != "" {
				t.Setenv("GIT_TOKEN_FOR_TEST", tc.token)
				auth.TokenEnv = "GIT_TOKEN_FOR_TEST"
			}
			co, err := Fetch(context.Background(), Options{URL: tc.url, Ref: "main", CacheDir: t.TempDir(), Auth: auth, Log: log})
			switch {
			case tc.wantKind == nil && err != nil:
				t.Fatalf("unexpected error: %v", err)
			case tc.wantKind == nil && co.Commit != f.c2:
				t.Errorf("commit = %s, want %s", co.Commit, f.c2)
			case tc.wantKind != nil && !errors.Is(err, tc.wantKind):
				t.Fatalf("error = %v, want %v", err, tc.wantKind)
			}
			shown := buf.String()
			if err != nil {
				shown += err.Error()
				if !strings.Contains(err.Error(), srv.URL) {
					t.Errorf("the error should name the repository: %v", err)
				}
			}
			if co != nil {
				shown += co.Source
			}
			for _, secret := range []string{token, tc.token} {
				if secret != "" && strings.Contains(shown, secret) {
					t.Errorf("a secret leaked into the log, error or source:\n%s", shown)
				}
			}
			if err != nil {
				t.Logf("error: %v", err)
			} else if !strings.Contains(buf.String(), "fetching") {
				t.Errorf("the log should show the fetch:\n%s", buf.String())
			}
		})
	}
	if seen := srv.credentialsSeen(); len(seen) == 0 {
		t.Error("the server never received credentials")
	}
}

func TestFetchOverHTTPRefusesWithoutCredentialsAndNamesTheVariable(t *testing.T) {
	f := newFixture(t)
	srv := startHTTPGit(t, filepath.Dir(f.dir), "x-access-token", "t")
	_, err := Fetch(context.Background(), Options{URL: srv.url("origin"), CacheDir: t.TempDir(),
		Auth: Auth{TokenEnv: "TRUEUP_UNSET_TOKEN_VARIABLE"}})
	if !errors.Is(err, ErrAuthFailed) || !strings.Contains(err.Error(), "TRUEUP_UNSET_TOKEN_VARIABLE") {
		t.Fatalf("error = %v, want an auth failure naming the variable", err)
	}
}

func TestFetchBySHAUsesShallowFetchWhenTheServerAllowsIt(t *testing.T) {
	f := newFixture(t)
	f.git("config", "uploadpack.allowReachableSHA1InWant", "true")
	srv := startHTTPGit(t, filepath.Dir(f.dir), "", "")
	cache := t.TempDir()
	log, buf := captureLog()
	co, err := Fetch(context.Background(), Options{URL: srv.url("origin"), Ref: f.c1, CacheDir: cache, Log: log})
	if err != nil {
		t.Fatal(err)
	}
	if co.Commit != f.c1 {
		t.Fatalf("commit = %s, want %s", co.Commit, f.c1)
	}
	if strings.Contains(buf.String(), "fetching all branches and tags") {
		t.Errorf("a server that serves commits by SHA should not need a full fetch:\n%s", buf.String())
	}
	entry := singleEntry(t, cache)
	if n := countCommits(t, filepath.Join(entry, shallowStore)); n != 1 {
		t.Errorf("the shallow store holds %d commits, want only the one asked for", n)
	}
}
