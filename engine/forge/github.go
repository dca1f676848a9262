package forge

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/google/go-github/v93/github"
	"github.com/hashicorp/go-hclog"
)

// publicGitHubHost is the host of the public GitHub API; any other API URL
// is treated as GitHub Enterprise Server.
const publicGitHubHost = "api.github.com"

// maxCommentPages bounds the comment listing (100 comments a page).
const maxCommentPages = 1000

// GitHub is a client for GitHub and GitHub Enterprise Server, built on
// go-github. It is safe for concurrent use.
type GitHub struct {
	client *github.Client
	token  string
	log    hclog.Logger
	retry  retryPolicy
}

// NewGitHub returns a client for the API at apiURL ("" or
// https://api.github.com for github.com; https://HOST/api/v3 or just
// https://HOST for GitHub Enterprise Server), authenticated with token.
func NewGitHub(apiURL, token string, log hclog.Logger) (*GitHub, error) {
	if token == "" {
		return nil, errors.New("github: an API token is required")
	}
	if log == nil {
		log = hclog.NewNullLogger()
	}
	opts := []github.ClientOptionsFunc{
		github.WithAuthToken(token),
		github.WithTimeout(30 * time.Second),
		github.WithUserAgent("trueup"),
	}
	if apiURL != "" {
		u, err := url.Parse(apiURL)
		if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
			return nil, fmt.Errorf("github: api_url %q is not an http(s) URL", apiURL)
		}
		if u.Host != publicGitHubHost {
			opts = append(opts, github.WithEnterpriseURLs(apiURL, enterpriseUploadURL(apiURL)))
		}
	}
	c, err := github.NewClient(opts...)
	if err != nil {
		return nil, fmt.Errorf("github: %s", redact(err.Error(), token))
	}
	return &GitHub{client: c, token: token, log: log.Named("github"), retry: defaultRetry}, nil
}

// enterpriseUploadURL derives the upload endpoint from the API endpoint.
func enterpriseUploadURL(apiURL string) string {
	trimmed := strings.TrimSuffix(apiURL, "/")
	if strings.HasSuffix(trimmed, "/api/v3") {
		return strings.TrimSuffix(trimmed, "/api/v3") + "/api/uploads/"
	}
	return apiURL
}

// UpsertComment makes sure the pull request or issue number in repo
// ("owner/name") has exactly one comment containing marker, with body as
// its text: it pages through all comments, edits the first one holding the
// marker in place, deletes any later duplicates, and creates the comment
// when none exists. body gets the marker prepended when it lacks it.
func (g *GitHub) UpsertComment(ctx context.Context, repo string, number int, marker, body string) error {
	const op = "upsert comment"
	owner, name, err := splitRepo(repo)
	if err != nil {
		return newError("github", repo, op, 0, err)
	}
	if marker == "" {
		return newError("github", repo, op, 0, errors.New("empty marker"))
	}
	body = withMarker(marker, body)
	return g.retry.do(ctx, g.log, op, func() error {
		found, resp, err := g.findComments(ctx, owner, name, number, marker)
		if err != nil {
			return g.wrap(repo, fmt.Sprintf("list comments of #%d", number), resp, err)
		}
		if len(found) == 0 {
			_, resp, err := g.client.Issues.CreateComment(ctx, owner, name, number, github.IssueCommentRequest{Body: body})
			if err == nil {
				g.log.Debug("created comment", "repo", repo, "number", number)
			}
			return g.wrap(repo, fmt.Sprintf("create comment on #%d", number), resp, err)
		}
		if found[0].GetBody() != body {
			_, resp, err := g.client.Issues.UpdateComment(ctx, owner, name, found[0].GetID(), github.IssueCommentRequest{Body: body})
			if err != nil {
				return g.wrap(repo, fmt.Sprintf("edit comment %d on #%d", found[0].GetID(), number), resp, err)
			}
			g.log.Debug("edited comment", "repo", repo, "number", number, "comment", found[0].GetID())
		}
		for _, dup := range found[1:] {
			if resp, err := g.client.Issues.DeleteComment(ctx, owner, name, dup.GetID()); err != nil {
				g.log.Warn("could not delete a duplicate comment", "repo", repo, "number", number,
					"comment", dup.GetID(), "error", g.wrap(repo, "delete comment", resp, err).Error())
			}
		}
		return nil
	})
}

// findComments lists every comment of an issue or pull request and returns
// those whose body contains marker, oldest first.
func (g *GitHub) findComments(ctx context.Context, owner, name string, number int, marker string) ([]*github.IssueComment, *github.Response, error) {
	opts := &github.IssueListCommentsOptions{ListOptions: github.ListOptions{PerPage: 100}}
	var found []*github.IssueComment
	for range maxCommentPages {
		cs, resp, err := g.client.Issues.ListComments(ctx, owner, name, number, opts)
		if err != nil {
			return nil, resp, err
		}
		for _, c := range cs {
			if strings.Contains(c.GetBody(), marker) {
				found = append(found, c)
			}
		}
		if resp.NextPage == 0 {
			return found, resp, nil
		}
		opts.Page = resp.NextPage
	}
	return found, nil, nil
}

// SetStatus sets the commit status s.Context on sha in repo.
func (g *GitHub) SetStatus(ctx context.Context, repo, sha string, s Status) error {
	const op = "set status"
	owner, name, err := splitRepo(repo)
	if err != nil {
		return newError("github", repo, op, 0, err)
	}
	if err := s.validate(); err != nil {
		return newError("github", repo, op, 0, err)
	}
	st := github.RepoStatus{
		State:       new(s.State),
		Context:     new(s.Context),
		Description: new(shortDescription(s.Description)),
	}
	if s.TargetURL != "" {
		st.TargetURL = new(s.TargetURL)
	}
	return g.retry.do(ctx, g.log, op, func() error {
		_, resp, err := g.client.Repositories.CreateStatus(ctx, owner, name, sha, st)
		return g.wrap(repo, fmt.Sprintf("set status %q on %s", s.Context, sha), resp, err)
	})
}

// CreateIssue opens an issue in repo. It is retried only when GitHub asks
// to slow down, never after a server error, which may have created it.
func (g *GitHub) CreateIssue(ctx context.Context, repo, title, body string) error {
	const op = "create issue"
	owner, name, err := splitRepo(repo)
	if err != nil {
		return newError("github", repo, op, 0, err)
	}
	return g.retry.do(ctx, g.log, op, func() error {
		_, resp, err := g.client.Issues.Create(ctx, owner, name, github.CreateIssueRequest{Title: title, Body: new(body)})
		werr := g.wrap(repo, op, resp, err)
		var t *transientError
		var abuse *github.AbuseRateLimitError
		if errors.As(werr, &t) && !errors.As(err, &abuse) {
			return t.err
		}
		return werr
	})
}

// wrap turns a go-github error into an *Error, marked transient when a
// retry may help: a 5xx answer, a secondary rate limit, or no answer.
func (g *GitHub) wrap(repo, op string, resp *github.Response, err error) error {
	if err == nil {
		return nil
	}
	status := 0
	if resp != nil && resp.Response != nil {
		status = resp.StatusCode
	}
	e := newError("github", repo, op, status, err, g.token)
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return e
	}
	var abuse *github.AbuseRateLimitError
	if errors.As(err, &abuse) {
		var after time.Duration
		if abuse.RetryAfter != nil {
			after = *abuse.RetryAfter
		}
		return retryable(e, after)
	}
	var rate *github.RateLimitError
	if errors.As(err, &rate) {
		return e
	}
	if status >= 500 || status == 0 {
		return retryable(e, 0)
	}
	return e
}
