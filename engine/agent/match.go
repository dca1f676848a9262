package agent

import (
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

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
	seen := map[string]bool{}
	var walk func(dir string)
	walk = func(dir string) {
		if seen[dir] {
			return
		}
		seen[dir] = true
		for _, src := range localModuleSources(filepath.Join(root, filepath.FromSlash(dir))) {
			next := path.Join(dir, src)
			if next == ".." || strings.HasPrefix(next, "../") {
				continue
			}
			if next == "." {
				next = ""
			}
			walk(next)
		}
	}
	walk(stackPath)
	out := make([]string, 0, len(seen))
	for d := range seen {
		out = append(out, d)
	}
	return out
}

// localModuleSources lists the local module sources called from the .tf
// files of dir.
func localModuleSources(dir string) []string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var out []string
	p := hclparse.NewParser()
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".tf") {
			continue
		}
		f, _ := p.ParseHCLFile(filepath.Join(dir, e.Name()))
		if f == nil {
			continue
		}
		body, ok := f.Body.(*hclsyntax.Body)
		if !ok {
			continue
		}
		for _, b := range body.Blocks {
			if b.Type != "module" {
				continue
			}
			attr := b.Body.Attributes["source"]
			if attr == nil {
				continue
			}
			v, diags := attr.Expr.Value(nil)
			if diags.HasErrors() || v.IsNull() || !v.IsKnown() || v.Type() != cty.String {
				continue
			}
			if s := v.AsString(); strings.HasPrefix(s, "./") || strings.HasPrefix(s, "../") {
				out = append(out, s)
			}
		}
	}
	return out
}
