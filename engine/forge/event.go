package forge

import (
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
)

// MaxPayloadBytes is the largest webhook body read (GitHub caps its
// deliveries at 25 MB).
const MaxPayloadBytes = 25 << 20

// Event kinds.
const (
	KindPush        = "push"
	KindPullRequest = "pull_request"
	KindPing        = "ping"
	KindOther       = "other"
)

// Pull-request actions, normalised to GitHub's names for both forges
// (GitLab's open, update with new commits, reopen, close, merge).
const (
	ActionOpened      = "opened"
	ActionSynchronize = "synchronize"
	ActionReopened    = "reopened"
	ActionClosed      = "closed"
	ActionMerged      = "merged"
	ActionEdited      = "edited"
	// ActionDeleted marks a push that deleted its branch.
	ActionDeleted = "deleted"
)

// Event is one webhook delivery in forge-neutral terms.
type Event struct {
	// Kind is push, pull_request, comment, ping or other.
	Kind string
	// Action is the pull-request action (opened, synchronize, reopened,
	// closed, merged, edited, ...; GitLab's are mapped to these names), or
	// "deleted" for a push that deleted its branch; empty for other pushes.
	Action string
	// RepoURLs are the repository's clone, SSH, HTML and git URLs, for
	// matching against a stack's repo.
	RepoURLs []string
	// RepoFullName is "owner/name" (GitHub) or the project path (GitLab),
	// as the forge clients take it.
	RepoFullName string
	// Branch is the pushed branch (refs/heads/ stripped; empty for a tag)
	// or a pull request's base branch.
	Branch string
	// HeadRef is the ref to fetch: refs/pull/N/head (GitHub) or
	// refs/merge-requests/N/head (GitLab) for a pull request, the pushed
	// ref (refs/heads/main) for a push.
	HeadRef string
	// HeadSHA is the pushed commit or the pull request's head commit;
	// BaseSHA the commit before the push or the pull request's base commit
	// (empty when the forge does not say).
	HeadSHA, BaseSHA string
	// Number is the pull request's number (GitLab: the merge request IID).
	Number int
	// Author is who made the change (head commit author or pull-request
	// author, as a forge username where known); Message the head commit's
	// message or the pull request's title.
	Author, Message string
	// ChangedFiles are the paths added, modified or removed by a push's
	// commits, sorted and without duplicates. Pull-request payloads do not
	// list files: compute them from git.
	ChangedFiles []string
	// Delivery is the forge's delivery ID, for logs.
	Delivery string
	// CommentID and CommentBody are a KindComment's comment (Author is
	// its author). GitHub's comment payloads carry no commit: HeadSHA is
	// empty there, and the pull request must be looked up.
	CommentID   int64
	CommentBody string
}

// PlansPullRequest reports whether e asks for a speculative plan: a pull
// request opened, reopened or pushed to.
func (e *Event) PlansPullRequest() bool {
	if e.Kind != KindPullRequest {
		return false
	}
	switch e.Action {
	case ActionOpened, ActionSynchronize, ActionReopened:
		return true
	}
	return false
}

// readBody reads at most MaxPayloadBytes of r's body.
func readBody(r *http.Request) ([]byte, error) {
	if r.Body == nil {
		return nil, fmt.Errorf("%w: empty body", ErrMalformed)
	}
	if r.ContentLength > MaxPayloadBytes {
		return nil, fmt.Errorf("%w: %d bytes (limit %d)", ErrPayloadTooLarge, r.ContentLength, MaxPayloadBytes)
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, MaxPayloadBytes+1))
	if err != nil {
		return nil, fmt.Errorf("%w: reading the body: %v", ErrMalformed, err)
	}
	if len(body) > MaxPayloadBytes {
		return nil, fmt.Errorf("%w: more than %d bytes", ErrPayloadTooLarge, MaxPayloadBytes)
	}
	return body, nil
}

// branchOf strips refs/heads/ from a pushed ref; other refs (tags) have
// no branch.
func branchOf(ref string) string {
	if b, ok := strings.CutPrefix(ref, "refs/heads/"); ok {
		return b
	}
	return ""
}

// nonEmpty returns the non-empty strings of ss, without duplicates.
func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// fileSet collects changed paths, sorted and without duplicates.
type fileSet map[string]bool

func (f fileSet) add(lists ...[]string) {
	for _, l := range lists {
		for _, p := range l {
			if p != "" {
				f[p] = true
			}
		}
	}
}

func (f fileSet) sorted() []string {
	if len(f) == 0 {
		return nil
	}
	out := make([]string, 0, len(f))
	for p := range f {
		out = append(out, p)
	}
	slices.Sort(out)
	return out
}
