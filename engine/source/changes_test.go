package source

import (
	"context"
	"errors"
	"path/filepath"
	"reflect"
	"testing"
)

func TestChangedPathsComparesHeadWithTheMergeBase(t *testing.T) {
	f := newFixture(t)
	f.git("checkout", "-q", "-b", "rename", f.c2)
	f.git("mv", "docs/guide/index.md", "docs/guide/start.md")
	f.git("commit", "-q", "-m", "rename")
	f.git("checkout", "-q", "main")
	daemon := startGitDaemon(t, filepath.Dir(f.dir))
	cache := t.TempDir()

	cases := []struct {
		name, base, head string
		want             []string
	}{
		{"a push lists what its commits changed", f.c1, f.c2, []string{"stack/main.tf"}},
		{"a branch ignores commits made on base since it forked", "main", "feature", []string{"stack/feature.tf"}},
		{"a pull request ref against its base branch", "main", "refs/pull/1/head", []string{"stack/pr.tf"}},
		{"a merge request ref against its base branch", "main", "refs/merge-requests/2/head", []string{"stack/mr.tf"}},
		{"a rename lists both names", "main", "rename", []string{"docs/guide/index.md", "docs/guide/start.md"}},
		{"no change lists nothing", "main", f.c2, []string{}},
		{"abbreviated SHAs resolve", f.c1[:7], f.feat[:7], []string{"stack/feature.tf"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ChangedPaths(context.Background(), Options{URL: daemon + "origin", CacheDir: cache}, tc.base, tc.head)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("changed = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestChangedPathsAfterAShallowFetchSeesHistory(t *testing.T) {
	f := newFixture(t)
	cache := t.TempDir()
	if _, err := Fetch(context.Background(), Options{URL: f.dir, Ref: "main", CacheDir: cache}); err != nil {
		t.Fatal(err)
	}
	got, err := ChangedPaths(context.Background(), Options{URL: f.dir, CacheDir: cache}, "v1", "main")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, []string{"stack/main.tf"}) {
		t.Errorf("changed = %q", got)
	}
}

func TestChangedPathsNamesAnUnknownRef(t *testing.T) {
	f := newFixture(t)
	_, err := ChangedPaths(context.Background(), Options{URL: f.dir, CacheDir: t.TempDir()}, "main", "refs/pull/9/head")
	if !errors.Is(err, ErrUnknownRef) {
		t.Fatalf("error = %v, want ErrUnknownRef", err)
	}
}

func TestTouchesPath(t *testing.T) {
	changed := []string{"stack/main.tf", "modules/net/vars.tf"}
	cases := []struct {
		name string
		dirs []string
		want bool
	}{
		{"a file in the stack directory touches it", []string{"stack"}, true},
		{"a file in a local module touches the module", []string{"envs/prod", "modules/net"}, true},
		{"a sibling with a common prefix does not", []string{"stack2"}, false},
		{"a parent of the changed file touches", []string{"modules"}, true},
		{"the repository root touches everything", []string{""}, true},
		{"a trailing slash or ./ is ignored", []string{"./stack/"}, true},
		{"an unrelated directory does not", []string{"docs"}, false},
		{"no directories touch nothing", nil, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := TouchesPath(changed, tc.dirs...); got != tc.want {
				t.Errorf("TouchesPath(%q) = %v, want %v", tc.dirs, got, tc.want)
			}
		})
	}
	if TouchesPath(nil, "") {
		t.Error("no changes touch nothing, even the root")
	}
}
