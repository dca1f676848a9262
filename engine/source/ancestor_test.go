package source

import (
	"context"
	"path/filepath"
	"testing"
)

func TestContainsTellsADivergedBranch(t *testing.T) {
	f := newFixture(t)
	daemon := startGitDaemon(t, filepath.Dir(f.dir))
	opts := Options{URL: daemon + "origin", CacheDir: t.TempDir()}
	for _, tc := range []struct {
		name, base, head string
		want             bool
	}{
		{"a later commit contains an earlier one", f.c1, f.c2, true},
		{"a commit contains itself", f.c2, f.c2, true},
		{"an earlier commit does not contain a later one", f.c2, f.c1, false},
		{"a branch behind commits made on base since it forked", "main", "feature", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, base, err := Contains(context.Background(), opts, tc.base, tc.head)
			if err != nil || got != tc.want || len(base) != 40 {
				t.Errorf("Contains(%s, %s) = %v, %q, %v; want %v", tc.base, tc.head, got, base, err, tc.want)
			}
		})
	}
}
