package forge

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/hashicorp/go-hclog"
	gitlab "gitlab.com/gitlab-org/api/client-go/v2"
	"golang.org/x/time/rate"
)

// GitLab is a client for GitLab's REST API v4 (gitlab.com or self-managed),
// authenticated with a PRIVATE-TOKEN, built on gitlab-org/api/client-go.
// It is safe for concurrent use.
type GitLab struct {
	client *gitlab.Client
	token  string
	log    hclog.Logger
	retry  retryPolicy
}

// NewGitLab returns a client for the GitLab at apiURL: either the API root
// (https://gitlab.example.com/api/v4) or the instance URL, to which /api/v4
// is added. "" means https://gitlab.com/api/v4.
func NewGitLab(apiURL, token string, log hclog.Logger) (*GitLab, error) {
	if token == "" {
		return nil, errors.New("gitlab: an API token is required")
	}
	base, err := gitlabBaseURL(apiURL)
	if err != nil {
		return nil, err
	}
	client, err := gitlab.NewClient(token,
		gitlab.WithBaseURL(base),
		gitlab.WithHTTPClient(&http.Client{Timeout: 30 * time.Second}),
		gitlab.WithUserAgent("trueup"),
		// retryPolicy does the retrying, so that GitHub and GitLab share
		// one policy and CreateIssue is never retried after a 5xx.
		gitlab.WithoutRetries(),
		// No client-side rate limit: a 429 is waited out by retryPolicy.
		gitlab.WithCustomLimiter(rate.NewLimiter(rate.Inf, 0)),
		gitlab.WithURLWarningLogger(slog.New(slog.DiscardHandler)),
	)
	if err != nil {
		return nil, fmt.Errorf("gitlab: %s", redact(err.Error(), token))
	}
	if log == nil {
		log = hclog.NewNullLogger()
	}
	return &GitLab{client: client, token: token, log: log.Named("gitlab"), retry: defaultRetry}, nil
}

// gitlabBaseURL checks apiURL and returns it ending in /api/v4, so that a
// self-managed instance under a path prefix (https://host/gitlab) works.
func gitlabBaseURL(apiURL string) (string, error) {
	if apiURL == "" {
		apiURL = "https://gitlab.com"
	}
	u, err := url.Parse(apiURL)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return "", fmt.Errorf("gitlab: api_url %q is not an http(s) URL", apiURL)
	}
	u.Path = strings.TrimSuffix(u.Path, "/")
	if !strings.HasSuffix(u.Path, "/api/v4") {
		u.Path += "/api/v4"
	}
	u.RawPath = ""
	return u.String(), nil
}

// UpsertComment makes sure merge request number (its IID) of the project
// repo ("group/project") has exactly one note containing marker, with body
// as its text: it pages through all notes, edits the first one holding the
// marker, deletes later duplicates, and creates the note when none exists.
// body gets the marker prepended when it lacks it.
func (g *GitLab) UpsertComment(ctx context.Context, repo string, number int, marker, body string) error {
	const op = "upsert comment"
	if marker == "" {
		return newError("gitlab", repo, op, 0, errors.New("empty marker"))
	}
	body = withMarker(marker, body)
	mr := int64(number)
	notes := g.client.Notes
	return g.retry.do(ctx, g.log, op, func() error {
		found, err := g.findNotes(ctx, repo, number, marker)
		if err != nil {
			return err
		}
		if len(found) == 0 {
			_, resp, err := notes.CreateMergeRequestNote(repo, mr, &gitlab.CreateMergeRequestNoteOptions{Body: &body}, gitlab.WithContext(ctx))
			return g.wrap(ctx, repo, fmt.Sprintf("create comment on !%d", number), resp, err)
		}
		if found[0].Body != body {
			_, resp, err := notes.UpdateMergeRequestNote(repo, mr, found[0].ID, &gitlab.UpdateMergeRequestNoteOptions{Body: &body}, gitlab.WithContext(ctx))
			if err := g.wrap(ctx, repo, fmt.Sprintf("edit comment %d on !%d", found[0].ID, number), resp, err); err != nil {
				return err
			}
		}
		for _, dup := range found[1:] {
			resp, err := notes.DeleteMergeRequestNote(repo, mr, dup.ID, gitlab.WithContext(ctx))
			if err := g.wrap(ctx, repo, "delete comment", resp, err); err != nil {
				g.log.Warn("could not delete a duplicate note", "repo", repo, "number", number, "note", dup.ID, "error", err.Error())
			}
		}
		return nil
	})
}

// findNotes lists every note of a merge request, oldest first, and returns
// the user notes containing marker.
func (g *GitLab) findNotes(ctx context.Context, repo string, number int, marker string) ([]*gitlab.Note, error) {
	var found []*gitlab.Note
	opt := &gitlab.ListMergeRequestNotesOptions{
		ListOptions: gitlab.ListOptions{PerPage: 100, Page: 1},
		OrderBy:     new("created_at"),
		Sort:        new("asc"),
	}
	for range maxCommentPages {
		batch, resp, err := g.client.Notes.ListMergeRequestNotes(repo, int64(number), opt, gitlab.WithContext(ctx))
		if err := g.wrap(ctx, repo, fmt.Sprintf("list comments of !%d", number), resp, err); err != nil {
			return nil, err
		}
		for _, n := range batch {
			if !n.System && strings.Contains(n.Body, marker) {
				found = append(found, n)
			}
		}
		if resp.NextPage == 0 {
			return found, nil
		}
		opt.Page = resp.NextPage
	}
	return found, nil
}

// SetStatus sets the commit status s.Context (GitLab's "name") on sha.
// failure and error are both reported as GitLab's "failed".
func (g *GitLab) SetStatus(ctx context.Context, repo, sha string, s Status) error {
	const op = "set status"
	if err := s.validate(); err != nil {
		return newError("gitlab", repo, op, 0, err)
	}
	state := s.State
	if state == StateFailure || state == StateError {
		state = "failed"
	}
	opt := &gitlab.SetCommitStatusOptions{
		State:       gitlab.BuildStateValue(state),
		Name:        &s.Context,
		Description: new(shortDescription(s.Description)),
	}
	if s.TargetURL != "" {
		opt.TargetURL = &s.TargetURL
	}
	return g.retry.do(ctx, g.log, op, func() error {
		_, resp, err := g.client.Commits.SetCommitStatus(repo, sha, opt, gitlab.WithContext(ctx))
		return g.wrap(ctx, repo, fmt.Sprintf("set status %q on %s", s.Context, sha), resp, err)
	})
}

// CreateIssue opens an issue in the project repo. It is retried only when
// GitLab answers 429, never after a server error, which may have created it.
func (g *GitLab) CreateIssue(ctx context.Context, repo, title, body string) error {
	const op = "create issue"
	opt := &gitlab.CreateIssueOptions{Title: &title, Description: &body}
	return g.retry.do(ctx, g.log, op, func() error {
		_, resp, err := g.client.Issues.CreateIssue(repo, opt, gitlab.WithContext(ctx))
		err = g.wrap(ctx, repo, op, resp, err)
		var e *Error
		var t *transientError
		if errors.As(err, &t) && errors.As(err, &e) && e.StatusCode != http.StatusTooManyRequests {
			return t.err
		}
		return err
	})
}
