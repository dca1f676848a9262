package providercache

import (
	"archive/zip"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
)

const lockRetry = 50 * time.Millisecond

// unzip extracts archive into dir, refusing entries that escape it.
func unzip(archive, dir string) error {
	r, err := zip.OpenReader(archive)
	if err != nil {
		return err
	}
	defer r.Close()
	for _, f := range r.File {
		if err := extract(f, dir); err != nil {
			return err
		}
	}
	return nil
}

func extract(f *zip.File, dir string) error {
	target := filepath.Join(dir, filepath.FromSlash(f.Name))
	if !strings.HasPrefix(target, filepath.Clean(dir)+string(os.PathSeparator)) {
		return fmt.Errorf("archive entry %q escapes the package directory", f.Name)
	}
	if f.FileInfo().IsDir() {
		return os.MkdirAll(target, 0o755)
	}
	if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
		return err
	}
	src, err := f.Open()
	if err != nil {
		return err
	}
	defer src.Close()
	mode := f.Mode().Perm()
	if mode == 0 {
		mode = 0o644
	}
	dst, err := os.OpenFile(target, os.O_WRONLY|os.O_CREATE|os.O_EXCL, mode|0o200)
	if err != nil {
		return err
	}
	if _, err := io.Copy(dst, src); err != nil {
		dst.Close()
		return err
	}
	return dst.Close()
}

// replaceDir renames the complete directory tmp to final, moving aside
// whatever is at final first (a stale or partial copy, or a symlink).
func replaceDir(tmp, final string) error {
	if err := os.Rename(tmp, final); err == nil {
		return nil
	}
	if err := removeOld(final); err != nil {
		return err
	}
	return os.Rename(tmp, final)
}

// replaceWithSymlink points final at target atomically: a symlink made
// under a temporary name replaces final by rename.
func replaceWithSymlink(target, final string) error {
	abs, err := filepath.Abs(target)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(final), 0o755); err != nil {
		return err
	}
	tmp := fmt.Sprintf("%s.tmp-link-%d", final, os.Getpid())
	os.Remove(tmp)
	if err := os.Symlink(abs, tmp); err != nil {
		return err
	}
	if err := os.Rename(tmp, final); err == nil {
		return nil
	}
	if err := removeOld(final); err != nil {
		os.Remove(tmp)
		return err
	}
	return os.Rename(tmp, final)
}

// removeOld moves a directory aside and deletes it, so that final is free.
func removeOld(final string) error {
	info, err := os.Lstat(final)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		return err
	}
	if info.Mode()&os.ModeSymlink != 0 || !info.IsDir() {
		return os.Remove(final)
	}
	aside := fmt.Sprintf("%s.old-%d-%d", final, os.Getpid(), time.Now().UnixNano())
	if err := os.Rename(final, aside); err != nil {
		return err
	}
	return os.RemoveAll(aside)
}

// LinkFrom makes d's place for in (an installed package of another
// directory, the shared cache) a symlink to it, as Terraform does.
func (d *Dir) LinkFrom(in *Installed) (*Installed, error) {
	final := d.PackageDir(in.Provider, in.Version)
	if err := replaceWithSymlink(in.Dir, final); err != nil {
		return nil, fmt.Errorf("linking %s v%s from the plugin cache: %w", in.Provider, in.Version, err)
	}
	out, ok := d.Installed(in.Provider, in.Version)
	if !ok {
		return nil, fmt.Errorf("linking %s v%s from the plugin cache: %s is incomplete", in.Provider, in.Version, in.Dir)
	}
	return out, nil
}
