package forge

import (
	"context"
	"fmt"
	"time"

	"github.com/google/go-github/v93/github"
	gitlab "gitlab.com/gitlab-org/api/client-go/v2"
)

// Release is one release of a repository.
type Release struct {
	Tag string
	// Commit is the commit the release's tag names ("" when the listing
	// does not say; see ReleaseCommit).
	Commit    string
	Published time.Time
	URL       string
}

// ListReleases returns the repository's latest releases (up to 100),
// drafts excluded.
func (g *GitHub) ListReleases(ctx context.Context, repo string) ([]Release, error) {
	owner, name, err := splitRepo(repo)
	if err != nil {
		return nil, newError("github", repo, "list releases", 0, err)
	}
	var out []Release
	err = g.retry.do(ctx, g.log, "list releases", func() error {
		rs, resp, err := g.client.Repositories.ListReleases(ctx, owner, name, &github.ListOptions{PerPage: 100})
		if err != nil {
			return g.wrap(repo, "list releases", resp, err)
		}
		out = out[:0]
		for _, r := range rs {
			if r.GetDraft() {
				continue
			}
			out = append(out, Release{Tag: r.GetTagName(), Published: r.GetPublishedAt().Time, URL: r.GetHTMLURL()})
		}
		return nil
	})
	return out, err
}

// ReleaseCommit returns the object the release tag's ref names.
func (g *GitHub) ReleaseCommit(ctx context.Context, repo, tag string) (string, error) {
	owner, name, err := splitRepo(repo)
	if err != nil {
		return "", newError("github", repo, "read tag", 0, err)
	}
	var sha string
	err = g.retry.do(ctx, g.log, "read tag", func() error {
		ref, resp, err := g.client.Git.GetRef(ctx, owner, name, "tags/"+tag)
		if err != nil {
			return g.wrap(repo, fmt.Sprintf("read tag %s", tag), resp, err)
		}
		sha = ref.GetObject().GetSHA()
		return nil
	})
	return sha, err
}

// ListReleases returns the project's latest releases (up to 100).
func (g *GitLab) ListReleases(ctx context.Context, repo string) ([]Release, error) {
	var out []Release
	err := g.retry.do(ctx, g.log, "list releases", func() error {
		rs, resp, err := g.client.Releases.ListReleases(repo, &gitlab.ListReleasesOptions{ListOptions: gitlab.ListOptions{PerPage: 100}}, gitlab.WithContext(ctx))
		if err != nil {
			return g.wrap(ctx, repo, "list releases", resp, err)
		}
		out = out[:0]
		for _, r := range rs {
			rel := Release{Tag: r.TagName, Commit: r.Commit.ID, URL: r.Links.Self}
			if r.ReleasedAt != nil {
				rel.Published = *r.ReleasedAt
			}
			out = append(out, rel)
		}
		return nil
	})
	return out, err
}

// ReleaseCommit returns the commit of the release tagged tag.
func (g *GitLab) ReleaseCommit(ctx context.Context, repo, tag string) (string, error) {
	var sha string
	err := g.retry.do(ctx, g.log, "read release", func() error {
		r, resp, err := g.client.Releases.GetRelease(repo, tag, gitlab.WithContext(ctx))
		if err != nil {
			return g.wrap(ctx, repo, fmt.Sprintf("read release %s", tag), resp, err)
		}
		sha = r.Commit.ID
		return nil
	})
	return sha, err
}
