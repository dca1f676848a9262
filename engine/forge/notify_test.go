package forge

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
)

// receiver is a Slack-compatible incoming webhook that records what it
// received and fails the first `fail` deliveries with `status`.
type receiver struct {
	mu       sync.Mutex
	fail     int
	status   int
	attempts int
	got      []map[string]any
}

func (rc *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	rc.attempts++
	if r.Header.Get("Content-Type") != "application/json" {
		http.Error(w, "want JSON", http.StatusUnsupportedMediaType)
		return
	}
	if rc.fail > 0 {
		rc.fail--
		http.Error(w, "upstream unavailable", rc.status)
		return
	}
	var m map[string]any
	if err := json.NewDecoder(r.Body).Decode(&m); err != nil {
		http.Error(w, "invalid_payload", http.StatusBadRequest)
		return
	}
	rc.got = append(rc.got, m)
	fmt.Fprint(w, "ok")
}

func TestNotifyWebhookPostsSlackBlocks(t *testing.T) {
	rc := &receiver{}
	srv := startServer(t, rc)
	fields := map[string]string{"stack": "prod", "commit": "0d1a26e", "outcome": "drifted"}
	for i := range 10 {
		fields[fmt.Sprintf("resource %02d", i)] = "changed"
	}
	must(t, NotifyWebhook(context.Background(), srv.URL+"/services/T000/B000/XXXX", Message{Text: "Drift detected in *prod*", Fields: fields}))
	if len(rc.got) != 1 {
		t.Fatalf("receiver got %d messages, want 1", len(rc.got))
	}
	m := rc.got[0]
	if m["text"] != "Drift detected in *prod*" {
		t.Errorf("text = %v", m["text"])
	}
	blocks, _ := m["blocks"].([]any)
	if len(blocks) != 3 {
		t.Fatalf("blocks = %v, want the text section and two field sections (13 fields, 10 per section)", blocks)
	}
	first := blocks[0].(map[string]any)
	if first["type"] != "section" || first["text"].(map[string]any)["text"] != "Drift detected in *prod*" || first["text"].(map[string]any)["type"] != "mrkdwn" {
		t.Errorf("first block = %v", first)
	}
	var texts []string
	for _, b := range blocks[1:] {
		fs := b.(map[string]any)["fields"].([]any)
		if len(fs) > 10 {
			t.Errorf("a section holds %d fields, Slack allows 10", len(fs))
		}
		for _, f := range fs {
			texts = append(texts, f.(map[string]any)["text"].(string))
		}
	}
	if len(texts) != 13 || texts[0] != "*commit*\n0d1a26e" || texts[len(texts)-1] != "*stack*\nprod" {
		t.Errorf("field texts = %q, want 13 sorted by name, as *name*\\nvalue", texts)
	}
}

func TestNotifyWebhookRetriesServerErrors(t *testing.T) {
	rc := &receiver{fail: 2, status: http.StatusInternalServerError}
	srv := startServer(t, rc)
	must(t, NotifyWebhook(context.Background(), srv.URL, Message{Text: "applied"}))
	if len(rc.got) != 1 || rc.attempts != 3 {
		t.Errorf("receiver got %d messages in %d attempts, want 1 in 3", len(rc.got), rc.attempts)
	}
}

func TestNotifyWebhookFailuresHideTheURL(t *testing.T) {
	const secretPath = "/services/T0001/B0001/s3cr3tw3bh00kt0k3n"
	cases := []struct {
		name     string
		rc       *receiver
		attempts int
	}{
		{"a client error is not retried", &receiver{fail: 99, status: http.StatusForbidden}, 1},
		{"a persistent server error gives up", &receiver{fail: 99, status: http.StatusBadGateway}, defaultRetry.Attempts},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := startServer(t, tc.rc)
			err := NotifyWebhook(context.Background(), srv.URL+secretPath, Message{Text: "x"})
			if err == nil || strings.Contains(err.Error(), "s3cr3t") || !strings.Contains(err.Error(), srv.Listener.Addr().String()) {
				t.Errorf("error = %v, want one naming the host and not the URL's path", err)
			}
			if tc.rc.attempts != tc.attempts {
				t.Errorf("%d attempts, want %d", tc.rc.attempts, tc.attempts)
			}
		})
	}
	t.Run("an unreachable receiver", func(t *testing.T) {
		srv := startServer(t, http.NotFoundHandler())
		url := srv.URL + secretPath
		srv.Close()
		err := NotifyWebhook(context.Background(), url, Message{Text: "x"})
		if err == nil || strings.Contains(err.Error(), "s3cr3t") {
			t.Errorf("error = %v, want one without the URL's path", err)
		}
	})
}

func TestNotifyWebhookClipsToSlackLimits(t *testing.T) {
	rc := &receiver{}
	srv := startServer(t, rc)
	must(t, NotifyWebhook(context.Background(), srv.URL, Message{Text: strings.Repeat("t", 5000), Fields: map[string]string{"log": strings.Repeat("l", 5000)}}))
	blocks := rc.got[0]["blocks"].([]any)
	text := blocks[0].(map[string]any)["text"].(map[string]any)["text"].(string)
	field := blocks[1].(map[string]any)["fields"].([]any)[0].(map[string]any)["text"].(string)
	if n := len([]rune(text)); n > 3000 {
		t.Errorf("section text is %d characters, Slack allows 3000", n)
	}
	if n := len([]rune(field)); n > 2000 {
		t.Errorf("field text is %d characters, Slack allows 2000", n)
	}
}
