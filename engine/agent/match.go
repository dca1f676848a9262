package agent

import (
	"os"
	"strings"

	"github.com/trueup/trueup/engine/agent/config"
	"github.com/trueup/trueup/engine/forge"
	"github.com/trueup/trueup/engine/source"
)

// normalizeRepo is the form repository URLs are compared in: scheme and
// host lowercased, credentials, user, trailing slash and ".git" removed,
// scp-like URLs as ssh:// URLs.
func normalizeRepo(u string) string {
	n, err := source.NormalizeURL(strings.TrimSpace(u))
	if err != nil {
		return strings.TrimSpace(u)
	}
	return n
}

// sameRepo reports whether the stack's repo is one of urls.
func sameRepo(repo string, urls []string) bool {
	want := normalizeRepo(repo)
	for _, u := range urls {
		if u != "" && normalizeRepo(u) == want {
			return true
		}
	}
	return false
}

// matchStacks returns the stacks an event concerns by repository and
// branch: a push's branch, or a pull request's base branch. Paths are
// checked later, for pull requests only (touches).
func matchStacks(stacks []*config.Stack, ev *forge.Event) []*config.Stack {
	var out []*config.Stack
	for _, s := range stacks {
		if ev.Branch == s.Branch && sameRepo(s.Repo, ev.RepoURLs) {
			out = append(out, s)
		}
	}
	return out
}

// stackDirs returns the repository-relative directories a stack's
// configuration reads: its path and, recursively, the local modules
// (module blocks whose source starts with ./ or ../) it calls, as found in
// the checkout root.
func stackDirs(root, stackPath string) []string {
	return config.ModuleDirs(os.DirFS(root), stackPath)
}
