package modinstall

import (
	"os"
	"path/filepath"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/trueup/trueup/engine/modsdir"
	"github.com/trueup/trueup/engine/modsrc"
)

// installLocal records a local module where it is: relative to the
// calling module, inside the calling module's package when that is a
// remote one. Nothing is copied.
func (in *installer) installLocal(parent node, path []string, c Call, s modsrc.Local) (node, bool) {
	rel := filepath.FromSlash(string(s))
	final := filepath.Join(parent.finalDir, rel)
	read := filepath.Join(parent.readDir, rel)
	if parent.pkgFinal != "" && escapes(parent.pkgFinal, final) {
		in.diags = append(in.diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Local module path escapes module package",
			Detail: "The given source directory for " + modsdir.Key(path) + " would be outside of its containing package " + parent.pkgFinal +
				". Local source addresses starting with \"../\" must stay within the same package that the calling module belongs to.",
			Subject: c.SourceRange.Ptr()})
		return node{}, false
	}
	if parent.pkgFinal == "" {
		final = in.resolveSymlinks(final)
		read = onDisk(in.opts.StackDir, final)
	}
	if info, err := os.Stat(read); err != nil || !info.IsDir() {
		in.diags = append(in.diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Unreadable module directory",
			Detail:  "The directory " + final + " could not be read for module \"" + c.Name + "\" at " + at(c) + ".",
			Subject: c.SourceRange.Ptr()})
		return node{}, false
	}
	key := modsdir.Key(path)
	rec := modsdir.Record{Key: key, Source: s.String(), Dir: final}
	if in.prev[key] != rec || parent.fresh {
		in.opts.Hooks.Install(key, "", final)
	}
	in.next[key] = rec
	return node{readDir: read, finalDir: final, pkgFinal: parent.pkgFinal, pkgRead: parent.pkgRead, fresh: parent.fresh}, true
}

// escapes reports whether dir lies outside root (both stack-relative).
func escapes(root, dir string) bool {
	rel, err := filepath.Rel(root, dir)
	return err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// resolveSymlinks follows symlinks in a stack-relative directory, as
// Terraform records local modules by their real path.
func (in *installer) resolveSymlinks(dir string) string {
	real, err := filepath.EvalSymlinks(filepath.Join(in.opts.StackDir, dir))
	if err != nil {
		return dir
	}
	root, err := filepath.EvalSymlinks(in.opts.StackDir)
	if err != nil {
		return dir
	}
	rel, err := filepath.Rel(root, real)
	if err != nil {
		return dir
	}
	return rel
}
