package getmodules

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// fetchHg fetches an hg:: package with the hg command, as go-getter does:
// the repository is cloned and updated to ?rev= (a revision, tag or
// branch; the default branch's tip without it), then the working copy is
// copied into dst without .hg.
func (f *Fetcher) fetchHg(ctx context.Context, raw, dst string) error {
	hg, err := exec.LookPath("hg")
	if err != nil {
		return fmt.Errorf("hg:: sources need Mercurial's hg command, which is not installed: %w", ErrNotSupported)
	}
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("invalid URL: %v", err)
	}
	q := u.Query()
	rev := q.Get("rev")
	q.Del("rev")
	u.RawQuery = q.Encode()
	repo := u.String()
	if u.Scheme == "file" {
		repo = u.Path
	}
	scratch, err := os.MkdirTemp(filepath.Dir(dst), ".hg-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(scratch)
	clone := filepath.Join(scratch, "repo")
	if err := runHg(ctx, hg, "", "clone", "--noupdate", "--", repo, clone); err != nil {
		return fmt.Errorf("hg clone %s: %w", redactURL(u), err)
	}
	args := []string{"update", "--clean"}
	if rev != "" {
		args = append(args, "--rev", rev)
	}
	if err := runHg(ctx, hg, clone, args...); err != nil {
		return fmt.Errorf("hg update to %q: %w", rev, err)
	}
	if err := os.RemoveAll(filepath.Join(clone, ".hg")); err != nil {
		return err
	}
	return os.Rename(clone, dst)
}

// runHg runs hg with a clean configuration (no user hgrc, non-interactive)
// and returns its error output as the error.
func runHg(ctx context.Context, hg, dir string, args ...string) error {
	cmd := exec.CommandContext(ctx, hg, append([]string{"--noninteractive"}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "HGPLAIN=1", "HGRCPATH=")
	out, err := cmd.CombinedOutput()
	if err == nil {
		return nil
	}
	msg := strings.TrimSpace(string(out))
	var exit *exec.ExitError
	if errors.As(err, &exit) && strings.Contains(msg, "unknown revision") {
		return fmt.Errorf("%s: %w", msg, ErrNotFound)
	}
	if msg == "" {
		return err
	}
	return errors.New(msg)
}
