package forge

import (
	"context"
	"fmt"

	"github.com/google/go-github/v93/github"
	gitlab "gitlab.com/gitlab-org/api/client-go/v2"
)

// PullRequestSpec is a pull request (merge request on GitLab) to open or
// update: Head is the branch with the changes, Base the one they go into.
type PullRequestSpec struct {
	Head, Base  string
	Title, Body string
}

// UpsertPullRequest makes sure repo has exactly one open pull request from
// pr.Head into pr.Base, titled and described as pr says: it edits the open
// one when there is one and opens one otherwise. It returns the pull
// request's number and whether it was created.
func (g *GitHub) UpsertPullRequest(ctx context.Context, repo string, pr PullRequestSpec) (int, bool, error) {
	const op = "upsert pull request"
	owner, name, err := splitRepo(repo)
	if err != nil {
		return 0, false, newError("github", repo, op, 0, err)
	}
	var number int
	var created bool
	err = g.retry.do(ctx, g.log, op, func() error {
		open, resp, err := g.client.PullRequests.List(ctx, owner, name, &github.PullRequestListOptions{
			State: "open", Head: owner + ":" + pr.Head, Base: pr.Base})
		if err != nil {
			return g.wrap(repo, "list pull requests", resp, err)
		}
		for _, p := range open {
			if p.GetHead().GetRef() != pr.Head {
				continue // a forge that ignores the head filter
			}
			number = p.GetNumber()
			if p.GetTitle() == pr.Title && p.GetBody() == pr.Body {
				return nil
			}
			_, resp, err := g.client.PullRequests.Edit(ctx, owner, name, number, &github.PullRequest{Title: &pr.Title, Body: &pr.Body})
			return g.wrap(repo, fmt.Sprintf("edit pull request #%d", number), resp, err)
		}
		p, resp, err := g.client.PullRequests.Create(ctx, owner, name, github.CreatePullRequest{Title: &pr.Title, Head: pr.Head, Base: pr.Base, Body: &pr.Body})
		if err != nil {
			return g.wrap(repo, "create pull request", resp, err)
		}
		number, created = p.GetNumber(), true
		return nil
	})
	return number, created, err
}

// UpsertPullRequest is GitHub's UpsertPullRequest for GitLab merge
// requests; the number is the merge request's IID.
func (g *GitLab) UpsertPullRequest(ctx context.Context, repo string, pr PullRequestSpec) (int, bool, error) {
	const op = "upsert merge request"
	var number int
	var created bool
	err := g.retry.do(ctx, g.log, op, func() error {
		open, resp, err := g.client.MergeRequests.ListProjectMergeRequests(repo, &gitlab.ListProjectMergeRequestsOptions{
			State: new("opened"), SourceBranch: &pr.Head, TargetBranch: &pr.Base}, gitlab.WithContext(ctx))
		if err != nil {
			return g.wrap(ctx, repo, "list merge requests", resp, err)
		}
		for _, m := range open {
			if m.SourceBranch != pr.Head {
				continue
			}
			number = int(m.IID)
			if m.Title == pr.Title && m.Description == pr.Body {
				return nil
			}
			_, resp, err := g.client.MergeRequests.UpdateMergeRequest(repo, m.IID, &gitlab.UpdateMergeRequestOptions{Title: &pr.Title, Description: &pr.Body}, gitlab.WithContext(ctx))
			return g.wrap(ctx, repo, fmt.Sprintf("edit merge request !%d", number), resp, err)
		}
		m, resp, err := g.client.MergeRequests.CreateMergeRequest(repo, &gitlab.CreateMergeRequestOptions{Title: &pr.Title, Description: &pr.Body,
			SourceBranch: &pr.Head, TargetBranch: &pr.Base}, gitlab.WithContext(ctx))
		if err != nil {
			return g.wrap(ctx, repo, "create merge request", resp, err)
		}
		number, created = int(m.IID), true
		return nil
	})
	return number, created, err
}
