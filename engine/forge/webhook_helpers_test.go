package forge

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"testing"
)

// parseFunc is ParseGitHubEvent or ParseGitLabEvent.
type parseFunc func(*http.Request, []byte) (*Event, error)

// deliver POSTs body with headers to a real loopback server whose handler
// parses it with parse under secret, and returns what parse returned.
func deliver(t *testing.T, parse parseFunc, secret []byte, headers map[string]string, body io.Reader) (*Event, error) {
	t.Helper()
	type result struct {
		ev  *Event
		err error
	}
	got := make(chan result, 1)
	srv := startServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ev, err := parse(r, secret)
		got <- result{ev, err}
		if err != nil {
			http.Error(w, "rejected", http.StatusBadRequest)
		}
	}))
	req, err := http.NewRequest(http.MethodPost, srv.URL+"/hooks", body)
	must(t, err)
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err == nil {
		resp.Body.Close()
	}
	r := <-got
	return r.ev, r.err
}

func fixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatalf("fixture: %v", err)
	}
	return b
}

// edit returns the fixture with top-level (or object_attributes/
// pull_request) fields changed.
func edit(t *testing.T, raw []byte, obj string, changes map[string]any) []byte {
	t.Helper()
	var m map[string]any
	must(t, json.Unmarshal(raw, &m))
	target := m
	if obj != "" {
		target = m[obj].(map[string]any)
	}
	for k, v := range changes {
		target[k] = v
	}
	out, err := json.Marshal(m)
	must(t, err)
	return out
}

func sign(secret, body []byte) string {
	mac := hmac.New(sha256.New, secret)
	mac.Write(body)
	return "sha256=" + hex.EncodeToString(mac.Sum(nil))
}

func githubHeaders(event, signature string) map[string]string {
	h := map[string]string{"X-GitHub-Event": event, "Content-Type": "application/json", "X-GitHub-Delivery": "72d3162e-cc78-11e3-81ab-4c9367dc0958"}
	if signature != "" {
		h["X-Hub-Signature-256"] = signature
	}
	return h
}

func bodyOf(b []byte) io.Reader { return bytes.NewReader(b) }
