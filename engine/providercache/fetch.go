package providercache

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"

	"github.com/trueup/trueup/engine/getproviders"
)

// FetchArchive copies the zip archive meta describes to dest (downloading
// it when remote), after checking it against the source's checksums, and
// returns its hashes (h1: first, then zh:). dest appears complete or not
// at all. An unpacked package has no archive and is refused.
func FetchArchive(ctx context.Context, meta getproviders.PackageMeta, dest string, client *http.Client) ([]getproviders.Hash, error) {
	if meta.Location.Kind == getproviders.LocalDir {
		return nil, fmt.Errorf("provider %s v%s is an unpacked directory at %s, not an archive", meta.Provider, meta.Version, meta.Location)
	}
	dir := filepath.Dir(dest)
	src := meta.Location.Path
	if meta.Location.Kind == getproviders.HTTPURL {
		path, cleanup, err := download(ctx, client, src, dir)
		if err != nil {
			return nil, fmt.Errorf("downloading %s v%s: %w", meta.Provider, meta.Version, err)
		}
		defer cleanup()
		src = path
	}
	hashes, err := checkPackage(meta, getproviders.Location{Kind: getproviders.LocalArchive, Path: src}, nil)
	if err != nil {
		return nil, err
	}
	return hashes, copyAtomic(src, dest)
}

// PackageHashes checks the package meta describes and returns its hashes:
// h1: (and zh: for an archive). Nothing is installed.
func PackageHashes(ctx context.Context, meta getproviders.PackageMeta, client *http.Client) ([]getproviders.Hash, error) {
	if meta.Location.Kind == getproviders.LocalDir {
		return checkPackage(meta, meta.Location, nil)
	}
	tmp, err := os.MkdirTemp("", "trueup-provider-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	return FetchArchive(ctx, meta, filepath.Join(tmp, "package.zip"), client)
}

func copyAtomic(src, dest string) error {
	if err := os.MkdirAll(filepath.Dir(dest), 0o755); err != nil {
		return err
	}
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.CreateTemp(filepath.Dir(dest), "."+filepath.Base(dest)+".tmp-")
	if err != nil {
		return err
	}
	defer os.Remove(out.Name())
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Chmod(0o644); err != nil {
		out.Close()
		return err
	}
	if err := out.Close(); err != nil {
		return err
	}
	return os.Rename(out.Name(), dest)
}
