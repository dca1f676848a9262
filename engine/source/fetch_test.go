package source

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestFetchResolvesEveryKindOfRef(t *testing.T) {
	f := newFixture(t)
	cache := t.TempDir()
	cases := []struct {
		name, ref           string
		wantCommit, wantRef string
		wantFile, wantBody  string
	}{
		{"empty ref is the remote HEAD branch", "", f.c2, "refs/heads/main", "stack/main.tf", "# v2\n"},
		{"branch name resolves to its tip", "feature", f.feat, "refs/heads/feature", "stack/feature.tf", "# feature\n"},
		{"full branch ref resolves to its tip", "refs/heads/main", f.c2, "refs/heads/main", "stack/main.tf", "# v2\n"},
		{"annotated tag peels to its commit", "v1", f.c1, "refs/tags/v1", "stack/main.tf", "# v1\n"},
		{"lightweight tag names its commit", "v0-light", f.c1, "refs/tags/v0-light", "stack/main.tf", "# v1\n"},
		{"GitHub pull request head ref", "refs/pull/1/head", f.pr, "refs/pull/1/head", "stack/pr.tf", "# pr\n"},
		{"GitLab merge request head ref", "refs/merge-requests/2/head", f.mr, "refs/merge-requests/2/head", "stack/mr.tf", "# mr\n"},
		{"full SHA of a commit behind a tip", f.c1, f.c1, "", "stack/main.tf", "# v1\n"},
		{"abbreviated SHA", f.feat[:9], f.feat, "", "stack/feature.tf", "# feature\n"},
		{"upper-case abbreviated SHA", strings.ToUpper(f.c2[:7]), f.c2, "", "stack/main.tf", "# v2\n"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			co, err := Fetch(context.Background(), Options{URL: "file://" + f.dir, Ref: tc.ref, CacheDir: cache})
			if err != nil {
				t.Fatal(err)
			}
			if co.Commit != tc.wantCommit {
				t.Errorf("commit = %s, want %s", co.Commit, tc.wantCommit)
			}
			if co.Ref != tc.wantRef {
				t.Errorf("ref = %q, want %q", co.Ref, tc.wantRef)
			}
			if got := readFile(t, filepath.Join(co.Dir, tc.wantFile)); got != tc.wantBody {
				t.Errorf("%s = %q, want %q", tc.wantFile, got, tc.wantBody)
			}
			wantSource := f.dir + "@" + displayRef(tc.ref)
			if co.Source != wantSource {
				t.Errorf("source = %q, want %q", co.Source, wantSource)
			}
		})
	}
}

func TestFetchMaterialisesTheCommit(t *testing.T) {
	f := newFixture(t)
	if err := os.Symlink("../modules", filepath.Join(f.dir, "stack", "mods")); err != nil {
		t.Fatal(err)
	}
	f.git("add", "stack/mods")
	f.git("update-index", "--add", "--cacheinfo", "160000,"+f.c1+",stack/vendored")
	f.git("commit", "-q", "-m", "add a submodule and a symlink")
	head := f.git("rev-parse", "HEAD")

	co, err := Fetch(context.Background(), Options{URL: f.dir, Path: "stack/", CacheDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	if co.Commit != head {
		t.Fatalf("commit = %s, want %s", co.Commit, head)
	}
	if co.Dir != filepath.Join(co.Root, "stack") {
		t.Errorf("dir = %s, want the root joined with the path", co.Dir)
	}
	if co.Author != "Ada Lovelace <ada@example.com>" || co.Message != "add a submodule and a symlink" || co.When.IsZero() {
		t.Errorf("commit metadata = %q, %q, %v", co.Author, co.Message, co.When)
	}
	if co.Source != f.dir+"//stack@HEAD" {
		t.Errorf("source = %q", co.Source)
	}
	if fi, err := os.Stat(filepath.Join(co.Dir, "scripts", "run.sh")); err != nil || fi.Mode().Perm()&0o111 == 0 {
		t.Errorf("run.sh should be executable: %v %v", fi.Mode(), err)
	}
	if got := readFile(t, filepath.Join(co.Dir, "mods", "net", "main.tf")); got != "# module\n" {
		t.Errorf("reading through the symlink gave %q", got)
	}
	if target, err := os.Readlink(filepath.Join(co.Dir, "mods")); err != nil || target != "../modules" {
		t.Errorf("symlink target = %q, %v", target, err)
	}
	if entries, err := os.ReadDir(filepath.Join(co.Dir, "vendored")); err != nil || len(entries) != 0 {
		t.Errorf("a submodule should be an empty directory: %v %v", entries, err)
	}
	if _, err := os.Stat(filepath.Join(co.Root, ".git")); !os.IsNotExist(err) {
		t.Errorf("the checkout should hold no .git: %v", err)
	}
}

func TestFetchFromAPlainPathUsesTheRepository(t *testing.T) {
	f := newFixture(t)
	// Uncommitted work in the repository is not part of any commit.
	if err := os.WriteFile(filepath.Join(f.dir, "stack", "main.tf"), []byte("# dirty\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	rel, err := filepath.Rel(mustGetwd(t), f.dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, url := range []string{f.dir, rel, "file://" + f.dir, f.dir + "/.git"} {
		co, err := Fetch(context.Background(), Options{URL: url, CacheDir: t.TempDir()})
		if err != nil {
			t.Fatalf("%s: %v", url, err)
		}
		if co.Commit != f.c2 || readFile(t, filepath.Join(co.Dir, "stack", "main.tf")) != "# v2\n" {
			t.Errorf("%s: commit %s, want the committed %s", url, co.Commit, f.c2)
		}
	}
}

func TestFetchFromABareRepository(t *testing.T) {
	f := newFixture(t)
	bare := filepath.Join(t.TempDir(), "bare.git")
	runGit(t, f.dir, "clone", "-q", "--bare", f.dir, bare)
	co, err := Fetch(context.Background(), Options{URL: bare, Ref: "v1", CacheDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	if co.Commit != f.c1 {
		t.Errorf("commit = %s, want %s", co.Commit, f.c1)
	}
}

func mustGetwd(t testing.TB) string {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	return wd
}
