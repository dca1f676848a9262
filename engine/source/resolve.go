package source

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// resolved is a commit found in one of the cache's repositories.
type resolved struct {
	repo   *git.Repository
	commit *object.Commit
	ref    plumbing.ReferenceName // "" when asked for by SHA
}

// resolve finds ref on the remote, fetches it into the cache and returns
// its commit. depth 1 is a shallow fetch; depth 0 fetches history.
func (s *session) resolve(ctx context.Context, ref string, depth int) (*resolved, error) {
	// A full SHA names one commit for ever: once cached, no need to ask.
	if plumbing.IsHash(ref) {
		if r, err := s.cachedCommit(strings.ToLower(ref), depth); r != nil || err != nil {
			return r, err
		}
	}
	refs, err := s.remoteRefs(ctx)
	if err != nil {
		return nil, err
	}
	name, err := lookupRef(refs, ref)
	if err != nil {
		return nil, s.errorf(ErrUnknownRef, "%v", err)
	}
	if name != "" {
		return s.fetchRef(ctx, name, refs[name].Hash(), depth)
	}
	if isSHA(ref) {
		return s.fetchSHA(ctx, strings.ToLower(ref), depth)
	}
	return nil, s.errorf(ErrUnknownRef, "no branch, tag or ref named %q", ref)
}

// lookupRef returns the full name of ref among the remote's refs, trying
// the names git tries (refs/R, refs/tags/R, refs/heads/R), or "" when none
// matches. "" and "HEAD" are the remote's HEAD.
func lookupRef(refs map[plumbing.ReferenceName]*plumbing.Reference, ref string) (plumbing.ReferenceName, error) {
	if ref == "" || ref == "HEAD" {
		head, ok := refs[plumbing.HEAD]
		if !ok {
			return "", errors.New("the remote does not say which branch HEAD is; give a ref")
		}
		if head.Type() == plumbing.HashReference {
			return "", errors.New("the remote's HEAD is detached; give a ref")
		}
		if _, ok := refs[head.Target()]; !ok {
			return "", fmt.Errorf("the remote's HEAD points to %s, which does not exist", head.Target())
		}
		return head.Target(), nil
	}
	candidates := []string{"refs/" + ref, "refs/tags/" + ref, "refs/heads/" + ref}
	if strings.HasPrefix(ref, "refs/") {
		candidates = []string{ref}
	}
	for _, c := range candidates {
		if r, ok := refs[plumbing.ReferenceName(c)]; ok && r.Type() == plumbing.HashReference {
			return r.Name(), nil
		}
	}
	return "", nil
}

// isSHA reports whether ref can be a full or abbreviated commit SHA (4 to
// 40 hex digits, as git accepts).
func isSHA(ref string) bool {
	if len(ref) < 4 || len(ref) > 40 {
		return false
	}
	_, err := hex.DecodeString(ref[:len(ref)&^1])
	return err == nil && strings.Trim(strings.ToLower(ref[len(ref)&^1:]), "0123456789abcdef") == ""
}

// storeFor is the repository fetches of a depth go to.
func storeFor(depth int) string {
	if depth == 1 {
		return shallowStore
	}
	return fullStore
}

// fetchRef fetches a named ref unless its object is already cached.
func (s *session) fetchRef(ctx context.Context, name plumbing.ReferenceName, hash plumbing.Hash, depth int) (*resolved, error) {
	repo, err := s.store(storeFor(depth))
	if err != nil {
		return nil, err
	}
	if _, err := repo.Storer.EncodedObject(plumbing.AnyObject, hash); err == nil {
		s.log.Debug("ref already in cache", "url", s.ep.display, "ref", name, "commit", hash)
	} else {
		s.log.Info("fetching", "url", s.ep.display, "ref", name, "shallow", depth == 1)
		spec := config.RefSpec("+" + string(name) + ":" + string(name))
		if err := s.fetch(ctx, repo, depth, spec); err != nil {
			return nil, err
		}
	}
	c, err := peel(repo, hash)
	if err != nil {
		return nil, s.errorf(ErrUnknownRef, "%s does not point to a commit: %v", name, err)
	}
	return &resolved{repo: repo, commit: c, ref: name}, nil
}

// fetchSHA finds a commit by full or abbreviated SHA: in the cache, then
// fetched by SHA where the server allows it, then in the full history of
// every branch and tag.
func (s *session) fetchSHA(ctx context.Context, sha string, depth int) (*resolved, error) {
	if r, err := s.cachedCommit(sha, depth); r != nil || err != nil {
		return r, err
	}
	if plumbing.IsHash(sha) {
		r, err := s.fetchExactSHA(ctx, sha, depth)
		if r != nil || err != nil {
			return r, err
		}
	}
	repo, err := s.store(fullStore)
	if err != nil {
		return nil, err
	}
	s.log.Info("fetching all branches and tags to find a commit", "url", s.ep.display, "commit", sha)
	if err := s.fetch(ctx, repo, 0, "+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*"); err != nil {
		return nil, err
	}
	if r, err := s.findCommit(fullStore, sha); r != nil || err != nil {
		return r, err
	}
	return nil, s.errorf(ErrUnknownRef, "no branch, tag or commit named %q (commits are looked for in every branch and tag)", sha)
}

// cachedCommit finds a commit by SHA in the stores that can serve depth:
// either for a checkout, only the full store when history is needed.
func (s *session) cachedCommit(sha string, depth int) (*resolved, error) {
	stores := []string{fullStore}
	if depth == 1 {
		stores = []string{shallowStore, fullStore}
	}
	for _, name := range stores {
		if r, err := s.findCommit(name, sha); r != nil || err != nil {
			return r, err
		}
	}
	return nil, nil
}

// fetchExactSHA asks the server for one commit by SHA. Servers that do not
// allow it (plain git daemon, http-backend) make it return nil, nil.
func (s *session) fetchExactSHA(ctx context.Context, sha string, depth int) (*resolved, error) {
	repo, err := s.store(storeFor(depth))
	if err != nil {
		return nil, err
	}
	spec := config.RefSpec(sha + ":refs/trueup/commits/" + sha)
	err = s.fetch(ctx, repo, depth, spec)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if k := classify(err); k == ErrAuthFailed || k == ErrRepoNotFound || k == ErrHostKey {
			return nil, err
		}
		s.log.Debug("the server does not serve this commit by SHA", "commit", sha, "reason", s.scrub.scrub(err.Error()))
		return nil, nil
	}
	return s.findCommit(storeFor(depth), sha)
}

// findCommit looks a full or abbreviated SHA up in a store: nil, nil when
// absent, an error when an abbreviation is ambiguous.
func (s *session) findCommit(store, sha string) (*resolved, error) {
	if _, err := os.Stat(filepath.Join(s.entry, store)); os.IsNotExist(err) {
		return nil, nil
	}
	repo, err := s.store(store)
	if err != nil {
		return nil, err
	}
	hashes, err := hashesWithPrefix(repo, sha)
	if err != nil {
		return nil, err
	}
	found := map[plumbing.Hash]*object.Commit{}
	for _, h := range hashes {
		if c, err := peel(repo, h); err == nil {
			found[c.Hash] = c
		}
	}
	switch len(found) {
	case 0:
		return nil, nil
	case 1:
		for _, c := range found {
			return &resolved{repo: repo, commit: c}, nil
		}
	}
	return nil, s.errorf(ErrUnknownRef, "the short SHA %q is ambiguous: it matches %d commits", sha, len(found))
}

// hashesWithPrefix lists the objects whose SHA starts with the hex prefix.
func hashesWithPrefix(repo *git.Repository, prefix string) ([]plumbing.Hash, error) {
	if plumbing.IsHash(prefix) {
		h := plumbing.NewHash(prefix)
		if _, err := repo.Storer.EncodedObject(plumbing.AnyObject, h); err != nil {
			return nil, nil
		}
		return []plumbing.Hash{h}, nil
	}
	lister, ok := repo.Storer.(interface {
		HashesWithPrefix([]byte) ([]plumbing.Hash, error)
	})
	if !ok {
		return nil, errors.New("the cache storage cannot look up abbreviated SHAs")
	}
	even, _ := hex.DecodeString(prefix[:len(prefix)&^1])
	hashes, err := lister.HashesWithPrefix(even)
	if err != nil {
		return nil, err
	}
	var out []plumbing.Hash
	for _, h := range hashes {
		if strings.HasPrefix(h.String(), prefix) {
			out = append(out, h)
		}
	}
	return out, nil
}

// peel follows annotated tags to the commit they name.
func peel(repo *git.Repository, hash plumbing.Hash) (*object.Commit, error) {
	for range 10 {
		obj, err := repo.Object(plumbing.AnyObject, hash)
		if err != nil {
			return nil, err
		}
		switch o := obj.(type) {
		case *object.Commit:
			return o, nil
		case *object.Tag:
			hash = o.Target
		default:
			return nil, fmt.Errorf("%s is a %s, not a commit", hash, obj.Type())
		}
	}
	return nil, fmt.Errorf("%s: too many nested tags", hash)
}
