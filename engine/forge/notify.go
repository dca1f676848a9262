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
	"sort"
	"time"

	"github.com/hashicorp/go-hclog"
)

// Message is a notification: a line of text and labelled fields (stack,
// commit, outcome, run link, ...).
type Message struct {
	Text   string
	Fields map[string]string
}

// Slack's limits on blocks.
const (
	slackFieldsPerSection = 10
	slackFieldText        = 2000
	slackSectionText      = 3000
)

// notifyClient posts notifications; its timeout bounds one attempt.
var notifyClient = &http.Client{Timeout: 30 * time.Second}

// NotifyWebhook posts m as Slack-compatible JSON to url: "text" for
// clients that read only that, and "blocks" with the text and the fields
// (sorted by name). A 429 or 5xx answer or a failed connection is retried
// a few times. The URL (whose path is itself a secret for Slack) never
// appears in the error: only its host does.
func NotifyWebhook(ctx context.Context, url string, m Message) error {
	payload, err := json.Marshal(slackPayload(m))
	if err != nil {
		return fmt.Errorf("notify webhook: %w", err)
	}
	host := hostOf(url)
	return defaultRetry.do(ctx, hclog.NewNullLogger(), "notify", func() error {
		return postOnce(ctx, url, host, payload)
	})
}

func postOnce(ctx context.Context, target, host string, payload []byte) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, bytes.NewReader(payload))
	if err != nil {
		return fmt.Errorf("notify webhook %s: invalid URL", host)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "trueup")
	resp, err := notifyClient.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // without the URL
		}
		e := fmt.Errorf("notify webhook %s: %s", host, redact(err.Error(), target))
		if ctx.Err() != nil {
			return e
		}
		return retryable(e, 0)
	}
	defer resp.Body.Close()
	detail, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	if resp.StatusCode >= 200 && resp.StatusCode <= 299 {
		return nil
	}
	e := fmt.Errorf("notify webhook %s: %s: %s", host, resp.Status, redact(string(bytes.TrimSpace(detail)), target))
	if resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500 {
		return retryable(e, retryAfter(resp.Header))
	}
	return e
}

// hostOf returns the host of a URL, or "(invalid URL)".
func hostOf(s string) string {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" {
		return "(invalid URL)"
	}
	return u.Host
}

type slackText struct {
	Type string `json:"type"`
	Text string `json:"text"`
}

type slackBlock struct {
	Type   string      `json:"type"`
	Text   *slackText  `json:"text,omitempty"`
	Fields []slackText `json:"fields,omitempty"`
}

type slackMessage struct {
	Text   string       `json:"text"`
	Blocks []slackBlock `json:"blocks"`
}

// slackPayload lays m out as Slack blocks within Slack's limits.
func slackPayload(m Message) slackMessage {
	text := m.Text
	if text == "" {
		text = "trueup notification"
	}
	out := slackMessage{Text: text, Blocks: []slackBlock{{
		Type: "section", Text: &slackText{Type: "mrkdwn", Text: clip(text, slackSectionText)},
	}}}
	names := make([]string, 0, len(m.Fields))
	for k := range m.Fields {
		names = append(names, k)
	}
	sort.Strings(names)
	var fields []slackText
	for _, k := range names {
		fields = append(fields, slackText{Type: "mrkdwn", Text: clip("*"+k+"*\n"+m.Fields[k], slackFieldText)})
	}
	for len(fields) > 0 {
		n := min(len(fields), slackFieldsPerSection)
		out.Blocks = append(out.Blocks, slackBlock{Type: "section", Fields: fields[:n]})
		fields = fields[n:]
	}
	return out
}

// clip shortens s to at most n runes.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
