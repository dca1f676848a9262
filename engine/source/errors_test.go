package source

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestFetchErrorsNameTheRepositoryRefAndKind(t *testing.T) {
	f := newFixture(t)
	if err := os.Symlink("/etc", filepath.Join(f.dir, "escape")); err != nil {
		t.Fatal(err)
	}
	f.commit("a symlink leading out of the repository", nil)
	plainDir := t.TempDir()
	empty := newGitRepo(t, "empty")
	daemon := startGitDaemon(t, filepath.Dir(f.dir))

	cases := []struct {
		name     string
		opts     Options
		wantKind error
		wantText []string
	}{
		{"unknown branch", Options{URL: f.dir, Ref: "no-such-branch"}, ErrUnknownRef,
			[]string{f.dir + "@no-such-branch", `"no-such-branch"`}},
		{"unknown full SHA", Options{URL: f.dir, Ref: strings.Repeat("ab", 20)}, ErrUnknownRef,
			[]string{strings.Repeat("ab", 20)}},
		{"unknown abbreviated SHA", Options{URL: f.dir, Ref: "0000000"}, ErrUnknownRef, []string{"0000000"}},
		{"path missing from the commit", Options{URL: f.dir, Path: "nope/stack"}, ErrPathNotFound,
			[]string{f.dir + "//nope/stack@HEAD", "nope/stack"}},
		{"path that is a file", Options{URL: f.dir, Path: "README.md"}, ErrPathNotFound, []string{"not a directory"}},
		{"path leaving the checkout through a symlink", Options{URL: f.dir, Path: "escape"}, ErrPathNotFound,
			[]string{"outside the repository"}},
		{"path climbing out of the repository", Options{URL: f.dir, Path: "../../etc"}, ErrInvalidOptions,
			[]string{"stay inside"}},
		{"absolute path", Options{URL: f.dir, Path: "/etc"}, ErrInvalidOptions, []string{"relative"}},
		{"missing local repository", Options{URL: "file:///no/such/repo"}, ErrRepoNotFound, []string{"/no/such/repo"}},
		{"plain directory that is not a repository", Options{URL: plainDir}, ErrNotRepository, []string{plainDir}},
		{"subdirectory of a repository", Options{URL: filepath.Join(f.dir, "stack")}, ErrNotRepository,
			[]string{`use the repository as the URL and "stack" as the path`}},
		{"repository without commits", Options{URL: empty.dir}, ErrEmptyRepository, []string{empty.dir}},
		{"repository missing from git daemon", Options{URL: daemon + "missing"}, ErrRepoNotFound, []string{daemon + "missing"}},
		{"unsupported scheme", Options{URL: "ftp://example.com/repo"}, ErrInvalidOptions, []string{"ftp"}},
		{"empty URL", Options{}, ErrInvalidOptions, []string{"empty"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tc.opts.CacheDir = t.TempDir()
			_, err := Fetch(context.Background(), tc.opts)
			if !errors.Is(err, tc.wantKind) {
				t.Fatalf("error = %v, want kind %v", err, tc.wantKind)
			}
			var se *Error
			if !errors.As(err, &se) {
				t.Fatalf("error %T is not an *Error", err)
			}
			t.Log(err)
			for _, want := range tc.wantText {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q should contain %q", err, want)
				}
			}
		})
	}
}

func TestAmbiguousShortSHAIsAnError(t *testing.T) {
	f := newFixture(t)
	// Commits until two share a 4-digit prefix (about 300 are needed).
	seen := map[string]string{}
	var prefix string
	for i := 0; prefix == ""; i++ {
		sha := runGit(t, f.dir, "commit-tree", "-m", "c"+string(rune('a'+i%26))+strings.Repeat("x", i), "-p", f.c1, f.c1+"^{tree}")
		if _, dup := seen[sha[:4]]; dup {
			prefix = sha[:4]
		}
		seen[sha[:4]] = sha
		runGit(t, f.dir, "update-ref", "refs/heads/b"+sha[:8], sha)
	}
	_, err := Fetch(context.Background(), Options{URL: f.dir, Ref: prefix, CacheDir: t.TempDir()})
	if !errors.Is(err, ErrUnknownRef) || !strings.Contains(err.Error(), "ambiguous") {
		t.Fatalf("error = %v, want an ambiguous short SHA", err)
	}
}

func TestCancelledFetchStops(t *testing.T) {
	f := newFixture(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Fetch(ctx, Options{URL: f.dir, CacheDir: t.TempDir()})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error = %v, want context.Canceled", err)
	}
}
