package forge

import (
	"fmt"
)

// KindComment is a comment on a pull request (GitHub issue_comment on a
// pull request, GitLab note on a merge request).
const KindComment = "comment"

// ghIssueComment is GitHub's issue_comment payload.
type ghIssueComment struct {
	Action     string `json:"action"`
	Repository ghRepo `json:"repository"`
	Sender     ghUser `json:"sender"`
	Issue      struct {
		Number int `json:"number"`
		// PullRequest is set when the issue is a pull request.
		PullRequest *struct {
			URL string `json:"url"`
		} `json:"pull_request"`
	} `json:"issue"`
	Comment struct {
		ID   int64  `json:"id"`
		Body string `json:"body"`
		User ghUser `json:"user"`
	} `json:"comment"`
}

// githubCommentEvent reads a new comment on a pull request; comments on
// issues, edits and deletions are KindOther.
func githubCommentEvent(p *ghIssueComment) *Event {
	ev := &Event{Kind: KindOther, Action: p.Action, RepoURLs: p.Repository.urls(), RepoFullName: p.Repository.FullName}
	if p.Action != "created" || p.Issue.PullRequest == nil {
		return ev
	}
	author := p.Comment.User.Login
	if author == "" {
		author = p.Sender.Login
	}
	ev.Kind, ev.Number, ev.Author = KindComment, p.Issue.Number, author
	ev.HeadRef = fmt.Sprintf("refs/pull/%d/head", p.Issue.Number)
	ev.CommentID, ev.CommentBody = p.Comment.ID, p.Comment.Body
	return ev
}

// glNote is GitLab's Note Hook payload.
type glNote struct {
	User struct {
		ID       int64  `json:"id"`
		Username string `json:"username"`
	} `json:"user"`
	Project          glProject    `json:"project"`
	Repository       glRepository `json:"repository"`
	ObjectAttributes struct {
		ID           int64  `json:"id"`
		Note         string `json:"note"`
		NoteableType string `json:"noteable_type"`
		Action       string `json:"action"`
		System       bool   `json:"system"`
	} `json:"object_attributes"`
	MergeRequest *struct {
		IID          int    `json:"iid"`
		TargetBranch string `json:"target_branch"`
		LastCommit   struct {
			ID string `json:"id"`
		} `json:"last_commit"`
	} `json:"merge_request"`
}

// gitlabNoteEvent reads a new note on a merge request; notes on other
// objects, system notes and edits are KindOther.
func gitlabNoteEvent(p *glNote) *Event {
	oa := &p.ObjectAttributes
	ev := &Event{Kind: KindOther, RepoURLs: gitlabURLs(p.Project, p.Repository), RepoFullName: p.Project.PathWithNamespace}
	if oa.NoteableType != "MergeRequest" || p.MergeRequest == nil || oa.System || (oa.Action != "" && oa.Action != "create") {
		return ev
	}
	mr := p.MergeRequest
	ev.Kind, ev.Number, ev.Author = KindComment, mr.IID, p.User.Username
	ev.Branch, ev.HeadSHA = mr.TargetBranch, mr.LastCommit.ID
	ev.HeadRef = fmt.Sprintf("refs/merge-requests/%d/head", mr.IID)
	ev.CommentID, ev.CommentBody = oa.ID, oa.Note
	return ev
}
