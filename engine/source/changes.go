package source

import (
	"context"
	"path"
	"sort"
	"strings"

	"github.com/go-git/go-git/v5/plumbing/object"
)

// ChangedPaths lists the files that head changes relative to base, as
// repository-relative slash-separated paths, sorted. Like a forge's "files
// changed" view it compares head with the merge base of base and head, so
// that commits on base since head branched off do not count; when base is
// an ancestor of head (a push) that is simply base..head. A renamed file
// appears under both names. base and head are refs or SHAs as in
// Options.Ref; opts.Ref and opts.Path are not used.
//
// It needs history, so it fetches full (not shallow) history into the
// cache. Cancelling ctx stops it.
func ChangedPaths(ctx context.Context, opts Options, base, head string) ([]string, error) {
	s, err := newSession(opts, func(url string) string { return url + "@" + displayRef(base) + "..." + displayRef(head) })
	if err != nil {
		return nil, err
	}
	unlock, err := s.lock(ctx)
	if err != nil {
		return nil, err
	}
	defer unlock()

	from, err := s.resolve(ctx, base, 0)
	if err != nil {
		return nil, s.wrap(err)
	}
	to, err := s.resolve(ctx, head, 0)
	if err != nil {
		return nil, s.wrap(err)
	}
	fromCommit := from.commit
	if bases, err := to.commit.MergeBase(from.commit); err == nil && len(bases) > 0 {
		fromCommit = bases[0]
	}
	paths, err := diffPaths(ctx, fromCommit, to.commit)
	if err != nil {
		return nil, s.wrap(err)
	}
	s.log.Debug("changed paths", "url", s.ep.display, "base", fromCommit.Hash.String(), "head", to.commit.Hash.String(), "count", len(paths))
	return paths, nil
}

// diffPaths lists the paths that differ between two commits' trees.
func diffPaths(ctx context.Context, from, to *object.Commit) ([]string, error) {
	fromTree, err := from.Tree()
	if err != nil {
		return nil, err
	}
	toTree, err := to.Tree()
	if err != nil {
		return nil, err
	}
	changes, err := object.DiffTreeWithOptions(ctx, fromTree, toTree, nil)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for _, c := range changes {
		seen[c.From.Name] = true
		seen[c.To.Name] = true
	}
	delete(seen, "")
	paths := make([]string, 0, len(seen))
	for p := range seen {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	return paths, nil
}

// TouchesPath reports whether any of the changed paths (as ChangedPaths
// returns them) is in one of the directories dirs (repository-relative;
// "" or "." is the whole repository).
func TouchesPath(changed []string, dirs ...string) bool {
	for _, dir := range dirs {
		dir = path.Clean(strings.TrimPrefix(path.Clean("/"+dir), "/"))
		for _, p := range changed {
			if dir == "." || p == dir || strings.HasPrefix(p, dir+"/") {
				return true
			}
		}
	}
	return false
}
