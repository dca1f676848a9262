package getmodules

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
)

// CopyTree copies the directory src to dst (which must not exist):
// regular files with their permission bits, directories, and symlinks as
// symlinks. A .git directory is not copied.
func CopyTree(ctx context.Context, src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == ".git" && rel != "." {
			return filepath.SkipDir
		}
		return copyEntry(p, filepath.Join(dst, rel), d)
	})
}

// copyEntry copies one directory entry.
func copyEntry(from, to string, d fs.DirEntry) error {
	info, err := d.Info()
	if err != nil {
		return err
	}
	switch {
	case d.IsDir():
		return os.MkdirAll(to, info.Mode().Perm()|0o700)
	case info.Mode()&fs.ModeSymlink != 0:
		target, err := os.Readlink(from)
		if err != nil {
			return err
		}
		return os.Symlink(target, to)
	case info.Mode().IsRegular():
		return copyFile(from, to, info.Mode().Perm())
	}
	return nil // sockets, devices: not part of a module
}

// copyFile copies a regular file.
func copyFile(from, to string, perm fs.FileMode) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// fetchFile copies a local directory, or extracts a local archive, given
// as a file:// URL (what an absolute source path becomes).
func fetchFile(ctx context.Context, raw, dst string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return err
	}
	format, _, err := archiveFormat(u)
	if err != nil {
		return err
	}
	info, err := os.Stat(u.Path)
	if err != nil {
		return fmt.Errorf("%s: %w", u.Path, ErrNotFound)
	}
	if format != "" && !info.IsDir() {
		if err := verifyChecksum(u, u.Path); err != nil {
			return err
		}
		return extract(format, u.Path, dst)
	}
	if !info.IsDir() {
		return fmt.Errorf("%s is not a directory or an archive", u.Path)
	}
	return CopyTree(ctx, u.Path, dst)
}
