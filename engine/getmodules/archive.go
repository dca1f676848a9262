package getmodules

import (
	"archive/tar"
	"archive/zip"
	"compress/bzip2"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// archiveExts are the archive formats trueup extracts, longest first so
// that ".tar.gz" wins over ".gz".
var archiveExts = []string{"tar.gz", "tar.bz2", "tgz", "tbz2", "tar", "zip"}

// unsupportedExts are go-getter formats trueup recognises but does not
// extract.
var unsupportedExts = []string{"tar.xz", "txz", "tar.zst", "tzst", "xz", "zst", "bz2", "gz"}

// archiveFormat returns the archive format of u (from ?archive= or the
// path's extension; "" when it is not an archive) and u without the
// archive and checksum arguments, as go-getter strips them before
// downloading.
func archiveFormat(u *url.URL) (string, *url.URL, error) {
	q := u.Query()
	format, explicit := q.Get("archive"), q.Has("archive")
	clean := *u
	q.Del("archive")
	q.Del("checksum")
	clean.RawQuery = q.Encode()
	if explicit {
		if format == "false" {
			return "", &clean, nil
		}
	} else {
		format = ""
		for _, ext := range append(append([]string{}, archiveExts...), unsupportedExts...) {
			if strings.HasSuffix(strings.ToLower(u.Path), "."+ext) {
				format = ext
				break
			}
		}
	}
	if format == "" {
		return "", &clean, nil
	}
	for _, ext := range archiveExts {
		if format == ext {
			return format, &clean, nil
		}
	}
	return "", nil, fmt.Errorf("archive format %q is not supported (trueup extracts %s): %w", format, strings.Join(archiveExts, ", "), ErrNotSupported)
}

// extract unpacks the archive file into dst.
func extract(format, file, dst string) error {
	var err error
	switch format {
	case "zip":
		err = extractZip(file, dst)
	default:
		err = extractTarFile(format, file, dst)
	}
	if err != nil {
		os.RemoveAll(dst)
		if errors.Is(err, ErrArchive) {
			return err
		}
		return fmt.Errorf("%w: %v", ErrArchive, err)
	}
	return nil
}

// extractTarFile opens a (compressed) tarball and extracts it.
func extractTarFile(format, file, dst string) error {
	fh, err := os.Open(file)
	if err != nil {
		return err
	}
	defer fh.Close()
	var r io.Reader = fh
	switch format {
	case "tar.gz", "tgz":
		gz, err := gzip.NewReader(fh)
		if err != nil {
			return err
		}
		defer gz.Close()
		r = gz
	case "tar.bz2", "tbz2":
		r = bzip2.NewReader(fh)
	}
	return extractTar(tar.NewReader(r), dst)
}

// extractTar writes each entry under dst.
func extractTar(tr *tar.Reader, dst string) error {
	if err := os.MkdirAll(dst, 0o755); err != nil {
		return err
	}
	var links [][2]string
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		target, err := entryPath(dst, h.Name)
		if err != nil || target == "" {
			if err != nil {
				return err
			}
			continue
		}
		switch h.Typeflag {
		case tar.TypeDir:
			err = os.MkdirAll(target, 0o755)
		case tar.TypeReg:
			err = writeEntry(target, tr, os.FileMode(h.Mode).Perm())
		case tar.TypeSymlink:
			if err = checkLink(dst, target, h.Linkname); err == nil {
				links = append(links, [2]string{h.Linkname, target})
			}
		default:
			continue // hard links, devices: not part of a module
		}
		if err != nil {
			return err
		}
	}
	return makeLinks(links)
}

// extractZip writes each entry of a zip file under dst.
func extractZip(file, dst string) error {
	zr, err := zip.OpenReader(file)
	if err != nil {
		return err
	}
	defer zr.Close()
	if err := os.MkdirAll(dst, 0o755); err != nil {
		return err
	}
	for _, f := range zr.File {
		target, err := entryPath(dst, f.Name)
		if err != nil {
			return err
		}
		if target == "" {
			continue
		}
		if f.FileInfo().IsDir() {
			if err := os.MkdirAll(target, 0o755); err != nil {
				return err
			}
			continue
		}
		if !f.Mode().IsRegular() {
			return fmt.Errorf("%w: entry %q is not a regular file or directory", ErrArchive, f.Name)
		}
		rc, err := f.Open()
		if err != nil {
			return err
		}
		err = writeEntry(target, rc, f.Mode().Perm())
		rc.Close()
		if err != nil {
			return err
		}
	}
	return nil
}

// entryPath is where an archive entry goes, refusing names that would
// leave dst; "" for the archive's root entry.
func entryPath(dst, name string) (string, error) {
	clean := path.Clean("/" + strings.ReplaceAll(name, `\`, "/"))
	if hasDotDot(name) {
		return "", fmt.Errorf("%w: entry %q would be written outside the module directory", ErrArchive, name)
	}
	if clean == "/" {
		return "", nil
	}
	return filepath.Join(dst, filepath.FromSlash(clean[1:])), nil
}

// hasDotDot reports a ".." path element.
func hasDotDot(name string) bool {
	for _, el := range strings.FieldsFunc(name, func(r rune) bool { return r == '/' || r == '\\' }) {
		if el == ".." {
			return true
		}
	}
	return false
}

// writeEntry writes a file, creating its directory.
func writeEntry(target string, r io.Reader, perm os.FileMode) error {
	if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
		return err
	}
	out, err := os.OpenFile(target, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, perm|0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, r); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// checkLink refuses a symlink pointing outside dst.
func checkLink(dst, target, link string) error {
	if filepath.IsAbs(link) {
		return fmt.Errorf("%w: symlink %s points to an absolute path", ErrArchive, target)
	}
	resolved := filepath.Join(filepath.Dir(target), link)
	if rel, err := filepath.Rel(dst, resolved); err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return fmt.Errorf("%w: symlink %s points outside the module directory", ErrArchive, target)
	}
	return nil
}

// makeLinks creates symlinks last, so that no entry is written through one.
func makeLinks(links [][2]string) error {
	for _, l := range links {
		if err := os.MkdirAll(filepath.Dir(l[1]), 0o755); err != nil {
			return err
		}
		if err := os.Symlink(l[0], l[1]); err != nil {
			return err
		}
	}
	return nil
}
