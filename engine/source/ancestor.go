package source

import "context"

// Contains reports whether head's history contains base (base is an
// ancestor of head or head itself): a pull request whose head contains
// its base branch's head has not diverged from it. It returns the commit
// base resolved to. Like ChangedPaths it fetches full history into the
// cache; opts.Ref and opts.Path are not used.
func Contains(ctx context.Context, opts Options, base, head string) (bool, string, error) {
	s, err := newSession(opts, func(url string) string { return url + "@" + displayRef(base) + "..." + displayRef(head) })
	if err != nil {
		return false, "", err
	}
	unlock, err := s.lock(ctx)
	if err != nil {
		return false, "", err
	}
	defer unlock()
	from, err := s.resolve(ctx, base, 0)
	if err != nil {
		return false, "", s.wrap(err)
	}
	to, err := s.resolve(ctx, head, 0)
	if err != nil {
		return false, "", s.wrap(err)
	}
	ok, err := from.commit.IsAncestor(to.commit)
	if err != nil {
		return false, "", s.wrap(err)
	}
	return ok, from.commit.Hash.String(), nil
}
