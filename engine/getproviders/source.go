package getproviders

import (
	"context"
	"fmt"
	"strings"
)

// Source tells which versions of a provider exist and where the package of
// one version for one platform is.
type Source interface {
	// AvailableVersions lists the versions the source has of p. It returns
	// an *ErrProviderNotFound when the source does not know p.
	AvailableVersions(ctx context.Context, p Provider) (VersionList, error)
	// PackageMeta describes the package of p at v for platform. Sources that
	// can check a package (the registry's signed checksums, a mirror's
	// hashes) fill in what the installer must verify.
	PackageMeta(ctx context.Context, p Provider, v Version, platform Platform) (PackageMeta, error)
	// String names the source for messages ("registry.terraform.io",
	// "filesystem mirror /srv/mirror").
	String() string
}

// LocationKind says what a Location points at.
type LocationKind int

// Location kinds.
const (
	LocalArchive LocationKind = iota
	LocalDir
	HTTPURL
)

// Location is where a package is: a zip file, an unpacked directory, or a
// URL of a zip file.
type Location struct {
	Kind LocationKind
	Path string
}

// String returns the path or URL.
func (l Location) String() string { return l.Path }

// PackageMeta describes one provider package.
type PackageMeta struct {
	Provider Provider
	Version  Version
	Platform Platform
	// Filename is the archive's file name
	// (terraform-provider-TYPE_VERSION_OS_ARCH.zip), "" for a directory.
	Filename string
	Location Location
	// SHA256 is the archive's expected SHA-256, when the source knows it
	// (the registry's signed SHA256SUMS): the installer refuses an archive
	// that does not match.
	SHA256 []byte
	// Hashes are more hashes that identify this version's packages (the
	// zh: of every platform in the signed SHA256SUMS, a network mirror's
	// hashes). A downloaded package must match one of them when there are
	// any; they are recorded in the lock file.
	Hashes []Hash
	// Authentication describes what was verified, as init prints it in
	// parentheses: "signed by HashiCorp", "self-signed, key ID ...",
	// "unauthenticated".
	Authentication string
}

// ErrProviderNotFound says no source knows a provider.
type ErrProviderNotFound struct {
	Provider Provider
	Sources  []string
}

func (e *ErrProviderNotFound) Error() string {
	if len(e.Sources) == 0 {
		return fmt.Sprintf("provider %s is not available: no installation method is configured for it", e.Provider)
	}
	return fmt.Sprintf("provider %s was not found in %s", e.Provider, strings.Join(e.Sources, ", "))
}

// ErrVersionNotFound says a source has the provider but not that version or
// not for that platform.
type ErrVersionNotFound struct {
	Provider Provider
	Version  Version
	Platform Platform
	Source   string
}

func (e *ErrVersionNotFound) Error() string {
	return fmt.Sprintf("provider %s v%s is not available for %s in %s", e.Provider, e.Version, e.Platform, e.Source)
}

// PackageFileName returns terraform-provider-TYPE_VERSION_OS_ARCH.zip.
func PackageFileName(p Provider, v Version, platform Platform) string {
	return fmt.Sprintf("terraform-provider-%s_%s_%s.zip", p.Type, v, platform)
}
