package config

import (
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// Dirs lists the directories of the repository tree fsys (its root is
// the repository's root) that the glob expands to, sorted: each matching
// directory holding .tf or .tf.json files, unless another matching
// directory calls it as a local module. Directories starting with "."
// and node_modules are not searched.
func (g *Glob) Dirs(fsys fs.FS) []string {
	var matched []string
	fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return nil
		}
		rel := p
		if rel == "." {
			rel = ""
		}
		if name := d.Name(); rel != "" && (strings.HasPrefix(name, ".") || name == "node_modules") {
			return fs.SkipDir
		}
		if g.Match(rel) && holdsTerraform(fsys, rel) {
			matched = append(matched, rel)
		}
		return nil
	})
	modules := map[string]bool{}
	for _, dir := range matched {
		for _, m := range ModuleDirs(fsys, dir) {
			if m != dir {
				modules[m] = true
			}
		}
	}
	out := []string{}
	for _, dir := range matched {
		if !modules[dir] {
			out = append(out, dir)
		}
	}
	slices.Sort(out)
	return out
}

// fsPath is a repository-relative directory as an fs.FS path.
func fsPath(dir string) string {
	if dir == "" {
		return "."
	}
	return dir
}

// holdsTerraform reports whether dir holds a .tf or .tf.json file.
func holdsTerraform(fsys fs.FS, dir string) bool {
	entries, err := fs.ReadDir(fsys, fsPath(dir))
	if err != nil {
		return false
	}
	for _, e := range entries {
		if !e.IsDir() && (strings.HasSuffix(e.Name(), ".tf") || strings.HasSuffix(e.Name(), ".tf.json")) {
			return true
		}
	}
	return false
}

// ModuleDirs returns the repository-relative directories a stack in dir
// reads from the tree fsys: dir and, recursively, the local modules
// (module blocks whose source starts with ./ or ../) it calls, unsorted.
// Sources leaving the repository are ignored.
func ModuleDirs(fsys fs.FS, dir string) []string {
	seen := map[string]bool{}
	var walk func(dir string)
	walk = func(dir string) {
		if seen[dir] {
			return
		}
		seen[dir] = true
		for _, src := range localModuleSources(fsys, dir) {
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
	walk(dir)
	out := make([]string, 0, len(seen))
	for d := range seen {
		out = append(out, d)
	}
	return out
}

// localModuleSources lists the local module sources called from the .tf
// files of dir.
func localModuleSources(fsys fs.FS, dir string) []string {
	entries, err := fs.ReadDir(fsys, fsPath(dir))
	if err != nil {
		return nil
	}
	var out []string
	p := hclparse.NewParser()
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".tf") {
			continue
		}
		src, err := fs.ReadFile(fsys, path.Join(fsPath(dir), e.Name()))
		if err != nil {
			continue
		}
		f, _ := p.ParseHCL(src, path.Join(dir, e.Name()))
		if f == nil {
			continue
		}
		body, ok := f.Body.(*hclsyntax.Body)
		if !ok {
			continue
		}
		for _, b := range body.Blocks {
			if s, ok := localSource(b); ok {
				out = append(out, s)
			}
		}
	}
	return out
}

// localSource returns a module block's source when it is local.
func localSource(b *hclsyntax.Block) (string, bool) {
	if b.Type != "module" {
		return "", false
	}
	attr := b.Body.Attributes["source"]
	if attr == nil {
		return "", false
	}
	v, diags := attr.Expr.Value(nil)
	if diags.HasErrors() || v.IsNull() || !v.IsKnown() || v.Type() != cty.String {
		return "", false
	}
	s := v.AsString()
	return s, strings.HasPrefix(s, "./") || strings.HasPrefix(s, "../")
}
