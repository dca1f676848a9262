package source

import (
	"context"
	"strings"
)

// Fetch resolves opts.Ref in the repository at opts.URL, brings the commit
// into the local cache (cloning the first time, fetching afterwards;
// shallow for a branch, tag or ref) and materialises it as a directory of
// its own, shared only with runs at the same commit. Concurrent calls on
// one cache, from goroutines or processes, are safe: they take turns per
// repository.
//
// Cancelling ctx stops a fetch or checkout in progress and returns an error
// matching ctx.Err(). Errors are *Error values matching one of the Err*
// kinds where one applies.
func Fetch(ctx context.Context, opts Options) (*Checkout, error) {
	path, perr := cleanPath(opts.Path)
	s, err := newSession(opts, func(url string) string { return sourceString(url, opts.Path, opts.Ref) })
	if err != nil {
		return nil, err
	}
	if perr != nil {
		return nil, s.wrap(perr)
	}
	unlock, err := s.lock(ctx)
	if err != nil {
		return nil, err
	}
	defer unlock()

	s.log.Debug("resolving", "url", s.ep.display, "ref", displayRef(opts.Ref), "cache", s.entry)
	r, err := s.resolve(ctx, opts.Ref, 1)
	if err != nil {
		return nil, s.wrap(err)
	}
	root, err := s.export(ctx, r)
	if err != nil {
		return nil, s.wrap(err)
	}
	dir, err := s.stackDir(root, path)
	if err != nil {
		return nil, s.wrap(err)
	}
	c := r.commit
	s.log.Info("checked out", "url", s.ep.display, "ref", displayRef(opts.Ref), "commit", c.Hash.String())
	return &Checkout{
		Dir:     dir,
		Root:    root,
		Commit:  c.Hash.String(),
		Ref:     string(r.ref),
		Author:  c.Author.Name + " <" + c.Author.Email + ">",
		Message: strings.TrimRight(c.Message, "\n"),
		When:    c.Author.When,
		Source:  sourceString(s.ep.display, path, opts.Ref),
	}, nil
}
