package getmodules

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"

	"github.com/hashicorp/go-hclog"

	"github.com/trueup/trueup/engine/modsrc"
	"github.com/trueup/trueup/engine/source"
)

// Fetcher downloads module packages. The zero value works: it caches git
// clones in source's default cache and uses http.DefaultClient.
type Fetcher struct {
	// GitCacheDir holds git clones ("" is source's default,
	// ~/.cache/trueup/git).
	GitCacheDir string
	// GitAuth authenticates git fetches (token variable, SSH key, agent).
	GitAuth source.Auth
	// HTTP fetches archives and X-Terraform-Get redirections; nil means
	// http.DefaultClient.
	HTTP *http.Client
	// Log receives progress; nil discards it.
	Log hclog.Logger
}

// maxRedirections bounds chains of X-Terraform-Get indirections.
const maxRedirections = 5

// Fetch writes the package at pkg (a remote package address without
// "//SUBDIR") into dst, which must not exist yet. On error dst is removed.
// Cancelling ctx stops the download.
func (f *Fetcher) Fetch(ctx context.Context, pkg, dst string) error {
	err := f.fetch(ctx, pkg, dst, 0)
	if err != nil {
		os.RemoveAll(dst)
	}
	return err
}

// fetch dispatches on the package's getter.
func (f *Fetcher) fetch(ctx context.Context, pkg, dst string, depth int) error {
	if _, err := os.Lstat(dst); err == nil {
		return fmt.Errorf("destination %s already exists", dst)
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	remote := modsrc.Remote{Package: pkg}
	switch g := remote.Getter(); g {
	case "git":
		return f.fetchGit(ctx, remote.URL(), dst)
	case "http", "https":
		return f.fetchHTTP(ctx, remote.URL(), dst, depth)
	case "file":
		return fetchFile(ctx, remote.URL(), dst)
	case "s3":
		return f.fetchS3(ctx, remote.URL(), dst)
	case "gcs":
		return f.fetchGCS(ctx, remote.URL(), dst)
	case "hg":
		return f.fetchHg(ctx, remote.URL(), dst)
	case "":
		return fmt.Errorf("%q has no getter or URL scheme", pkg)
	default:
		return fmt.Errorf("unknown module source getter %q: %w", g, ErrNotSupported)
	}
}

// logger returns the logger to use, never nil.
func (f *Fetcher) logger() hclog.Logger {
	if f.Log == nil {
		return hclog.NewNullLogger()
	}
	return f.Log.Named("getmodules")
}

// client returns the HTTP client to use.
func (f *Fetcher) client() *http.Client {
	if f.HTTP == nil {
		return http.DefaultClient
	}
	return f.HTTP
}
