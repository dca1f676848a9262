package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	version "github.com/hashicorp/go-version"

	"github.com/trueup/trueup/engine/getmodules"
	"github.com/trueup/trueup/engine/modsrc"
)

// initFromModule copies the module at src into the working directory
// before init goes on, as `terraform init -from-module=SOURCE` does: the
// directory must hold no configuration file; src is any module source (a
// local path relative to the working directory, git, archive, s3, gcs,
// hg, or a registry address, whose newest version is taken). Files of
// the module that are already in the directory are not overwritten.
func (c *cli) initFromModule(ctx context.Context, src string) int {
	if files := configFilesIn("."); len(files) > 0 {
		return c.errorf("The working directory already contains files. The -from-module option requires\n" +
			"an empty directory into which a copy of the referenced module will be placed.\n\n" +
			"To initialize the configuration already in this working directory, omit the\n-from-module option.")
	}
	fmt.Fprintf(c.stdout, "Copying configuration from %q...\n", src)
	scratch, err := os.MkdirTemp(".", ".from-module-")
	if err != nil {
		return c.errorf("%v", err)
	}
	defer os.RemoveAll(scratch)
	dir, err := fetchModule(ctx, src, filepath.Join(scratch, "pkg"))
	if err != nil {
		return c.errorf("Failed to download module %q: %v", modsrc.Redact(src), err)
	}
	if err := copyMissing(dir, "."); err != nil {
		return c.errorf("copying module %q into the working directory: %v", modsrc.Redact(src), err)
	}
	return 0
}

// fetchModule writes the module at src under dst and returns its
// directory (dst, or the subdirectory the source names).
func fetchModule(ctx context.Context, src, dst string) (string, error) {
	parsed, err := modsrc.Parse(src)
	if err != nil {
		return "", err
	}
	var pkg, subdir string
	switch s := parsed.(type) {
	case modsrc.Local:
		return dst, getmodules.CopyTree(ctx, string(s), dst)
	case modsrc.Remote:
		pkg, subdir = s.Package, s.Subdir
	case modsrc.Registry:
		pkg, subdir, err = registryPackage(ctx, s)
		if err != nil {
			return "", err
		}
	}
	var f getmodules.Fetcher
	if err := f.Fetch(ctx, pkg, dst); err != nil {
		return "", err
	}
	if subdir == "" {
		return dst, nil
	}
	rel, err := getmodules.ExpandSubdir(dst, subdir)
	if err != nil {
		return "", err
	}
	return filepath.Join(dst, rel), nil
}

// registryPackage resolves a registry module to its newest version's
// package address and subdirectory.
func registryPackage(ctx context.Context, addr modsrc.Registry) (string, string, error) {
	var reg getmodules.Registry
	versions, err := reg.Versions(ctx, addr)
	if err != nil {
		return "", "", err
	}
	var newest *version.Version
	for _, v := range versions {
		if pv, err := version.NewVersion(v); err == nil && pv.Prerelease() == "" && (newest == nil || pv.GreaterThan(newest)) {
			newest = pv
		}
	}
	if newest == nil {
		return "", "", fmt.Errorf("the registry has no version of %s", addr)
	}
	loc, err := reg.Location(ctx, addr, newest.Original())
	if err != nil {
		return "", "", err
	}
	remote, err := modsrc.Parse(loc)
	if err != nil {
		return "", "", err
	}
	r, ok := remote.(modsrc.Remote)
	if !ok {
		return "", "", fmt.Errorf("the registry's location %q for %s is not a remote package", modsrc.Redact(loc), addr)
	}
	subdir := r.Subdir
	if addr.Subdir != "" {
		subdir = filepath.ToSlash(filepath.Join(subdir, addr.Subdir))
	}
	return r.Package, subdir, nil
}

// configFilesIn lists the configuration files of dir.
func configFilesIn(dir string) []string {
	entries, _ := os.ReadDir(dir)
	var out []string
	for _, e := range entries {
		if n := e.Name(); !e.IsDir() && (strings.HasSuffix(n, ".tf") || strings.HasSuffix(n, ".tf.json")) {
			out = append(out, n)
		}
	}
	return out
}

// copyMissing copies the tree at from into to, leaving files that exist
// in to as they are.
func copyMissing(from, to string) error {
	return filepath.WalkDir(from, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, path)
		target := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		if _, err := os.Lstat(target); err == nil {
			return nil
		}
		return os.Rename(path, target)
	})
}
