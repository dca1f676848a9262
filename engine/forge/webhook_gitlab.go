package forge

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
)

// glProject is the project object of GitLab payloads.
type glProject struct {
	PathWithNamespace string `json:"path_with_namespace"`
	WebURL            string `json:"web_url"`
	GitSSHURL         string `json:"git_ssh_url"`
	GitHTTPURL        string `json:"git_http_url"`
}

// glRepository is the older repository object, kept by GitLab for
// compatibility; its URLs fill in when project lacks them.
type glRepository struct {
	URL        string `json:"url"`
	Homepage   string `json:"homepage"`
	GitHTTPURL string `json:"git_http_url"`
	GitSSHURL  string `json:"git_ssh_url"`
}

type glPush struct {
	ObjectKind   string       `json:"object_kind"`
	Before       string       `json:"before"`
	After        string       `json:"after"`
	Ref          string       `json:"ref"`
	CheckoutSHA  string       `json:"checkout_sha"`
	UserName     string       `json:"user_name"`
	UserUsername string       `json:"user_username"`
	Project      glProject    `json:"project"`
	Repository   glRepository `json:"repository"`
	Commits      []struct {
		ID       string   `json:"id"`
		Message  string   `json:"message"`
		Added    []string `json:"added"`
		Modified []string `json:"modified"`
		Removed  []string `json:"removed"`
	} `json:"commits"`
}

type glMergeRequest struct {
	ObjectKind string `json:"object_kind"`
	User       struct {
		Name     string `json:"name"`
		Username string `json:"username"`
	} `json:"user"`
	Project          glProject    `json:"project"`
	Repository       glRepository `json:"repository"`
	ObjectAttributes struct {
		IID          int    `json:"iid"`
		Title        string `json:"title"`
		TargetBranch string `json:"target_branch"`
		SourceBranch string `json:"source_branch"`
		Action       string `json:"action"`
		OldRev       string `json:"oldrev"`
		LastCommit   struct {
			ID string `json:"id"`
		} `json:"last_commit"`
	} `json:"object_attributes"`
}

type glOther struct {
	ObjectKind string       `json:"object_kind"`
	Project    *glProject   `json:"project"`
	Repository glRepository `json:"repository"`
}

// zeroSHA is the "no commit" SHA GitLab sends for a created or deleted ref.
const zeroSHA = "0000000000000000000000000000000000000000"

// ParseGitLabEvent reads a GitLab webhook delivery. When secret is not
// empty, the X-Gitlab-Token header must equal it (compared in constant
// time), or ErrUnauthorized is returned before the body is interpreted.
func ParseGitLabEvent(r *http.Request, secret []byte) (*Event, error) {
	body, err := readBody(r)
	if err != nil {
		return nil, fmt.Errorf("gitlab webhook: %w", err)
	}
	if len(secret) > 0 && !tokenMatches(r.Header.Get("X-Gitlab-Token"), secret) {
		return nil, fmt.Errorf("gitlab webhook: %w: X-Gitlab-Token missing or wrong", ErrUnauthorized)
	}
	kind := r.Header.Get("X-Gitlab-Event")
	if kind == "" {
		return nil, fmt.Errorf("gitlab webhook: %w: no X-Gitlab-Event header", ErrMalformed)
	}
	ev, err := decodeGitLab(kind, body)
	if err != nil {
		return nil, fmt.Errorf("gitlab webhook: %w: %s payload: %v", ErrMalformed, kind, err)
	}
	ev.Delivery = r.Header.Get("X-Gitlab-Event-UUID")
	return ev, nil
}

// tokenMatches compares digests, so that the time taken depends neither on
// the common prefix nor on the lengths.
func tokenMatches(got string, secret []byte) bool {
	a, b := sha256.Sum256([]byte(got)), sha256.Sum256(secret)
	return got != "" && subtle.ConstantTimeCompare(a[:], b[:]) == 1
}

func decodeGitLab(kind string, body []byte) (*Event, error) {
	switch kind {
	case "Push Hook":
		var p glPush
		if err := json.Unmarshal(body, &p); err != nil {
			return nil, err
		}
		return gitlabPushEvent(&p), nil
	case "Merge Request Hook":
		var p glMergeRequest
		if err := json.Unmarshal(body, &p); err != nil {
			return nil, err
		}
		return gitlabMergeRequestEvent(&p), nil
	case "Note Hook":
		var p glNote
		if err := json.Unmarshal(body, &p); err != nil {
			return nil, err
		}
		return gitlabNoteEvent(&p), nil
	}
	var p glOther
	if err := json.Unmarshal(body, &p); err != nil {
		return nil, err
	}
	ev := &Event{Kind: KindOther}
	if p.Project != nil {
		ev.RepoFullName, ev.RepoURLs = p.Project.PathWithNamespace, gitlabURLs(*p.Project, p.Repository)
	}
	return ev, nil
}

func gitlabURLs(p glProject, r glRepository) []string {
	return nonEmpty(p.GitHTTPURL, p.GitSSHURL, p.WebURL, r.GitHTTPURL, r.GitSSHURL, r.Homepage, r.URL)
}

func gitlabPushEvent(p *glPush) *Event {
	ev := &Event{
		Kind:         KindPush,
		RepoURLs:     gitlabURLs(p.Project, p.Repository),
		RepoFullName: p.Project.PathWithNamespace,
		Branch:       branchOf(p.Ref),
		HeadRef:      p.Ref,
		HeadSHA:      p.After,
		BaseSHA:      p.Before,
		Author:       p.UserUsername,
	}
	if ev.Author == "" {
		ev.Author = p.UserName
	}
	if p.After == zeroSHA {
		ev.Action = ActionDeleted
	}
	files := fileSet{}
	for i, c := range p.Commits {
		files.add(c.Added, c.Modified, c.Removed)
		if c.ID == p.After || (ev.Message == "" && i == len(p.Commits)-1) {
			ev.Message = strings.TrimSpace(c.Message)
		}
	}
	ev.ChangedFiles = files.sorted()
	return ev
}

// gitlabActions maps merge-request actions to GitHub's names; "update" is
// mapped by gitlabMergeRequestEvent.
var gitlabActions = map[string]string{
	"open":   ActionOpened,
	"reopen": ActionReopened,
	"close":  ActionClosed,
	"merge":  ActionMerged,
}

func gitlabMergeRequestEvent(p *glMergeRequest) *Event {
	oa := &p.ObjectAttributes
	action, ok := gitlabActions[oa.Action]
	switch {
	case ok:
	case oa.Action == "update" && oa.OldRev != "":
		action = ActionSynchronize // new commits pushed
	case oa.Action == "update":
		action = ActionEdited // title, description, labels...
	default:
		action = oa.Action
	}
	author := p.User.Username
	if author == "" {
		author = p.User.Name
	}
	return &Event{
		Kind:         KindPullRequest,
		Action:       action,
		RepoURLs:     gitlabURLs(p.Project, p.Repository),
		RepoFullName: p.Project.PathWithNamespace,
		Branch:       oa.TargetBranch,
		HeadRef:      fmt.Sprintf("refs/merge-requests/%d/head", oa.IID),
		HeadSHA:      oa.LastCommit.ID,
		Number:       oa.IID,
		Author:       author,
		Message:      oa.Title,
	}
}
