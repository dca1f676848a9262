package forge

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// maxErrorBody bounds how much of an error answer is read and quoted.
const maxErrorBody = 4096

// call sends one API request: in (when not nil) as the JSON body, the
// answer decoded into out (when not nil) and its headers into hdr. A 429
// or 5xx answer, or no answer at all, comes back as a transient *Error.
func (g *GitLab) call(ctx context.Context, repo, op, method, path string, in, out any, hdr *http.Header) error {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return newError("gitlab", repo, op, 0, err)
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, g.base.String()+path, body)
	if err != nil {
		return newError("gitlab", repo, op, 0, err, g.token)
	}
	req.Header.Set("PRIVATE-TOKEN", g.token)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "trueup")
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := g.http.Do(req)
	if err != nil {
		e := newError("gitlab", repo, op, 0, err, g.token)
		if ctx.Err() != nil {
			return e
		}
		return retryable(e, 0)
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return g.statusError(repo, op, resp)
	}
	if hdr != nil {
		*hdr = resp.Header
	}
	if out != nil {
		if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
			return newError("gitlab", repo, op, resp.StatusCode, fmt.Errorf("decoding the answer: %w", err), g.token)
		}
	}
	return nil
}

// statusError turns a non-2xx answer into an *Error quoting GitLab's
// message, transient for 429 and 5xx.
func (g *GitLab) statusError(repo, op string, resp *http.Response) error {
	data, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	var m struct {
		Message json.RawMessage `json:"message"`
		Error   string          `json:"error"`
	}
	detail := strings.TrimSpace(string(data))
	if json.Unmarshal(data, &m) == nil {
		switch {
		case len(m.Message) > 0:
			var s string
			if json.Unmarshal(m.Message, &s) == nil {
				detail = s
			} else {
				detail = string(m.Message)
			}
		case m.Error != "":
			detail = m.Error
		}
	}
	msg := resp.Status
	if detail != "" {
		msg += ": " + detail
	}
	e := newError("gitlab", repo, op, resp.StatusCode, errors.New(msg), g.token)
	if resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500 {
		return retryable(e, retryAfter(resp.Header))
	}
	return e
}

// retryAfter reads a Retry-After header given in seconds.
func retryAfter(h http.Header) time.Duration {
	if s, err := strconv.Atoi(strings.TrimSpace(h.Get("Retry-After"))); err == nil && s > 0 {
		return time.Duration(s) * time.Second
	}
	return 0
}

// nextPage returns the next page number from GitLab's X-Next-Page header,
// or from a Link header's rel="next" URL; "" on the last page.
func nextPage(h http.Header) string {
	if p := strings.TrimSpace(h.Get("X-Next-Page")); p != "" {
		return p
	}
	for _, link := range strings.Split(h.Get("Link"), ",") {
		target, params, ok := strings.Cut(link, ";")
		if !ok || !strings.Contains(params, `rel="next"`) {
			continue
		}
		u, err := url.Parse(strings.Trim(strings.TrimSpace(target), "<>"))
		if err == nil {
			return u.Query().Get("page")
		}
	}
	return ""
}
