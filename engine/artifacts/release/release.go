// Package release is the artifact source for a forge repository's
// releases (GitHub, GitLab): each release tag is a candidate, its commit
// the digest ("git:SHA"), its publication its creation time, its page the
// link. It calls the forge through the narrow Forge interface, which the
// engine/forge clients implement.
package release

import (
	"context"
	"fmt"

	"github.com/trueup/trueup/engine/artifacts"
	"github.com/trueup/trueup/engine/forge"
)

// Forge is what the source asks of a forge client.
type Forge interface {
	ListReleases(ctx context.Context, repo string) ([]forge.Release, error)
	ReleaseCommit(ctx context.Context, repo, tag string) (string, error)
}

var (
	_ Forge = (*forge.GitHub)(nil)
	_ Forge = (*forge.GitLab)(nil)
)

// Source lists the releases of one repository.
type Source struct {
	forge Forge
	repo  string
}

var _ artifacts.Source = (*Source)(nil)

// New returns the source of repo ("owner/name") on f.
func New(f Forge, repo string) *Source { return &Source{forge: f, repo: repo} }

// List returns every release.
func (s *Source) List(ctx context.Context) ([]artifacts.Candidate, error) {
	rs, err := s.forge.ListReleases(ctx, s.repo)
	if err != nil {
		return nil, fmt.Errorf("listing the releases of %s: %w", s.repo, err)
	}
	out := make([]artifacts.Candidate, 0, len(rs))
	for _, r := range rs {
		c := artifacts.Candidate{Tag: r.Tag, Version: r.Tag, Created: r.Published, Location: s.repo, Link: r.URL}
		if r.Commit != "" {
			c.Digest = "git:" + r.Commit
		}
		out = append(out, c)
	}
	return out, nil
}

// Resolve reads the commit of the release's tag.
func (s *Source) Resolve(ctx context.Context, c artifacts.Candidate) (artifacts.Candidate, error) {
	sha, err := s.forge.ReleaseCommit(ctx, s.repo, c.Tag)
	if err != nil {
		return c, fmt.Errorf("resolving release %s of %s: %w", c.Tag, s.repo, err)
	}
	c.Digest, c.Location = "git:"+sha, s.repo
	return c, nil
}
