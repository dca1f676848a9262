package source

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// singleEntry returns the only cache entry directory under cache.
func singleEntry(t testing.TB, cache string) string {
	t.Helper()
	entries, err := os.ReadDir(cache)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 {
		t.Fatalf("cache holds %d entries, want 1: %v", len(entries), entries)
	}
	return filepath.Join(cache, entries[0].Name())
}

// countCommits counts the commit objects in a repository.
func countCommits(t testing.TB, dir string) int {
	t.Helper()
	repo, err := git.PlainOpen(dir)
	if err != nil {
		t.Fatalf("opening %s: %v", dir, err)
	}
	iter, err := repo.CommitObjects()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	iter.ForEach(func(*object.Commit) error { n++; return nil })
	return n
}

// waitABit yields while polling for a condition.
func waitABit() { time.Sleep(5 * time.Millisecond) }
