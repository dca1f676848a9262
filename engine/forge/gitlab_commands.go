package forge

import (
	"context"
	"fmt"

	gitlab "gitlab.com/gitlab-org/api/client-go/v2"
)

// gitlabEmoji maps GitHub's reaction names to GitLab's award emoji.
var gitlabEmoji = map[string]string{ReactionSeen: "eyes", ReactionOK: "thumbsup", ReactionRefused: "thumbsdown", ReactionConfused: "confused"}

// Access returns user's access to the project repo, inherited from its
// groups: developer and maintainer are AccessWrite, owner AccessAdmin; a
// user who is not a member has AccessNone.
func (g *GitLab) Access(ctx context.Context, repo, user string) (Access, error) {
	const op = "read permission"
	var users []*gitlab.User
	err := g.retry.do(ctx, g.log, op, func() error {
		var resp *gitlab.Response
		var err error
		users, resp, err = g.client.Users.ListUsers(&gitlab.ListUsersOptions{Username: &user}, gitlab.WithContext(ctx))
		return g.wrap(ctx, repo, fmt.Sprintf("look up user %s", user), resp, err)
	})
	if err != nil || len(users) == 0 {
		return AccessNone, err
	}
	var m *gitlab.ProjectMember
	err = g.retry.do(ctx, g.log, op, func() error {
		var resp *gitlab.Response
		var err error
		m, resp, err = g.client.ProjectMembers.GetInheritedProjectMember(repo, users[0].ID, gitlab.WithContext(ctx))
		return g.wrap(ctx, repo, fmt.Sprintf("read the access of %s", user), resp, err)
	})
	if isNotFound(err) {
		return AccessNone, nil
	}
	if err != nil {
		return AccessNone, err
	}
	switch {
	case m.AccessLevel >= gitlab.OwnerPermissions:
		return AccessAdmin, nil
	case m.AccessLevel >= gitlab.DeveloperPermissions:
		return AccessWrite, nil
	case m.AccessLevel >= gitlab.GuestPermissions:
		return AccessRead, nil
	}
	return AccessNone, nil
}

// React awards an emoji to a merge request's note.
func (g *GitLab) React(ctx context.Context, repo string, number int, noteID int64, reaction string) error {
	const op = "react"
	name := gitlabEmoji[reaction]
	if name == "" {
		name = reaction
	}
	return g.retry.do(ctx, g.log, op, func() error {
		_, resp, err := g.client.AwardEmoji.CreateMergeRequestAwardEmojiOnNote(repo, int64(number), noteID,
			&gitlab.CreateAwardEmojiOptions{Name: name}, gitlab.WithContext(ctx))
		return g.wrap(ctx, repo, fmt.Sprintf("award %s to note %d", name, noteID), resp, err)
	})
}

// PullRequest reads merge request number (its IID) of the project repo.
func (g *GitLab) PullRequest(ctx context.Context, repo string, number int) (*PullRequest, error) {
	const op = "read merge request"
	var mr *gitlab.MergeRequest
	err := g.retry.do(ctx, g.log, op, func() error {
		var resp *gitlab.Response
		var err error
		mr, resp, err = g.client.MergeRequests.GetMergeRequest(repo, int64(number), nil, gitlab.WithContext(ctx))
		return g.wrap(ctx, repo, fmt.Sprintf("read merge request %d", number), resp, err)
	})
	if err != nil {
		return nil, err
	}
	pr := &PullRequest{HeadSHA: mr.SHA, BaseBranch: mr.TargetBranch, Title: mr.Title, Open: mr.State == "opened",
		Mergeable: mr.DetailedMergeStatus == "mergeable"}
	if mr.DiffRefs.BaseSha != "" {
		pr.BaseSHA = mr.DiffRefs.BaseSha
	}
	if mr.Author != nil {
		pr.Author = mr.Author.Username
	}
	var ap *gitlab.MergeRequestApprovals
	err = g.retry.do(ctx, g.log, "read approvals", func() error {
		var resp *gitlab.Response
		var err error
		ap, resp, err = g.client.MergeRequests.GetMergeRequestApprovals(repo, int64(number), gitlab.WithContext(ctx))
		return g.wrap(ctx, repo, fmt.Sprintf("read the approvals of merge request %d", number), resp, err)
	})
	if err != nil {
		return nil, err
	}
	for _, a := range ap.ApprovedBy {
		if a != nil && a.User != nil {
			pr.Approvers = append(pr.Approvers, a.User.Username)
		}
	}
	return pr, nil
}
