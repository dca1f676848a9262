package config

import (
	"fmt"
	"path"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
	"github.com/hashicorp/hcl/v2"
)

// Autoplan is a stack's autoplan block, Atlantis's setting of the same
// name: which changed files make a push or a pull request run the stack.
type Autoplan struct {
	// Disabled stops pull requests from being planned on their own
	// (enabled = false); a `trueup plan` comment still plans them.
	Disabled bool
	// WhenModified are the patterns as written, relative to the stack's
	// directory ("*.tf", "../modules/**/*.tf", "../envs/*/common.tfvars");
	// empty means any file under the directory. Files of the local
	// modules the stack calls count either way.
	WhenModified []string
	// Patterns are WhenModified joined to the stack's path: repository-
	// relative doublestar patterns.
	Patterns []string
	// rng is where when_modified is written (a stack glob joins the
	// patterns to each directory it expands to, see globs.go).
	rng hcl.Range
}

type rawAutoplan struct {
	Enabled           *bool     `hcl:"enabled,optional"`
	WhenModified      []string  `hcl:"when_modified,optional"`
	WhenModifiedRange hcl.Range `hcl:"when_modified,attr_value_range"`
	DefRange          hcl.Range `hcl:",def_range"`
}

// decodeAutoplan checks the stack's autoplan block: at most one, patterns
// that parse and stay inside the repository. A stack glob's patterns are
// joined to each directory when it is expanded.
func decodeAutoplan(stackPath string, glob bool, blocks []*rawAutoplan) (Autoplan, hcl.Diagnostics) {
	var ap Autoplan
	var diags hcl.Diagnostics
	for i, b := range blocks {
		if i > 0 {
			diags = append(diags, errorAt(b.DefRange, "Duplicate autoplan block", "A stack has at most one autoplan block."))
			continue
		}
		ap.Disabled = b.Enabled != nil && !*b.Enabled
		ap.rng = b.WhenModifiedRange
		for _, p := range b.WhenModified {
			if glob {
				if p == "" || strings.HasPrefix(p, "/") || !doublestar.ValidatePattern(p) {
					diags = append(diags, errorAt(b.WhenModifiedRange, "Invalid when_modified pattern",
						fmt.Sprintf("%q is not a valid pattern relative to the stack's directory: use *, ** (any directories), ?, [abc] and {a,b}.", p)))
					continue
				}
				ap.WhenModified = append(ap.WhenModified, p)
				continue
			}
			full, err := joinPattern(stackPath, p)
			if err != nil {
				diags = append(diags, errorAt(b.WhenModifiedRange, "Invalid when_modified pattern", err.Error()))
				continue
			}
			ap.WhenModified = append(ap.WhenModified, p)
			ap.Patterns = append(ap.Patterns, full)
		}
	}
	return ap, diags
}

// forDir is the autoplan of a stack glob's expansion in dir.
func (ap Autoplan) forDir(dir string) (Autoplan, hcl.Diagnostics) {
	out := Autoplan{Disabled: ap.Disabled, WhenModified: ap.WhenModified, rng: ap.rng}
	var diags hcl.Diagnostics
	for _, p := range ap.WhenModified {
		full, err := joinPattern(dir, p)
		if err != nil {
			diags = append(diags, errorAt(ap.rng, "Invalid when_modified pattern", err.Error()))
			continue
		}
		out.Patterns = append(out.Patterns, full)
	}
	return out, diags
}

// joinPattern makes pattern, relative to the stack's directory, relative
// to the repository root.
func joinPattern(stackPath, pattern string) (string, error) {
	if pattern == "" || strings.HasPrefix(pattern, "/") {
		return "", fmt.Errorf("%q: a pattern is relative to the stack's directory, like \"*.tf\" or \"../modules/**/*.tf\".", pattern)
	}
	full := path.Join(stackPath, pattern)
	if full == ".." || strings.HasPrefix(full, "../") {
		return "", fmt.Errorf("%q leaves the repository: the stack's directory is %q.", pattern, "/"+stackPath)
	}
	if !doublestar.ValidatePattern(full) {
		return "", fmt.Errorf("%q is not a valid pattern: use *, ** (any directories), ?, [abc] and {a,b}.", pattern)
	}
	return full, nil
}

// Touched reports whether changed, repository-relative paths of files a
// push or pull request changed, concern the stack: a file matching its
// when_modified patterns (default: any file under its directory) or a
// file under moduleDirs, the directories of the local modules it calls.
func (s *Stack) Touched(changed, moduleDirs []string) bool {
	for _, p := range changed {
		if s.matches(p) {
			return true
		}
		for _, d := range moduleDirs {
			if d == "" || d == "." || p == d || strings.HasPrefix(p, d+"/") {
				return true
			}
		}
	}
	return false
}

// matches reports whether one changed path matches the stack's own files.
func (s *Stack) matches(p string) bool {
	if len(s.Autoplan.Patterns) == 0 {
		return s.Path == "" || p == s.Path || strings.HasPrefix(p, s.Path+"/")
	}
	for _, pat := range s.Autoplan.Patterns {
		if ok, _ := doublestar.Match(pat, p); ok {
			return true
		}
	}
	return false
}
