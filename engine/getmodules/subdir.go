package getmodules

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// ExpandSubdir resolves a package subdirectory, which may hold glob
// patterns ("terraform-aws-vpc-*"), inside pkgDir. It returns the
// matching directory relative to pkgDir ("." for ""); exactly one
// directory must match, as in Terraform.
func ExpandSubdir(pkgDir, subdir string) (string, error) {
	if subdir == "" {
		return ".", nil
	}
	clean := path.Clean(subdir)
	if clean == ".." || strings.HasPrefix(clean, "../") || path.IsAbs(clean) {
		return "", fmt.Errorf("subdirectory %q leads outside of the module package", subdir)
	}
	matches, err := filepath.Glob(filepath.Join(pkgDir, filepath.FromSlash(clean)))
	if err != nil {
		return "", fmt.Errorf("invalid subdirectory pattern %q: %v", subdir, err)
	}
	var dirs []string
	for _, m := range matches {
		if info, err := os.Stat(m); err == nil && info.IsDir() {
			dirs = append(dirs, m)
		}
	}
	switch len(dirs) {
	case 0:
		return "", fmt.Errorf("subdirectory %q not found in the module package: %w", subdir, ErrNotFound)
	case 1:
		return filepath.Rel(pkgDir, dirs[0])
	}
	return "", fmt.Errorf("subdirectory %q matches %d directories; it must match exactly one", subdir, len(dirs))
}
