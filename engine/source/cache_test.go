package source

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
)

func TestSecondFetchUpdatesTheCachedClone(t *testing.T) {
	f := newFixture(t)
	cache := t.TempDir()
	log, buf := captureLog()
	opts := Options{URL: f.dir, Ref: "main", Path: "stack", CacheDir: cache, Log: log}

	first, err := Fetch(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	entry := singleEntry(t, cache)
	marker := filepath.Join(entry, shallowStore, "trueup-test-marker")
	if err := os.WriteFile(marker, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	// The first fetch was shallow: the tip's parent is not in the cache.
	store, err := git.PlainOpen(filepath.Join(entry, shallowStore))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.CommitObject(plumbing.NewHash(f.c1)); err == nil {
		t.Error("a branch fetch should be shallow, but the parent commit is cached")
	}

	c3 := f.commit("third", map[string]string{"stack/main.tf": "# v3\n"})
	second, err := Fetch(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	if second.Commit != c3 || readFile(t, filepath.Join(second.Dir, "main.tf")) != "# v3\n" {
		t.Errorf("second fetch got %s, want the new commit %s", second.Commit, c3)
	}
	if singleEntry(t, cache) != entry {
		t.Error("the second fetch used another cache entry")
	}
	if _, err := os.Stat(marker); err != nil {
		t.Errorf("the cached clone was replaced, not fetched into: %v", err)
	}
	if first.Root == second.Root || readFile(t, filepath.Join(first.Dir, "main.tf")) != "# v2\n" {
		t.Error("each commit should keep its own checkout")
	}
	if n := strings.Count(buf.String(), "source: fetching"); n != 2 {
		t.Errorf("want 2 fetches logged, got %d:\n%s", n, buf.String())
	}

	// A third fetch with nothing new transfers nothing and reuses the checkout.
	third, err := Fetch(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	if third.Root != second.Root || strings.Count(buf.String(), "source: fetching") != 2 {
		t.Errorf("an unchanged ref should be served from the cache:\n%s", buf.String())
	}
}

func TestFetchFollowsRewrittenHistory(t *testing.T) {
	f := newFixture(t)
	cache := t.TempDir()
	if _, err := Fetch(context.Background(), Options{URL: f.dir, Ref: "main", CacheDir: cache}); err != nil {
		t.Fatal(err)
	}
	// Force-push: main is rewound and takes another path; v1 moves.
	f.git("reset", "-q", "--hard", f.feat)
	rewritten := f.commit("rewritten", map[string]string{"stack/main.tf": "# rewritten\n"})
	f.git("tag", "-f", "-a", "v1", "-m", "moved")
	for ref, want := range map[string]string{"main": rewritten, "v1": rewritten} {
		co, err := Fetch(context.Background(), Options{URL: f.dir, Ref: ref, CacheDir: cache})
		if err != nil {
			t.Fatal(err)
		}
		if co.Commit != want || readFile(t, filepath.Join(co.Dir, "stack", "main.tf")) != "# rewritten\n" {
			t.Errorf("%s: commit %s, want the rewritten %s", ref, co.Commit, want)
		}
	}
}

func TestCachedFullSHAIsServedWithoutTheRemote(t *testing.T) {
	f := newFixture(t)
	cache := t.TempDir()
	if _, err := Fetch(context.Background(), Options{URL: f.dir, Ref: f.c1, CacheDir: cache}); err != nil {
		t.Fatal(err)
	}
	moved := f.dir + "-gone"
	if err := os.Rename(f.dir, moved); err != nil {
		t.Fatal(err)
	}
	// The local repository must exist to be a source; keep an empty one.
	runGit(t, filepath.Dir(f.dir), "init", "-q", f.dir)
	co, err := Fetch(context.Background(), Options{URL: f.dir, Ref: f.c1, CacheDir: cache})
	if err != nil {
		t.Fatalf("a cached commit should not need the remote: %v", err)
	}
	if co.Commit != f.c1 || co.Ref != "" {
		t.Errorf("commit %s ref %q", co.Commit, co.Ref)
	}
}

func TestEquivalentURLsShareACacheEntry(t *testing.T) {
	f := newFixture(t)
	cache := t.TempDir()
	for _, url := range []string{f.dir, "file://" + f.dir, f.dir + "/"} {
		if _, err := Fetch(context.Background(), Options{URL: url, CacheDir: cache}); err != nil {
			t.Fatal(err)
		}
	}
	singleEntry(t, cache)
}

func TestParallelFetchesOfDifferentRefsShareOneCache(t *testing.T) {
	f := newFixture(t)
	daemon := startGitDaemon(t, filepath.Dir(f.dir))
	cache := t.TempDir()
	want := map[string]string{
		"main": f.c2, "feature": f.feat, "v1": f.c1, "v0-light": f.c1,
		"refs/pull/1/head": f.pr, "refs/merge-requests/2/head": f.mr, f.c1: f.c1, f.feat[:8]: f.feat,
	}
	type result struct{ ref, commit, file string }
	results := make(chan result, 2*len(want))
	errs := make(chan error, 2*len(want))
	var wg sync.WaitGroup
	for round := 0; round < 2; round++ {
		for ref := range want {
			wg.Add(1)
			go func() {
				defer wg.Done()
				co, err := Fetch(context.Background(), Options{URL: daemon + "origin", Ref: ref, CacheDir: cache})
				if err != nil {
					errs <- fmt.Errorf("%s: %w", ref, err)
					return
				}
				body, err := os.ReadFile(filepath.Join(co.Dir, "stack", "main.tf"))
				if err != nil {
					errs <- err
					return
				}
				results <- result{ref, co.Commit, string(body)}
			}()
		}
	}
	wg.Wait()
	close(results)
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	n := 0
	for r := range results {
		n++
		if r.commit != want[r.ref] {
			t.Errorf("%s: commit %s, want %s", r.ref, r.commit, want[r.ref])
		}
		wantBody := "# v1\n"
		if r.ref == "main" {
			wantBody = "# v2\n"
		}
		if r.file != wantBody {
			t.Errorf("%s: stack/main.tf = %q, want %q", r.ref, r.file, wantBody)
		}
	}
	if n != 2*len(want) {
		t.Errorf("%d fetches succeeded, want %d", n, 2*len(want))
	}
	trees, _ := os.ReadDir(filepath.Join(singleEntry(t, cache), treesDir))
	if len(trees) != 5 {
		t.Errorf("want one checkout per distinct commit (5), got %d", len(trees))
	}
}

// TestParallelFetchesFromSeveralProcesses runs Fetch in child processes (this
// test binary re-executed) on one cache at the same time.
func TestParallelFetchesFromSeveralProcesses(t *testing.T) {
	if url := os.Getenv("TRUEUP_SOURCE_CHILD_URL"); url != "" {
		co, err := Fetch(context.Background(), Options{URL: url, Ref: os.Getenv("TRUEUP_SOURCE_CHILD_REF"),
			CacheDir: os.Getenv("TRUEUP_SOURCE_CHILD_CACHE")})
		if err != nil {
			fmt.Println("ERROR", err)
			os.Exit(1)
		}
		fmt.Println("COMMIT", co.Commit)
		return
	}
	f := newFixture(t)
	cache := t.TempDir()
	refs := map[string]string{"main": f.c2, "feature": f.feat, "v1": f.c1, "refs/pull/1/head": f.pr}
	type child struct {
		ref string
		cmd *exec.Cmd
		out *strings.Builder
	}
	var children []child
	for ref := range refs {
		cmd := exec.Command(os.Args[0], "-test.run=^TestParallelFetchesFromSeveralProcesses$")
		cmd.Env = append(os.Environ(), "TRUEUP_SOURCE_CHILD_URL=file://"+f.dir,
			"TRUEUP_SOURCE_CHILD_REF="+ref, "TRUEUP_SOURCE_CHILD_CACHE="+cache)
		out := &strings.Builder{}
		cmd.Stdout, cmd.Stderr = out, out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		children = append(children, child{ref, cmd, out})
	}
	for _, c := range children {
		err := c.cmd.Wait()
		if err != nil || !strings.Contains(c.out.String(), "COMMIT "+refs[c.ref]) {
			t.Errorf("child fetching %s: %v\n%s", c.ref, err, c.out)
		}
	}
}

func TestFetchWaitsForTheCacheLockAndGivesUpWhenCancelled(t *testing.T) {
	f := newFixture(t)
	cache := t.TempDir()
	if _, err := Fetch(context.Background(), Options{URL: f.dir, CacheDir: cache}); err != nil {
		t.Fatal(err)
	}
	lock := filepath.Join(singleEntry(t, cache), lockName)
	unlock, busy, err := tryLock(lock)
	if err != nil || busy {
		t.Fatalf("taking the lock: busy=%v %v", busy, err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	log, buf := captureLog()
	done := make(chan error, 1)
	go func() {
		_, err := Fetch(ctx, Options{URL: f.dir, CacheDir: cache, Log: log})
		done <- err
	}()
	// The waiting Fetch logs once that it waits; then cancel it.
	for !strings.Contains(buf.String(), "waiting for the cache entry lock") {
		select {
		case err := <-done:
			t.Fatalf("Fetch returned while the lock was held: %v", err)
		default:
		}
		waitABit()
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("error = %v, want context.Canceled", err)
	}
	unlock()
	if _, err := Fetch(context.Background(), Options{URL: f.dir, CacheDir: cache}); err != nil {
		t.Fatalf("after the lock is released: %v", err)
	}
}

func TestDefaultCacheIsUnderXDGCacheHome(t *testing.T) {
	f := newFixture(t)
	xdg := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", xdg)
	if _, err := Fetch(context.Background(), Options{URL: f.dir}); err != nil {
		t.Fatal(err)
	}
	singleEntry(t, filepath.Join(xdg, "trueup", "git"))
}

func TestLeftoverTemporaryTreesAreCleanedUp(t *testing.T) {
	f := newFixture(t)
	cache := t.TempDir()
	if _, err := Fetch(context.Background(), Options{URL: f.dir, Ref: "v1", CacheDir: cache}); err != nil {
		t.Fatal(err)
	}
	// A crashed run left a half-written tree behind.
	leftover := filepath.Join(singleEntry(t, cache), treesDir, ".tmp-crashed")
	if err := os.MkdirAll(filepath.Join(leftover, "stack"), 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := Fetch(context.Background(), Options{URL: f.dir, Ref: "main", CacheDir: cache}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(leftover); !os.IsNotExist(err) {
		t.Errorf("the leftover temporary tree is still there: %v", err)
	}
}
