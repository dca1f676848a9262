package getproviders

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"golang.org/x/mod/sumdb/dirhash"
)

// Hash is one package hash as the lock file records it: "h1:BASE64" (the
// hash of the package's contents, golang.org/x/mod's dirhash) or "zh:HEX"
// (the SHA-256 of the zip archive a registry published).
type Hash string

// Hash schemes.
const (
	SchemeH1 = "h1:"
	SchemeZH = "zh:"
)

// Scheme returns the hash's scheme prefix ("h1:", "zh:"), or "".
func (h Hash) Scheme() string {
	s := string(h)
	if i := strings.IndexByte(s, ':'); i > 0 {
		return s[:i+1]
	}
	return ""
}

// HashZipH1 returns the h1: hash of the contents of a provider zip archive.
func HashZipH1(zipPath string) (Hash, error) {
	h, err := dirhash.HashZip(zipPath, dirhash.Hash1)
	return Hash(h), err
}

// HashDirH1 returns the h1: hash of an unpacked provider package.
// A symlinked directory (a cache entry) is hashed through the link.
func HashDirH1(dir string) (Hash, error) {
	real, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return "", err
	}
	h, err := dirhash.HashDir(real, "", dirhash.Hash1)
	return Hash(h), err
}

// HashZipZH returns the zh: hash of a zip archive: its SHA-256.
func HashZipZH(zipPath string) (Hash, error) {
	sum, err := fileSHA256(zipPath)
	if err != nil {
		return "", err
	}
	return Hash(SchemeZH + hex.EncodeToString(sum)), nil
}

func fileSHA256(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	return h.Sum(nil), nil
}

// PackageMatchesHash reports whether the package at loc (a zip or a
// directory) matches h. zh: hashes only match zip archives.
func PackageMatchesHash(loc Location, h Hash) (bool, error) {
	switch h.Scheme() {
	case SchemeH1:
		var got Hash
		var err error
		if loc.Kind == LocalDir {
			got, err = HashDirH1(loc.Path)
		} else {
			got, err = HashZipH1(loc.Path)
		}
		return got == h, err
	case SchemeZH:
		if loc.Kind == LocalDir {
			return false, nil
		}
		got, err := HashZipZH(loc.Path)
		return got == h, err
	}
	return false, nil
}

// Hashes is a list of hashes.
type Hashes []Hash

// Normalize returns the hashes sorted, without duplicates.
func (hs Hashes) Normalize() []Hash {
	seen := map[Hash]bool{}
	var out []Hash
	for _, h := range hs {
		if !seen[h] {
			seen[h] = true
			out = append(out, h)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}
