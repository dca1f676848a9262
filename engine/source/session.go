package source

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/storage/memory"
	"github.com/hashicorp/go-hclog"
)

// Cache entry layout: one directory per normalised URL holding
//
//	lock          the entry's lock file
//	shallow.git   bare repository of depth-1 fetches (branches, tags, SHAs)
//	full.git      bare repository of full-history fetches (SHAs, ChangedPaths)
//	trees/SHA     the exported tree of each commit checked out
//
// Shallow and full fetches go to different repositories because a full
// fetch into a shallow repository would leave holes in its history.
const (
	shallowStore = "shallow.git"
	fullStore    = "full.git"
	treesDir     = "trees"
	lockName     = "lock"
)

// session is one Fetch or ChangedPaths call: endpoint, credentials, cache
// entry, and the remote's refs, listed once.
type session struct {
	ep     *endpoint
	creds  credentials
	scrub  *scrubber
	entry  string
	log    hclog.Logger
	source string
	refs   map[plumbing.ReferenceName]*plumbing.Reference
	stores map[string]*git.Repository
}

// newSession parses the options and prepares the cache entry directory.
func newSession(opts Options, source func(url string) string) (*session, error) {
	log := opts.logger()
	ep, err := parseEndpoint(opts.URL)
	if err != nil {
		return nil, &Error{Source: source(RedactURL(opts.URL)), Kind: ErrInvalidOptions, Detail: err.Error()}
	}
	s := &session{ep: ep, log: log, source: source(ep.display), stores: map[string]*git.Repository{}}
	s.scrub = &scrubber{raw: ep.raw, display: ep.display}
	s.scrub.add(ep.password)
	if ep.scheme == "http" || ep.scheme == "https" {
		s.scrub.add(ep.user) // a token may be given as the user name
	}
	if err := ep.checkLocalRepo(); err != nil {
		return nil, s.wrap(err)
	}
	if s.creds, err = opts.Auth.build(ep, log); err != nil {
		return nil, s.wrap(err)
	}
	s.scrub.add(s.creds.secrets...)
	root, err := opts.cacheRoot()
	if err != nil {
		return nil, s.wrap(err)
	}
	s.entry = filepath.Join(root, ep.cacheName())
	if err := os.MkdirAll(s.entry, 0o755); err != nil {
		return nil, s.wrap(fmt.Errorf("creating the cache: %w", err))
	}
	return s, nil
}

// wrap makes err an *Error naming the session's source.
func (s *session) wrap(err error) error { return s.scrub.wrap(s.source, err) }

// errorf makes an *Error of a kind naming the session's source.
func (s *session) errorf(kind error, format string, args ...any) error {
	return s.scrub.errorf(s.source, kind, format, args...)
}

// lock takes the cache entry's lock.
func (s *session) lock(ctx context.Context) (func(), error) {
	unlock, err := lockEntry(ctx, filepath.Join(s.entry, lockName), s.log)
	if err != nil {
		return nil, s.wrap(fmt.Errorf("locking the cache entry: %w", err))
	}
	return unlock, nil
}

// store opens (creating it the first time) one of the entry's bare
// repositories. A store that cannot be opened is a broken cache and is
// recreated.
func (s *session) store(name string) (*git.Repository, error) {
	if r := s.stores[name]; r != nil {
		return r, nil
	}
	dir := filepath.Join(s.entry, name)
	r, err := git.PlainOpen(dir)
	if err != nil && !errors.Is(err, git.ErrRepositoryNotExists) {
		s.log.Warn("recreating a broken cache repository", "dir", dir, "error", err)
		if err := os.RemoveAll(dir); err != nil {
			return nil, err
		}
	}
	if err != nil {
		s.log.Debug("creating cache repository", "dir", dir)
		r, err = git.PlainInit(dir, true)
	}
	if err != nil {
		return nil, fmt.Errorf("opening the cache repository %s: %w", dir, err)
	}
	s.stores[name] = r
	return r, nil
}

// remote is the repository as a go-git remote writing into storer's repo.
func (s *session) remote(repo *git.Repository) *git.Remote {
	cfg := &config.RemoteConfig{Name: "origin", URLs: []string{s.ep.raw}}
	if repo == nil {
		return git.NewRemote(memory.NewStorage(), cfg)
	}
	return git.NewRemote(repo.Storer, cfg)
}

// remoteRefs lists the remote's refs (ls-remote), once per session.
func (s *session) remoteRefs(ctx context.Context) (map[plumbing.ReferenceName]*plumbing.Reference, error) {
	if s.refs != nil {
		return s.refs, nil
	}
	list, err := s.remote(nil).ListContext(ctx, &git.ListOptions{Auth: s.creds.method})
	if err != nil {
		return nil, err
	}
	s.refs = make(map[plumbing.ReferenceName]*plumbing.Reference, len(list))
	for _, r := range list {
		s.refs[r.Name()] = r
	}
	return s.refs, nil
}

// fetch runs one fetch into repo. depth 0 is full history.
func (s *session) fetch(ctx context.Context, repo *git.Repository, depth int, specs ...config.RefSpec) error {
	s.log.Debug("fetch", "url", s.ep.display, "refspecs", specs, "depth", depth)
	err := s.remote(repo).FetchContext(ctx, &git.FetchOptions{
		RemoteName: "origin",
		RefSpecs:   specs,
		Depth:      depth,
		Auth:       s.creds.method,
		Tags:       git.NoTags,
		Force:      true,
	})
	if errors.Is(err, git.NoErrAlreadyUpToDate) {
		return nil
	}
	return err
}
