package forge

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"

	gitlab "gitlab.com/gitlab-org/api/client-go/v2"
)

// wrap turns a client-go error into an *Error quoting GitLab's message,
// marked transient when a retry may help: a 429 or 5xx answer, or no
// answer at all while ctx is still live.
func (g *GitLab) wrap(ctx context.Context, repo, op string, resp *gitlab.Response, err error) error {
	if err == nil {
		return nil
	}
	if resp == nil || resp.Response == nil {
		e := newError("gitlab", repo, op, 0, err, g.token)
		if ctx.Err() != nil {
			return e
		}
		return retryable(e, 0)
	}
	msg := resp.Status
	if detail := gitlabErrorDetail(err); detail != "" {
		msg += ": " + detail
	}
	e := newError("gitlab", repo, op, resp.StatusCode, errors.New(msg), g.token)
	if resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500 {
		return retryable(e, retryAfter(resp.Header))
	}
	return e
}

// gitlabErrorDetail is the message of a GitLab error answer: its
// "message" (a string, or the JSON of a field-error object) or its
// "error", else the raw body.
func gitlabErrorDetail(err error) string {
	var er *gitlab.ErrorResponse
	if !errors.As(err, &er) || len(er.Body) == 0 {
		return ""
	}
	var m struct {
		Message json.RawMessage `json:"message"`
		Error   string          `json:"error"`
	}
	if json.Unmarshal(er.Body, &m) == nil {
		switch {
		case len(m.Message) > 0:
			var s string
			if json.Unmarshal(m.Message, &s) == nil {
				return s
			}
			return string(m.Message)
		case m.Error != "":
			return m.Error
		}
	}
	return strings.TrimSpace(string(er.Body[:min(len(er.Body), maxErrorBody)]))
}

// maxErrorBody bounds how much of an error answer is quoted.
const maxErrorBody = 4096
