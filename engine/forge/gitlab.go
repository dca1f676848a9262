package forge

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/hashicorp/go-hclog"
)

// GitLab is a client for GitLab's REST API v4 (gitlab.com or self-managed),
// authenticated with a PRIVATE-TOKEN. It is safe for concurrent use.
type GitLab struct {
	base  *url.URL // ends in /api/v4
	token string
	http  *http.Client
	log   hclog.Logger
	retry retryPolicy
}

// NewGitLab returns a client for the GitLab at apiURL: either the API root
// (https://gitlab.example.com/api/v4) or the instance URL, to which /api/v4
// is added. "" means https://gitlab.com/api/v4.
func NewGitLab(apiURL, token string, log hclog.Logger) (*GitLab, error) {
	if token == "" {
		return nil, errors.New("gitlab: an API token is required")
	}
	if apiURL == "" {
		apiURL = "https://gitlab.com"
	}
	u, err := url.Parse(apiURL)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return nil, fmt.Errorf("gitlab: api_url %q is not an http(s) URL", apiURL)
	}
	u.Path = strings.TrimSuffix(u.Path, "/")
	if !strings.HasSuffix(u.Path, "/api/v4") {
		u.Path += "/api/v4"
	}
	u.RawPath = ""
	if log == nil {
		log = hclog.NewNullLogger()
	}
	return &GitLab{
		base:  u,
		token: token,
		http:  &http.Client{Timeout: 30 * time.Second},
		log:   log.Named("gitlab"),
		retry: defaultRetry,
	}, nil
}

// glNote is a note (comment) as the API returns it.
type glNote struct {
	ID     int64  `json:"id"`
	Body   string `json:"body"`
	System bool   `json:"system"`
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
	notes := g.projectPath(repo, "merge_requests", fmt.Sprint(number), "notes")
	return g.retry.do(ctx, g.log, op, func() error {
		found, err := g.findNotes(ctx, repo, notes, number, marker)
		if err != nil {
			return err
		}
		payload := map[string]string{"body": body}
		if len(found) == 0 {
			return g.call(ctx, repo, fmt.Sprintf("create comment on !%d", number), http.MethodPost, notes, payload, nil, nil)
		}
		if found[0].Body != body {
			err := g.call(ctx, repo, fmt.Sprintf("edit comment %d on !%d", found[0].ID, number),
				http.MethodPut, notes+"/"+fmt.Sprint(found[0].ID), payload, nil, nil)
			if err != nil {
				return err
			}
		}
		for _, dup := range found[1:] {
			err := g.call(ctx, repo, "delete comment", http.MethodDelete, notes+"/"+fmt.Sprint(dup.ID), nil, nil, nil)
			if err != nil {
				g.log.Warn("could not delete a duplicate note", "repo", repo, "number", number, "note", dup.ID, "error", err.Error())
			}
		}
		return nil
	})
}

// findNotes lists every note of a merge request, oldest first, and returns
// the user notes containing marker.
func (g *GitLab) findNotes(ctx context.Context, repo, notes string, number int, marker string) ([]glNote, error) {
	var found []glNote
	page := "1"
	for range maxCommentPages {
		var batch []glNote
		var hdr http.Header
		path := notes + "?sort=asc&order_by=created_at&per_page=100&page=" + url.QueryEscape(page)
		if err := g.call(ctx, repo, fmt.Sprintf("list comments of !%d", number), http.MethodGet, path, nil, &batch, &hdr); err != nil {
			return nil, err
		}
		for _, n := range batch {
			if !n.System && strings.Contains(n.Body, marker) {
				found = append(found, n)
			}
		}
		page = nextPage(hdr)
		if page == "" {
			return found, nil
		}
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
	payload := map[string]string{"state": state, "name": s.Context, "description": shortDescription(s.Description)}
	if s.TargetURL != "" {
		payload["target_url"] = s.TargetURL
	}
	path := g.projectPath(repo, "statuses", sha)
	return g.retry.do(ctx, g.log, op, func() error {
		return g.call(ctx, repo, fmt.Sprintf("set status %q on %s", s.Context, sha), http.MethodPost, path, payload, nil, nil)
	})
}

// CreateIssue opens an issue in the project repo. It is retried only when
// GitLab answers 429, never after a server error, which may have created it.
func (g *GitLab) CreateIssue(ctx context.Context, repo, title, body string) error {
	const op = "create issue"
	path := g.projectPath(repo, "issues")
	return g.retry.do(ctx, g.log, op, func() error {
		err := g.call(ctx, repo, op, http.MethodPost, path, map[string]string{"title": title, "description": body}, nil, nil)
		var e *Error
		var t *transientError
		if errors.As(err, &t) && errors.As(err, &e) && e.StatusCode != http.StatusTooManyRequests {
			return t.err
		}
		return err
	})
}

// projectPath returns /projects/ID/elems..., the project path URL-encoded
// as one segment ("group%2Fproject") as the API wants.
func (g *GitLab) projectPath(repo string, elems ...string) string {
	parts := []string{"projects", url.PathEscape(repo)}
	for _, e := range elems {
		parts = append(parts, url.PathEscape(e))
	}
	return "/" + strings.Join(parts, "/")
}
