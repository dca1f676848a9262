package getproviders

import (
	"context"
	"os"
	"path/filepath"
	"strings"
)

// FilesystemMirror reads a directory laid out as Terraform's filesystem
// mirrors are: HOST/NAMESPACE/TYPE/terraform-provider-TYPE_VERSION_OS_ARCH.zip
// (packed) or HOST/NAMESPACE/TYPE/VERSION/OS_ARCH/ (unpacked).
type FilesystemMirror struct {
	Dir string
}

// NewFilesystemMirror returns a source reading dir.
func NewFilesystemMirror(dir string) *FilesystemMirror { return &FilesystemMirror{Dir: dir} }

func (m *FilesystemMirror) String() string { return "filesystem mirror " + m.Dir }

// AvailableVersions lists the versions found for p.
func (m *FilesystemMirror) AvailableVersions(_ context.Context, p Provider) (VersionList, error) {
	pkgs := m.packages(p)
	if len(pkgs) == 0 {
		return nil, &ErrProviderNotFound{Provider: p, Sources: []string{m.String()}}
	}
	seen := map[string]bool{}
	var list VersionList
	for _, pkg := range pkgs {
		if !seen[pkg.Version.String()] {
			seen[pkg.Version.String()] = true
			list = append(list, pkg.Version)
		}
	}
	list.Sort()
	return list, nil
}

// PackageMeta returns the package of p at v for platform; an unpacked
// directory wins over an archive, as in Terraform.
func (m *FilesystemMirror) PackageMeta(_ context.Context, p Provider, v Version, platform Platform) (PackageMeta, error) {
	var found *PackageMeta
	for _, pkg := range m.packages(p) {
		if !pkg.Version.Same(v) || pkg.Platform != platform {
			continue
		}
		if found == nil || pkg.Location.Kind == LocalDir {
			pkg := pkg
			found = &pkg
		}
	}
	if found == nil {
		return PackageMeta{}, &ErrVersionNotFound{Provider: p, Version: v, Platform: platform, Source: m.String()}
	}
	return *found, nil
}

// packages lists every package of p in the mirror.
func (m *FilesystemMirror) packages(p Provider) []PackageMeta {
	typeDir := filepath.Join(m.Dir, p.Hostname, p.Namespace, p.Type)
	entries, err := os.ReadDir(typeDir)
	if err != nil {
		return nil
	}
	var out []PackageMeta
	prefix := "terraform-provider-" + p.Type + "_"
	for _, e := range entries {
		path := filepath.Join(typeDir, e.Name())
		info, err := os.Stat(path) // follows symlinks
		switch {
		case err != nil:
		case info.IsDir():
			out = append(out, m.unpacked(p, path)...)
		case strings.HasPrefix(e.Name(), prefix) && strings.HasSuffix(e.Name(), ".zip"):
			if pkg, ok := parseArchiveName(p, e.Name(), path); ok {
				out = append(out, pkg)
			}
		}
	}
	return out
}

func (m *FilesystemMirror) unpacked(p Provider, versionDir string) []PackageMeta {
	v, err := ParseVersion(filepath.Base(versionDir))
	if err != nil {
		return nil
	}
	entries, err := os.ReadDir(versionDir)
	if err != nil {
		return nil
	}
	var out []PackageMeta
	for _, e := range entries {
		platform, err := ParsePlatform(e.Name())
		path := filepath.Join(versionDir, e.Name())
		if info, statErr := os.Stat(path); err != nil || statErr != nil || !info.IsDir() {
			continue
		}
		out = append(out, PackageMeta{
			Provider: p, Version: v, Platform: platform,
			Location:       Location{Kind: LocalDir, Path: path},
			Authentication: "unauthenticated",
		})
	}
	return out
}

// parseArchiveName reads terraform-provider-TYPE_VERSION_OS_ARCH.zip.
func parseArchiveName(p Provider, name, path string) (PackageMeta, bool) {
	rest := strings.TrimSuffix(strings.TrimPrefix(name, "terraform-provider-"+p.Type+"_"), ".zip")
	parts := strings.Split(rest, "_")
	if len(parts) != 3 {
		return PackageMeta{}, false
	}
	v, err := ParseVersion(parts[0])
	if err != nil {
		return PackageMeta{}, false
	}
	return PackageMeta{
		Provider: p, Version: v, Platform: Platform{OS: parts[1], Arch: parts[2]},
		Filename:       name,
		Location:       Location{Kind: LocalArchive, Path: path},
		Authentication: "unauthenticated",
	}, true
}
