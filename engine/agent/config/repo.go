package config

import (
	"net/url"
	"strings"
)

// RepoFullName derives a repository's name on its forge ("owner/name",
// or "group/subgroup/name" on GitLab) from its URL: the path without a
// leading slash and a trailing ".git". It returns "" for local paths.
func RepoFullName(repo string) string {
	p := ""
	switch {
	case strings.Contains(repo, "://"):
		u, err := url.Parse(repo)
		if err != nil || u.Scheme == "file" {
			return ""
		}
		p = u.Path
	case strings.Contains(repo, ":") && !strings.HasPrefix(repo, "/"):
		// scp-like: git@host:owner/name.git
		p = repo[strings.Index(repo, ":")+1:]
	default:
		return ""
	}
	p = strings.Trim(p, "/")
	p = strings.TrimSuffix(p, ".git")
	return strings.Trim(p, "/")
}
