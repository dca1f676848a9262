package forge

import (
	"context"
	"errors"
)

// Access is what a user may do in a repository, as comment commands need
// to know it: only AccessWrite and above may drive runs.
type Access int

// Access levels, from none to admin. GitHub's maintain and GitLab's
// developer and maintainer count as write; GitLab's owner as admin.
const (
	AccessNone Access = iota
	AccessRead
	AccessWrite
	AccessAdmin
)

func (a Access) String() string {
	return [...]string{"none", "read", "write", "admin"}[a]
}

// Reactions a comment command is answered with, in GitHub's names
// (GitLab's award emoji are mapped from them).
const (
	ReactionSeen     = "eyes"
	ReactionOK       = "+1"
	ReactionRefused  = "-1"
	ReactionConfused = "confused"
)

// PullRequest is what a comment command needs to know of its pull
// request.
type PullRequest struct {
	// HeadSHA and BaseSHA are the head commit and the base branch's commit
	// the pull request is compared with; BaseBranch is that branch.
	HeadSHA, BaseSHA, BaseBranch string
	// Author is the pull request's author, Title its title.
	Author, Title string
	// Open is false once it is closed or merged.
	Open bool
	// Mergeable says the forge would merge it now (no conflicts; GitLab:
	// every merge check passes).
	Mergeable bool
	// Approvers are the users whose review approves it now (GitHub: their
	// latest review is an approval; GitLab: the approvals given).
	Approvers []string
}

// isNotFound reports whether err is a forge API 404.
func isNotFound(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.StatusCode == 404
}

// commandClient is the part of each forge client comment commands use;
// both clients implement it.
type commandClient interface {
	Access(ctx context.Context, repo, user string) (Access, error)
	React(ctx context.Context, repo string, number int, commentID int64, reaction string) error
	PullRequest(ctx context.Context, repo string, number int) (*PullRequest, error)
}

var (
	_ commandClient = (*GitHub)(nil)
	_ commandClient = (*GitLab)(nil)
)
