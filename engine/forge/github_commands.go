package forge

import (
	"context"
	"fmt"

	"github.com/google/go-github/v93/github"
)

// Access returns user's permission on repo (GitHub's collaborator
// permission level): a user who is not a collaborator has AccessNone.
func (g *GitHub) Access(ctx context.Context, repo, user string) (Access, error) {
	const op = "read permission"
	owner, name, err := splitRepo(repo)
	if err != nil {
		return AccessNone, newError("github", repo, op, 0, err)
	}
	var level *github.RepositoryPermissionLevel
	err = g.retry.do(ctx, g.log, op, func() error {
		var resp *github.Response
		var err error
		level, resp, err = g.client.Repositories.GetPermissionLevel(ctx, owner, name, user)
		return g.wrap(repo, fmt.Sprintf("read the permission of %s", user), resp, err)
	})
	if isNotFound(err) {
		return AccessNone, nil
	}
	if err != nil {
		return AccessNone, err
	}
	switch level.GetPermission() {
	case "admin":
		return AccessAdmin, nil
	case "write", "maintain":
		return AccessWrite, nil
	case "read", "triage":
		return AccessRead, nil
	}
	return AccessNone, nil
}

// React adds a reaction to a pull request's comment.
func (g *GitHub) React(ctx context.Context, repo string, _ int, commentID int64, reaction string) error {
	const op = "react"
	owner, name, err := splitRepo(repo)
	if err != nil {
		return newError("github", repo, op, 0, err)
	}
	return g.retry.do(ctx, g.log, op, func() error {
		_, resp, err := g.client.Reactions.CreateIssueCommentReaction(ctx, owner, name, commentID, reaction)
		return g.wrap(repo, fmt.Sprintf("react %s to comment %d", reaction, commentID), resp, err)
	})
}

// PullRequest reads pull request number of repo.
func (g *GitHub) PullRequest(ctx context.Context, repo string, number int) (*PullRequest, error) {
	const op = "read pull request"
	owner, name, err := splitRepo(repo)
	if err != nil {
		return nil, newError("github", repo, op, 0, err)
	}
	var pr *github.PullRequest
	err = g.retry.do(ctx, g.log, op, func() error {
		var resp *github.Response
		var err error
		pr, resp, err = g.client.PullRequests.Get(ctx, owner, name, number)
		return g.wrap(repo, fmt.Sprintf("read pull request %d", number), resp, err)
	})
	if err != nil {
		return nil, err
	}
	out := &PullRequest{
		HeadSHA: pr.GetHead().GetSHA(), BaseSHA: pr.GetBase().GetSHA(), BaseBranch: pr.GetBase().GetRef(),
		Author: pr.GetUser().GetLogin(), Title: pr.GetTitle(), Open: pr.GetState() == "open", Mergeable: pr.GetMergeable(),
	}
	out.Approvers, err = g.approvers(ctx, repo, owner, name, number)
	return out, err
}

// approvers lists the users whose latest deciding review of the pull
// request approves it, as GitHub counts approvals.
func (g *GitHub) approvers(ctx context.Context, repo, owner, name string, number int) ([]string, error) {
	latest := map[string]string{}
	var order []string
	opts := &github.ListOptions{PerPage: 100}
	for page := 0; page < maxCommentPages; page++ {
		var reviews []*github.PullRequestReview
		var resp *github.Response
		err := g.retry.do(ctx, g.log, "list reviews", func() error {
			var err error
			reviews, resp, err = g.client.PullRequests.ListReviews(ctx, owner, name, number, opts)
			return g.wrap(repo, fmt.Sprintf("list the reviews of pull request %d", number), resp, err)
		})
		if err != nil {
			return nil, err
		}
		for _, r := range reviews {
			switch st := r.GetState(); st {
			case "APPROVED", "CHANGES_REQUESTED", "DISMISSED":
				user := r.GetUser().GetLogin()
				if _, seen := latest[user]; !seen {
					order = append(order, user)
				}
				latest[user] = st
			}
		}
		if resp == nil || resp.NextPage == 0 {
			break
		}
		opts.Page = resp.NextPage
	}
	var out []string
	for _, u := range order {
		if latest[u] == "APPROVED" {
			out = append(out, u)
		}
	}
	return out, nil
}
