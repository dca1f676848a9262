package web

import (
	"net/url"
	"strconv"
	"strings"
)

// Forge kinds, as the agent's configuration names them.
const (
	forgeGitHub = "github"
	forgeGitLab = "gitlab"
)

// repoWebURL turns a repository's clone URL into the address of its page on
// the forge: "https://github.com/acme/infra.git" and
// "git@github.com:acme/infra.git" both give "https://github.com/acme/infra".
// It returns "" for what no browser can open (a path, file://), and drops
// any credentials written into the URL.
func repoWebURL(repo string) string {
	repo = strings.TrimSpace(repo)
	if host, path, ok := scpLike(repo); ok {
		return "https://" + host + "/" + strings.TrimSuffix(strings.Trim(path, "/"), ".git")
	}
	u, err := url.Parse(repo)
	if err != nil || u.Host == "" {
		return ""
	}
	switch u.Scheme {
	case "http", "https":
	case "ssh", "git":
		u.Scheme = "https"
		u.Host = u.Hostname()
	default:
		return ""
	}
	u.User, u.RawQuery, u.Fragment = nil, "", ""
	u.Path = strings.TrimSuffix(strings.TrimRight(u.Path, "/"), ".git")
	u.RawPath = ""
	if strings.Trim(u.Path, "/") == "" {
		return ""
	}
	return u.String()
}

// scpLike splits git's "user@host:path" form.
func scpLike(s string) (host, path string, ok bool) {
	if strings.Contains(s, "://") {
		return "", "", false
	}
	at := strings.Index(s, "@")
	colon := strings.Index(s, ":")
	if at < 0 || colon < at {
		return "", "", false
	}
	return s[at+1 : colon], s[colon+1:], true
}

// commitURL links a commit on the stack's forge, or returns "".
func commitURL(s Stack, sha string) string {
	base := repoWebURL(s.Repo)
	if base == "" || sha == "" {
		return ""
	}
	if s.Forge == forgeGitLab {
		return base + "/-/commit/" + url.PathEscape(sha)
	}
	return base + "/commit/" + url.PathEscape(sha)
}

// prURL links a pull (GitHub) or merge (GitLab) request, or returns "".
func prURL(s Stack, n int) string {
	base := repoWebURL(s.Repo)
	if base == "" || n <= 0 {
		return ""
	}
	if s.Forge == forgeGitLab {
		return base + "/-/merge_requests/" + strconv.Itoa(n)
	}
	return base + "/pull/" + strconv.Itoa(n)
}
