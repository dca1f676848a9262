package providercache

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"

	"github.com/gofrs/flock"

	"github.com/trueup/trueup/engine/getproviders"
)

// ChecksumError says a package does not match the checksum it must have.
// Nothing is installed when it is returned.
type ChecksumError struct {
	Provider getproviders.Provider
	Version  getproviders.Version
	// Against names what the expected hashes come from ("the registry's
	// signed SHA256SUMS", "the dependency lock file").
	Against  string
	Expected []getproviders.Hash
	Actual   []getproviders.Hash
}

func (e *ChecksumError) Error() string {
	return fmt.Sprintf("provider %s v%s: the package's checksum does not match %s: expected %s, got %s; nothing was installed",
		e.Provider, e.Version, e.Against, joinHashes(e.Expected), joinHashes(e.Actual))
}

func joinHashes(hs []getproviders.Hash) string {
	s := ""
	for i, h := range hs {
		if i > 0 {
			s += " or "
		}
		s += string(h)
	}
	return s
}

// InstallOptions tune Install.
type InstallOptions struct {
	// Allowed, when not empty, are the hashes the lock file records: the
	// package must match one of them.
	Allowed []getproviders.Hash
	// Reuse lets Install return a complete copy already in place when it
	// matches Allowed (any copy when Allowed is empty), instead of fetching
	// the package again.
	Reuse bool
	// Replace lets Install replace a complete copy that differs from the
	// package (a stack's own directory). Without it (the shared cache),
	// a differing copy is left alone for the processes that may be using
	// it, and Install returns an *ErrCacheConflict.
	Replace bool
	// Client makes HTTP requests; nil means http.DefaultClient.
	Client *http.Client
}

// ErrCacheConflict says the shared cache holds another package for the
// same provider, version and platform than the one the source offers.
type ErrCacheConflict struct {
	Dir string
}

func (e *ErrCacheConflict) Error() string {
	return fmt.Sprintf("the plugin cache holds a different package at %s", e.Dir)
}

// Install puts the package meta describes into d and returns it. It holds
// an exclusive file lock on the package's place while it works, so
// concurrent installers of the same package (other processes sharing a
// plugin cache) wait for each other; the package is checked, unpacked
// beside its place and renamed into it, so that no reader ever sees a
// partial copy.
func (d *Dir) Install(ctx context.Context, meta getproviders.PackageMeta, opts InstallOptions) (*Installed, bool, error) {
	final := d.PackageDir(meta.Provider, meta.Version)
	unlock, err := lockPath(ctx, final+".lock")
	if err != nil {
		return nil, false, err
	}
	defer unlock()
	existing, ok := d.Installed(meta.Provider, meta.Version)
	if ok && opts.Reuse {
		if err := checkAllowed(existing, opts.Allowed); err == nil {
			return existing, true, nil
		}
	}
	if !ok {
		existing = nil
	}
	in, err := d.installLocked(ctx, meta, opts, final, existing)
	return in, false, err
}

// keepExisting decides what to do with a complete copy already in place
// once the package's h1: hash is known: keep it when it is the same
// package, else replace it only when allowed.
func keepExisting(existing *Installed, h1 getproviders.Hash, replace bool) (bool, error) {
	if existing == nil {
		return false, nil
	}
	if h, err := existing.Hash(); err == nil && h == h1 {
		return true, nil
	}
	if !replace {
		return false, &ErrCacheConflict{Dir: existing.Dir}
	}
	return false, nil
}

func (d *Dir) installLocked(ctx context.Context, meta getproviders.PackageMeta, opts InstallOptions, final string, existing *Installed) (*Installed, error) {
	if meta.Location.Kind == getproviders.LocalDir {
		actual, err := checkPackage(meta, meta.Location, opts.Allowed)
		if err != nil {
			return nil, err
		}
		if keep, err := keepExisting(existing, actual[0], opts.Replace); keep || err != nil {
			return existing, err
		}
		if err := replaceWithSymlink(meta.Location.Path, final); err != nil {
			return nil, err
		}
		return d.mustInstalled(meta)
	}
	archive := meta.Location
	if archive.Kind == getproviders.HTTPURL {
		path, cleanup, err := download(ctx, opts.Client, archive.Path, filepath.Dir(final))
		if err != nil {
			return nil, fmt.Errorf("downloading %s v%s: %w", meta.Provider, meta.Version, err)
		}
		defer cleanup()
		archive = getproviders.Location{Kind: getproviders.LocalArchive, Path: path}
	}
	actual, err := checkPackage(meta, archive, opts.Allowed)
	if err != nil {
		return nil, err
	}
	if keep, err := keepExisting(existing, actual[0], opts.Replace); keep || err != nil {
		return existing, err
	}
	tmp, err := os.MkdirTemp(filepath.Dir(final), "."+filepath.Base(final)+".tmp-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	if err := unzip(archive.Path, tmp); err != nil {
		return nil, fmt.Errorf("unpacking %s v%s: %w", meta.Provider, meta.Version, err)
	}
	if err := replaceDir(tmp, final); err != nil {
		return nil, err
	}
	return d.mustInstalled(meta)
}

func (d *Dir) mustInstalled(meta getproviders.PackageMeta) (*Installed, error) {
	in, ok := d.Installed(meta.Provider, meta.Version)
	if !ok {
		return nil, fmt.Errorf("provider %s v%s: the package holds no terraform-provider-%s executable", meta.Provider, meta.Version, meta.Provider.Type)
	}
	return in, nil
}

// lockPath takes an exclusive file lock at path, waiting for other holders
// (other processes) until ctx ends.
func lockPath(ctx context.Context, path string) (func(), error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, err
	}
	l := flock.New(path)
	ok, err := l.TryLockContext(ctx, lockRetry)
	if err != nil || !ok {
		return nil, fmt.Errorf("locking %s: %v", path, err)
	}
	return func() { _ = l.Unlock() }, nil
}

// download fetches u into a temporary file in dir.
func download(ctx context.Context, client *http.Client, u, dir string) (string, func(), error) {
	if client == nil {
		client = http.DefaultClient
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return "", nil, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return "", nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "", nil, fmt.Errorf("GET %s: %s", u, resp.Status)
	}
	f, err := os.CreateTemp(dir, ".download-*.zip")
	if err != nil {
		return "", nil, err
	}
	cleanup := func() { os.Remove(f.Name()) }
	_, err = io.Copy(f, resp.Body)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		cleanup()
		return "", nil, err
	}
	return f.Name(), cleanup, nil
}

// checkPackage checks a package (a local zip or directory) against the
// source's checksum, the source's hashes and the lock file's hashes.
// It returns the package's hashes, h1: first.
func checkPackage(meta getproviders.PackageMeta, loc getproviders.Location, allowed []getproviders.Hash) ([]getproviders.Hash, error) {
	actual, err := packageHashes(loc)
	if err != nil {
		return nil, err
	}
	if meta.SHA256 != nil {
		want := getproviders.Hash(getproviders.SchemeZH + hex.EncodeToString(meta.SHA256))
		if !contains(actual, want) {
			return nil, &ChecksumError{Provider: meta.Provider, Version: meta.Version, Against: "the registry's signed SHA256SUMS", Expected: []getproviders.Hash{want}, Actual: actual}
		}
	}
	if len(meta.Hashes) > 0 && meta.SHA256 == nil && !overlap(actual, meta.Hashes) {
		return nil, &ChecksumError{Provider: meta.Provider, Version: meta.Version, Against: "the hashes its mirror lists", Expected: meta.Hashes, Actual: actual}
	}
	if len(allowed) > 0 && !overlap(actual, allowed) {
		return nil, &ChecksumError{Provider: meta.Provider, Version: meta.Version, Against: "the dependency lock file", Expected: allowed, Actual: actual}
	}
	return actual, nil
}

// packageHashes returns a package's h1: hash and, for a zip, its zh: hash.
func packageHashes(loc getproviders.Location) ([]getproviders.Hash, error) {
	if loc.Kind == getproviders.LocalDir {
		h, err := getproviders.HashDirH1(loc.Path)
		return []getproviders.Hash{h}, err
	}
	h1, err := getproviders.HashZipH1(loc.Path)
	if err != nil {
		return nil, fmt.Errorf("%s is not a valid provider package: %w", loc.Path, err)
	}
	f, err := os.Open(loc.Path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sum := sha256.New()
	if _, err := io.Copy(sum, f); err != nil {
		return nil, err
	}
	return []getproviders.Hash{h1, getproviders.Hash(getproviders.SchemeZH + hex.EncodeToString(sum.Sum(nil)))}, nil
}

// checkAllowed checks an installed package against the lock file's hashes.
func checkAllowed(in *Installed, allowed []getproviders.Hash) error {
	if len(allowed) == 0 {
		return nil
	}
	h, err := in.Hash()
	if err != nil {
		return err
	}
	if !contains(allowed, h) {
		return &ChecksumError{Provider: in.Provider, Version: in.Version, Against: "the dependency lock file", Expected: allowed, Actual: []getproviders.Hash{h}}
	}
	return nil
}

func contains(hs []getproviders.Hash, h getproviders.Hash) bool {
	for _, x := range hs {
		if x == h {
			return true
		}
	}
	return false
}

func overlap(a, b []getproviders.Hash) bool {
	for _, h := range a {
		if contains(b, h) {
			return true
		}
	}
	return false
}
