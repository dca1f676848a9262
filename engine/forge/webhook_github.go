package forge

import (
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"strings"

	"github.com/google/go-github/v93/github"
)

// ghRepo is the repository object of GitHub payloads.
type ghRepo struct {
	FullName string `json:"full_name"`
	CloneURL string `json:"clone_url"`
	SSHURL   string `json:"ssh_url"`
	HTMLURL  string `json:"html_url"`
	GitURL   string `json:"git_url"`
}

type ghUser struct {
	Login string `json:"login"`
}

type ghCommit struct {
	ID      string `json:"id"`
	Message string `json:"message"`
	Author  struct {
		Name     string `json:"name"`
		Username string `json:"username"`
	} `json:"author"`
	Added    []string `json:"added"`
	Modified []string `json:"modified"`
	Removed  []string `json:"removed"`
}

type ghPush struct {
	Ref        string     `json:"ref"`
	Before     string     `json:"before"`
	After      string     `json:"after"`
	Deleted    bool       `json:"deleted"`
	Repository ghRepo     `json:"repository"`
	HeadCommit *ghCommit  `json:"head_commit"`
	Commits    []ghCommit `json:"commits"`
	Pusher     struct {
		Name string `json:"name"`
	} `json:"pusher"`
	Sender ghUser `json:"sender"`
}

type ghPullRequest struct {
	Action      string `json:"action"`
	Number      int    `json:"number"`
	Repository  ghRepo `json:"repository"`
	Sender      ghUser `json:"sender"`
	PullRequest struct {
		Number int    `json:"number"`
		Title  string `json:"title"`
		Merged bool   `json:"merged"`
		User   ghUser `json:"user"`
		Head   struct {
			Ref string `json:"ref"`
			SHA string `json:"sha"`
		} `json:"head"`
		Base struct {
			Ref string `json:"ref"`
			SHA string `json:"sha"`
		} `json:"base"`
	} `json:"pull_request"`
}

type ghOther struct {
	Action     string  `json:"action"`
	Repository *ghRepo `json:"repository"`
}

// ParseGitHubEvent reads a GitHub webhook delivery. When secret is not
// empty, the X-Hub-Signature-256 header must be the HMAC-SHA256 of the raw
// body under secret, or ErrUnauthorized is returned before the body is
// interpreted. Both application/json and form-encoded deliveries are read.
func ParseGitHubEvent(r *http.Request, secret []byte) (*Event, error) {
	body, err := readBody(r)
	if err != nil {
		return nil, fmt.Errorf("github webhook: %w", err)
	}
	if len(secret) > 0 {
		if err := checkGitHubSignature(r.Header.Get(github.SHA256SignatureHeader), body, secret); err != nil {
			return nil, fmt.Errorf("github webhook: %w", err)
		}
	}
	kind := github.WebHookType(r)
	if kind == "" {
		return nil, fmt.Errorf("github webhook: %w: no X-GitHub-Event header", ErrMalformed)
	}
	payload, err := githubPayload(r.Header.Get("Content-Type"), body)
	if err != nil {
		return nil, fmt.Errorf("github webhook: %w", err)
	}
	ev, err := decodeGitHub(kind, payload)
	if err != nil {
		return nil, fmt.Errorf("github webhook: %w: %s payload: %v", ErrMalformed, kind, err)
	}
	ev.Delivery = github.DeliveryID(r)
	return ev, nil
}

// checkGitHubSignature checks "sha256=HEX" against the body's HMAC with
// go-github's ValidateSignature (constant-time). The header GitHub names
// X-Hub-Signature-256 must carry a sha256 digest: a sha1 or sha512 one is
// refused here even though ValidateSignature would accept it.
func checkGitHubSignature(header string, body, secret []byte) error {
	if !strings.HasPrefix(header, "sha256=") {
		return fmt.Errorf("%w: no sha256 %s header", ErrUnauthorized, github.SHA256SignatureHeader)
	}
	if err := github.ValidateSignature(header, body, secret); err != nil {
		return fmt.Errorf("%w: %s: %v", ErrUnauthorized, github.SHA256SignatureHeader, err)
	}
	return nil
}

// githubPayload returns the JSON of a delivery: the body itself, or its
// payload field when the hook sends form-encoded data.
func githubPayload(contentType string, body []byte) ([]byte, error) {
	mt, _, _ := mime.ParseMediaType(contentType)
	if mt != "application/x-www-form-urlencoded" {
		return body, nil
	}
	form, err := url.ParseQuery(string(body))
	if err != nil {
		return nil, fmt.Errorf("%w: form body: %v", ErrMalformed, err)
	}
	p := form.Get("payload")
	if p == "" {
		return nil, fmt.Errorf("%w: form body has no payload field", ErrMalformed)
	}
	return []byte(p), nil
}

// decodeGitHub interprets the payload of one event kind.
func decodeGitHub(kind string, payload []byte) (*Event, error) {
	switch kind {
	case "push":
		var p ghPush
		if err := json.Unmarshal(payload, &p); err != nil {
			return nil, err
		}
		return githubPushEvent(&p), nil
	case "pull_request":
		var p ghPullRequest
		if err := json.Unmarshal(payload, &p); err != nil {
			return nil, err
		}
		return githubPullRequestEvent(&p), nil
	case "issue_comment":
		var p ghIssueComment
		if err := json.Unmarshal(payload, &p); err != nil {
			return nil, err
		}
		return githubCommentEvent(&p), nil
	}
	var p ghOther
	if err := json.Unmarshal(payload, &p); err != nil {
		return nil, err
	}
	ev := &Event{Kind: KindOther, Action: p.Action}
	if kind == "ping" {
		ev.Kind = KindPing
	}
	if p.Repository != nil {
		ev.RepoFullName, ev.RepoURLs = p.Repository.FullName, p.Repository.urls()
	}
	return ev, nil
}

func (r ghRepo) urls() []string { return nonEmpty(r.CloneURL, r.SSHURL, r.HTMLURL, r.GitURL) }

func githubPushEvent(p *ghPush) *Event {
	ev := &Event{
		Kind:         KindPush,
		RepoURLs:     p.Repository.urls(),
		RepoFullName: p.Repository.FullName,
		Branch:       branchOf(p.Ref),
		HeadRef:      p.Ref,
		HeadSHA:      p.After,
		BaseSHA:      p.Before,
		Author:       p.Sender.Login,
	}
	if p.Deleted {
		ev.Action = ActionDeleted
	}
	if ev.Author == "" {
		ev.Author = p.Pusher.Name
	}
	files := fileSet{}
	for _, c := range p.Commits {
		files.add(c.Added, c.Modified, c.Removed)
	}
	ev.ChangedFiles = files.sorted()
	if hc := p.HeadCommit; hc != nil {
		ev.Message = strings.TrimSpace(hc.Message)
		if a := nonEmpty(hc.Author.Username, hc.Author.Name); len(a) > 0 {
			ev.Author = a[0]
		}
	}
	return ev
}

func githubPullRequestEvent(p *ghPullRequest) *Event {
	pr := &p.PullRequest
	n := p.Number
	if n == 0 {
		n = pr.Number
	}
	action := p.Action
	if action == ActionClosed && pr.Merged {
		action = ActionMerged
	}
	author := pr.User.Login
	if author == "" {
		author = p.Sender.Login
	}
	return &Event{
		Kind:         KindPullRequest,
		Action:       action,
		RepoURLs:     p.Repository.urls(),
		RepoFullName: p.Repository.FullName,
		Branch:       pr.Base.Ref,
		HeadRef:      fmt.Sprintf("refs/pull/%d/head", n),
		HeadSHA:      pr.Head.SHA,
		BaseSHA:      pr.Base.SHA,
		Number:       n,
		Author:       author,
		Message:      pr.Title,
	}
}
