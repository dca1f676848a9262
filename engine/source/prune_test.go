package source

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestPruneCheckoutsRemovesOnlyUnusedOnes(t *testing.T) {
	f := newFixture(t)
	cache := t.TempDir()
	old, err := Fetch(context.Background(), Options{URL: f.dir, Ref: "v1", CacheDir: cache})
	if err != nil {
		t.Fatal(err)
	}
	recent, err := Fetch(context.Background(), Options{URL: f.dir, Ref: "main", CacheDir: cache})
	if err != nil {
		t.Fatal(err)
	}
	long := time.Now().Add(-48 * time.Hour)
	if err := os.Chtimes(old.Root, long, long); err != nil {
		t.Fatal(err)
	}

	removed, err := PruneCheckouts(context.Background(), cache, 24*time.Hour, nil)
	if err != nil {
		t.Fatal(err)
	}
	if removed != 1 {
		t.Errorf("removed %d checkouts, want 1", removed)
	}
	if _, err := os.Stat(old.Root); !os.IsNotExist(err) {
		t.Errorf("the unused checkout is still there: %v", err)
	}
	if _, err := os.Stat(filepath.Join(recent.Dir, "stack", "main.tf")); err != nil {
		t.Errorf("the recent checkout was removed: %v", err)
	}
	again, err := Fetch(context.Background(), Options{URL: f.dir, Ref: "v1", CacheDir: cache})
	if err != nil || readFile(t, filepath.Join(again.Dir, "stack", "main.tf")) != "# v1\n" {
		t.Fatalf("fetching a pruned commit again: %v", err)
	}
}

func TestPruneCheckoutsOfAnEmptyCacheRemovesNothing(t *testing.T) {
	n, err := PruneCheckouts(context.Background(), filepath.Join(t.TempDir(), "none"), time.Hour, nil)
	if err != nil || n != 0 {
		t.Fatalf("PruneCheckouts = %d, %v", n, err)
	}
}
