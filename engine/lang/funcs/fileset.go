package funcs

import (
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
)

// MakeFileSetFunc returns fileset(path, pattern): the set of regular files
// under the directory path (relative to baseDir) that match the glob
// pattern, as slash-separated paths relative to that directory. Patterns
// support *, **, ?, [class] and {alternatives}, and must stay inside the
// directory (no leading "../" or absolute pattern).
func MakeFileSetFunc(baseDir string) function.Function {
	return function.New(&function.Spec{
		Description:  "Returns the set of files under a directory that match a glob pattern.",
		Params:       stringParams("path", "pattern"),
		Type:         function.StaticReturnType(cty.Set(cty.String)),
		RefineResult: refineNotNull,
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			dir := args[0].AsString()
			if !filepath.IsAbs(dir) {
				dir = filepath.Join(baseDir, dir)
			}
			pattern := path.Clean(filepath.ToSlash(args[1].AsString()))
			if pattern == ".." || strings.HasPrefix(pattern, "../") || path.IsAbs(pattern) {
				return cty.UnknownVal(cty.Set(cty.String)), function.NewArgErrorf(1, "the pattern %s leaves the directory; give the directory to search as the first argument instead", pattern)
			}
			if !doublestar.ValidatePattern(pattern) {
				return cty.UnknownVal(cty.Set(cty.String)), function.NewArgErrorf(1, "failed to glob pattern %s: syntax error in pattern", pattern)
			}
			matches, err := globFiles(dir, pattern)
			if err != nil {
				return cty.UnknownVal(cty.Set(cty.String)), err
			}
			if len(matches) == 0 {
				return cty.SetValEmpty(cty.String), nil
			}
			return cty.SetVal(matches), nil
		},
	})
}

// globFiles lists the regular files (symbolic links followed) under dir
// that match pattern.
func globFiles(dir, pattern string) ([]cty.Value, error) {
	fsys := os.DirFS(dir)
	names, err := doublestar.Glob(fsys, pattern, doublestar.WithFilesOnly())
	if err != nil {
		return nil, fmt.Errorf("failed to glob pattern %s: %w", pattern, err)
	}
	var out []cty.Value
	for _, name := range names {
		fi, err := fs.Stat(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("failed to stat %s: %w", name, unwrapPathError(err))
		}
		if fi.Mode().IsRegular() {
			out = append(out, cty.StringVal(name))
		}
	}
	return out, nil
}
