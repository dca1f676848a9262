package secretscan

import (
	"encoding/base64"
	"encoding/json"
	"html"
	"net/url"
	"strings"
	"testing"
)

// TestEveryEncodingOfASecretIsFound: the secret is found plain, in each
// escaping, and base64-encoded at any offset inside a longer text, and a
// text without it yields no hit.
func TestEveryEncodingOfASecretIsFound(t *testing.T) {
	sec := New("token", "tok-", false)
	sc := NewScanner(sec)
	wrap := func(s string) string { return "before " + s + " after" }
	cases := map[string]string{
		"plain":          wrap(sec.Value),
		"core only":      wrap(sec.Core[:len(sec.Core)]),
		"json":           func() string { b, _ := json.Marshal(map[string]string{"v": sec.Value}); return string(b) }(),
		"url query":      "https://x/?a=" + url.QueryEscape(sec.Value),
		"html":           "<p>" + html.EscapeString(sec.Value) + "</p>",
		"base64 offset0": base64.StdEncoding.EncodeToString([]byte(sec.Value + "tail")),
		"base64 offset1": base64.StdEncoding.EncodeToString([]byte("x" + sec.Value)),
		"base64 offset2": base64.StdEncoding.EncodeToString([]byte("xy" + sec.Value + "z")),
		"base64url":      base64.URLEncoding.EncodeToString([]byte("Authorization: " + sec.Value)),
	}
	for name, text := range cases {
		if hits := sc.Find(text); len(hits) != 1 {
			t.Errorf("%s: %d hits in %q, want 1", name, len(hits), text)
		}
	}
	clean := strings.ReplaceAll(cases["plain"], sec.Core, "(sensitive value)")
	if hits := sc.Find(clean + base64.StdEncoding.EncodeToString([]byte(clean))); len(hits) != 0 {
		t.Errorf("a redacted text gives hits: %v", hits)
	}
}

// TestNewSecretsAreDistinct: two secrets made with the same prefix differ,
// so that a test's secrets are its own.
func TestNewSecretsAreDistinct(t *testing.T) {
	a, b := New("a", "p-", true), New("b", "p-", true)
	if a.Value == b.Value || !strings.HasPrefix(a.Value, "p-S3C") || strings.ContainsAny(a.Value, punctuation) {
		t.Errorf("secrets %q and %q", a.Value, b.Value)
	}
}
