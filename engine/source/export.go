package source

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// export materialises the commit's tree as entry/trees/SHA, once: a later
// run at the same commit reuses it. It runs under the entry lock; the tree
// is written to a temporary directory and renamed into place, so a crash
// never leaves a half-written tree under its final name.
func (s *session) export(ctx context.Context, r *resolved) (string, error) {
	trees := filepath.Join(s.entry, treesDir)
	final := filepath.Join(trees, r.commit.Hash.String())
	if fi, err := os.Stat(final); err == nil && fi.IsDir() {
		s.log.Debug("reusing checkout", "commit", r.commit.Hash, "dir", final)
		touch(final)
		return final, nil
	}
	if err := os.MkdirAll(trees, 0o755); err != nil {
		return "", err
	}
	removeStaleTemps(trees)
	tmp, err := os.MkdirTemp(trees, ".tmp-")
	if err != nil {
		return "", err
	}
	tree, err := r.commit.Tree()
	if err == nil {
		err = writeTree(ctx, r.repo, tree, tmp)
	}
	if err == nil {
		err = os.Rename(tmp, final)
	}
	if err != nil {
		os.RemoveAll(tmp)
		return "", fmt.Errorf("checking out %s: %w", r.commit.Hash, err)
	}
	touch(final)
	s.log.Debug("checked out", "commit", r.commit.Hash, "dir", final)
	return final, nil
}

// removeStaleTemps deletes temporary trees a crashed run left behind. Only
// the entry lock holder exports, so no temporary tree is in use.
func removeStaleTemps(trees string) {
	stale, _ := filepath.Glob(filepath.Join(trees, ".tmp-*"))
	for _, d := range stale {
		os.RemoveAll(d)
	}
}

// writeTree writes every entry of tree under dst. Symlinks are created
// last, so that no file is ever written through one.
func writeTree(ctx context.Context, repo *git.Repository, tree *object.Tree, dst string) error {
	walker := object.NewTreeWalker(tree, true, nil)
	defer walker.Close()
	links := map[string]string{}
	for n := 0; ; n++ {
		if n%256 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		name, entry, err := walker.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		if err := checkEntryName(name); err != nil {
			return err
		}
		path := filepath.Join(dst, filepath.FromSlash(name))
		switch entry.Mode {
		case filemode.Dir, filemode.Submodule:
			// A submodule is left empty, as git does before "submodule update".
			err = os.MkdirAll(path, 0o755)
		case filemode.Symlink:
			links[path], err = readBlob(repo, entry)
		case filemode.Executable:
			err = writeBlob(repo, entry, path, 0o755)
		default:
			err = writeBlob(repo, entry, path, 0o644)
		}
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
	}
	for path, target := range links {
		if err := os.Symlink(target, path); err != nil {
			return err
		}
	}
	return nil
}

// checkEntryName refuses tree entries that could write outside the
// checkout or into a .git directory (only a corrupt or hostile repository
// has them).
func checkEntryName(name string) error {
	for _, part := range strings.Split(name, "/") {
		switch {
		case part == "", part == ".", part == "..", strings.EqualFold(part, ".git"),
			strings.ContainsAny(part, `\`+"\x00"):
			return fmt.Errorf("refusing unsafe tree entry %q", name)
		}
	}
	return nil
}

// writeBlob writes a file's content with perm, refusing to overwrite.
func writeBlob(repo *git.Repository, entry object.TreeEntry, path string, perm os.FileMode) error {
	blob, err := repo.BlobObject(entry.Hash)
	if err != nil {
		return err
	}
	r, err := blob.Reader()
	if err != nil {
		return err
	}
	defer r.Close()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, r); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// readBlob returns a small blob's content (a symlink target).
func readBlob(repo *git.Repository, entry object.TreeEntry) (string, error) {
	blob, err := repo.BlobObject(entry.Hash)
	if err != nil {
		return "", err
	}
	r, err := blob.Reader()
	if err != nil {
		return "", err
	}
	defer r.Close()
	b, err := io.ReadAll(io.LimitReader(r, 4096))
	return string(b), err
}

// stackDir is root joined with path, which must be a directory that stays
// inside root even through symlinks.
func (s *session) stackDir(root, path string) (string, error) {
	if path == "" {
		return root, nil
	}
	dir := filepath.Join(root, filepath.FromSlash(path))
	real, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return "", s.errorf(ErrPathNotFound, "%q does not exist in the commit", path)
	}
	realRoot, err := filepath.EvalSymlinks(root)
	if err != nil {
		return "", err
	}
	if rel, err := filepath.Rel(realRoot, real); err != nil || !filepath.IsLocal(rel) && rel != "." {
		return "", s.errorf(ErrPathNotFound, "%q leads outside the repository through a symlink", path)
	}
	if fi, err := os.Stat(real); err != nil || !fi.IsDir() {
		return "", s.errorf(ErrPathNotFound, "%q is a file, not a directory", path)
	}
	return dir, nil
}

// cleanPath checks Options.Path and returns it cleaned, slash-separated,
// "" for the root.
func cleanPath(path string) (string, error) {
	if path == "" {
		return "", nil
	}
	p := filepath.Clean(filepath.FromSlash(path))
	if p == "." {
		return "", nil
	}
	if !filepath.IsLocal(p) {
		return "", fmt.Errorf("%w: the path %q must be relative and stay inside the repository", ErrInvalidOptions, path)
	}
	return filepath.ToSlash(p), nil
}
