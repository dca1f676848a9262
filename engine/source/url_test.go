package source

import (
	"errors"
	"strings"
	"testing"
)

func TestNormalizeURL(t *testing.T) {
	cases := []struct {
		name, in, want string
	}{
		{"scheme and host are lowercased, .git and slash dropped", "HTTPS://GitHub.COM/Org/Repo.git/", "https://github.com/Org/Repo"},
		{"credentials are dropped", "https://x-access-token:tok@github.com/o/r.git", "https://github.com/o/r"},
		{"default port is dropped", "https://github.com:443/o/r", "https://github.com/o/r"},
		{"other port is kept", "http://127.0.0.1:8080/o/r", "http://127.0.0.1:8080/o/r"},
		{"scp-like becomes ssh", "git@GitHub.com:org/repo.git", "ssh://github.com/org/repo"},
		{"ssh URL drops user and default port", "ssh://git@github.com:22/org/repo.git", "ssh://github.com/org/repo"},
		{"git protocol", "git://example.com/repo", "git://example.com/repo"},
		{"file URL is an absolute path", "file:///srv/git/repo.git", "file:///srv/git/repo.git"},
		{"plain path is a file URL", "/srv/git/repo", "file:///srv/git/repo"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := NormalizeURL(tc.in)
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("NormalizeURL(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestNormalizeURLRejects(t *testing.T) {
	for _, in := range []string{"", "ftp://example.com/r", "https:///no-host", "file://otherhost/path", "https://exa mple.com/%zz"} {
		if _, err := NormalizeURL(in); !errors.Is(err, errBadURL) {
			t.Errorf("NormalizeURL(%q) error = %v, want an invalid URL", in, err)
		}
	}
}

func TestRedactURLStripsCredentials(t *testing.T) {
	cases := []struct {
		name, in, want string
	}{
		{"token as https password", "https://x-access-token:ghp_abc@github.com/o/r.git", "https://github.com/o/r.git"},
		{"token as https user", "https://ghp_abc@github.com/o/r", "https://github.com/o/r"},
		{"ssh keeps the user, drops a password", "ssh://git:pw@host.example/r", "ssh://git@host.example/r"},
		{"scp-like keeps the user", "git@github.com:o/r.git", "git@github.com:o/r.git"},
		{"scp-like drops a password", "git:pw@github.com:o/r.git", "git@github.com:o/r.git"},
		{"unsupported scheme still drops credentials", "ftp://u:secret@example.com/r", "ftp://example.com/r"},
		{"unparsable URL is not echoed", "https://u:secret@exa mple.com/%zz", "(invalid URL)"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := RedactURL(tc.in); got != tc.want {
				t.Errorf("RedactURL(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestCacheNamesAreDistinctAndReadable(t *testing.T) {
	a, _ := parseEndpoint("https://github.com/org/repo")
	b, _ := parseEndpoint("https://github.com/org/repo2")
	c, _ := parseEndpoint("https://GITHUB.com/org/repo.git")
	if a.cacheName() == b.cacheName() || a.cacheName() != c.cacheName() {
		t.Errorf("cache names: %s %s %s", a.cacheName(), b.cacheName(), c.cacheName())
	}
	if !strings.HasPrefix(a.cacheName(), "github.com_org_repo-") {
		t.Errorf("cache name %q should start with a readable form of the URL", a.cacheName())
	}
}
