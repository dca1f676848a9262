package source

import (
	"context"
	"os"
	"path/filepath"
	"time"

	"github.com/hashicorp/go-hclog"
)

// touch marks a checkout as used now; PruneCheckouts goes by this time.
func touch(dir string) {
	now := time.Now()
	os.Chtimes(dir, now, now)
}

// PruneCheckouts removes the checkouts (exported commit trees) under
// cacheDir ("" is the default cache) that Fetch has not handed out for
// longer than unused, and returns how many it removed. The cloned
// repositories are kept, so a later Fetch of a pruned commit only exports
// it again. Pick unused well above the longest run: a run still reading a
// checkout older than that would lose it. It takes each cache entry's lock
// in turn; cancelling ctx stops between entries.
func PruneCheckouts(ctx context.Context, cacheDir string, unused time.Duration, log hclog.Logger) (int, error) {
	root, err := Options{CacheDir: cacheDir}.cacheRoot()
	if err != nil {
		return 0, err
	}
	log = Options{Log: log}.logger()
	entries, err := os.ReadDir(root)
	if os.IsNotExist(err) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	cutoff := time.Now().Add(-unused)
	removed := 0
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		n, err := pruneEntry(ctx, filepath.Join(root, e.Name()), cutoff, log)
		removed += n
		if err != nil {
			return removed, err
		}
	}
	return removed, nil
}

// pruneEntry removes one cache entry's checkouts last used before cutoff.
func pruneEntry(ctx context.Context, entry string, cutoff time.Time, log hclog.Logger) (int, error) {
	unlock, err := lockEntry(ctx, filepath.Join(entry, lockName), log)
	if err != nil {
		return 0, err
	}
	defer unlock()
	trees, err := os.ReadDir(filepath.Join(entry, treesDir))
	if err != nil {
		return 0, nil // no checkouts yet
	}
	removed := 0
	for _, t := range trees {
		info, err := t.Info()
		if err != nil || !info.ModTime().Before(cutoff) {
			continue
		}
		dir := filepath.Join(entry, treesDir, t.Name())
		if err := os.RemoveAll(dir); err != nil {
			return removed, err
		}
		log.Debug("pruned checkout", "dir", dir)
		removed++
	}
	return removed, nil
}
