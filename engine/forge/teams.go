package forge

import (
	"context"
	"fmt"
	"strings"

	"github.com/google/go-github/v93/github"
	gitlab "gitlab.com/gitlab-org/api/client-go/v2"
)

// What apply requirements and policy overrides ask the forges: team
// membership, the checks of a commit, and merging a pull request.

// Check is one commit status or check run of a commit.
type Check struct {
	// Name is the status's context or the check run's name.
	Name string
	// State is StateSuccess, StatePending, StateFailure or StateError
	// (check runs' conclusions and GitLab's states mapped to these).
	State string
}

// TeamMember reports whether user belongs to team ("org/team-slug").
func (g *GitHub) TeamMember(ctx context.Context, team, user string) (bool, error) {
	const op = "read team membership"
	org, slug, ok := strings.Cut(team, "/")
	if !ok {
		return false, newError("github", team, op, 0, fmt.Errorf("team %q is not ORG/TEAM-SLUG", team))
	}
	var m *github.Membership
	err := g.retry.do(ctx, g.log, op, func() error {
		var resp *github.Response
		var err error
		m, resp, err = g.client.Teams.GetTeamMembershipBySlug(ctx, org, slug, user)
		return g.wrap(team, fmt.Sprintf("read the membership of %s", user), resp, err)
	})
	if isNotFound(err) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return m.GetState() == "active", nil
}

// Checks returns the commit statuses (latest per context) and check runs
// of sha.
func (g *GitHub) Checks(ctx context.Context, repo, sha string) ([]Check, error) {
	const op = "read checks"
	owner, name, err := splitRepo(repo)
	if err != nil {
		return nil, newError("github", repo, op, 0, err)
	}
	var out []Check
	var combined *github.CombinedStatus
	err = g.retry.do(ctx, g.log, op, func() error {
		var resp *github.Response
		var err error
		combined, resp, err = g.client.Repositories.GetCombinedStatus(ctx, owner, name, sha, &github.ListOptions{PerPage: 100})
		return g.wrap(repo, "read the combined status of "+sha, resp, err)
	})
	if err != nil {
		return nil, err
	}
	for _, s := range combined.Statuses {
		out = append(out, Check{Name: s.GetContext(), State: s.GetState()})
	}
	var runs *github.ListCheckRunsResults
	err = g.retry.do(ctx, g.log, op, func() error {
		var resp *github.Response
		var err error
		runs, resp, err = g.client.Checks.ListCheckRunsForRef(ctx, owner, name, sha, &github.ListCheckRunsOptions{ListOptions: github.ListOptions{PerPage: 100}})
		return g.wrap(repo, "read the check runs of "+sha, resp, err)
	})
	if err != nil {
		return nil, err
	}
	for _, r := range runs.CheckRuns {
		out = append(out, Check{Name: r.GetName(), State: checkRunState(r.GetStatus(), r.GetConclusion())})
	}
	return out, nil
}

func checkRunState(status, conclusion string) string {
	if status != "completed" {
		return StatePending
	}
	switch conclusion {
	case "success", "neutral", "skipped":
		return StateSuccess
	}
	return StateFailure
}

// Merge merges pull request number, provided its head is still sha.
func (g *GitHub) Merge(ctx context.Context, repo string, number int, sha string) error {
	const op = "merge"
	owner, name, err := splitRepo(repo)
	if err != nil {
		return newError("github", repo, op, 0, err)
	}
	return g.retry.do(ctx, g.log, op, func() error {
		_, resp, err := g.client.PullRequests.Merge(ctx, owner, name, number, "", &github.PullRequestOptions{SHA: sha})
		return g.wrap(repo, fmt.Sprintf("merge pull request %d", number), resp, err)
	})
}

// TeamMember reports whether user is a member (direct or inherited) of
// the group whose path is team.
func (g *GitLab) TeamMember(ctx context.Context, team, user string) (bool, error) {
	const op = "read group membership"
	var members []*gitlab.GroupMember
	err := g.retry.do(ctx, g.log, op, func() error {
		var resp *gitlab.Response
		var err error
		members, resp, err = g.client.Groups.ListAllGroupMembers(team, &gitlab.ListGroupMembersOptions{Query: &user}, gitlab.WithContext(ctx))
		return g.wrap(ctx, team, "read the members of "+team, resp, err)
	})
	if isNotFound(err) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	for _, m := range members {
		if m.Username == user && m.State == "active" {
			return true, nil
		}
	}
	return false, nil
}

// Checks returns the commit statuses of sha (the latest per name).
func (g *GitLab) Checks(ctx context.Context, repo, sha string) ([]Check, error) {
	const op = "read commit statuses"
	var sts []*gitlab.CommitStatus
	err := g.retry.do(ctx, g.log, op, func() error {
		var resp *gitlab.Response
		var err error
		sts, resp, err = g.client.Commits.GetCommitStatuses(repo, sha, &gitlab.GetCommitStatusesOptions{ListOptions: gitlab.ListOptions{PerPage: 100}}, gitlab.WithContext(ctx))
		return g.wrap(ctx, repo, "read the statuses of "+sha, resp, err)
	})
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var out []Check
	for _, s := range sts { // newest first
		if seen[s.Name] {
			continue
		}
		seen[s.Name] = true
		state := StatePending
		switch s.Status {
		case "success", "skipped":
			state = StateSuccess
		case "failed":
			state = StateFailure
		case "canceled":
			state = StateError
		}
		out = append(out, Check{Name: s.Name, State: state})
	}
	return out, nil
}

// Merge accepts merge request number, provided its head is still sha.
func (g *GitLab) Merge(ctx context.Context, repo string, number int, sha string) error {
	const op = "merge"
	return g.retry.do(ctx, g.log, op, func() error {
		_, resp, err := g.client.MergeRequests.AcceptMergeRequest(repo, int64(number), &gitlab.AcceptMergeRequestOptions{SHA: &sha}, gitlab.WithContext(ctx))
		return g.wrap(ctx, repo, fmt.Sprintf("merge merge request %d", number), resp, err)
	})
}
