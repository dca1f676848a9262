package modsrc

import (
	"fmt"
	"path"
	"strings"
)

// Source is a parsed module source address: a Local, a Registry or a
// Remote.
type Source interface {
	// String is the normalised address, as recorded in modules.json.
	String() string
	isSource()
}

// Local is a path relative to the calling module's directory, cleaned and
// always starting with "./" or "../" (forward slashes on every platform).
type Local string

// String returns the cleaned path.
func (l Local) String() string { return string(l) }
func (Local) isSource()        {}

// Registry is a module in a module registry.
type Registry struct {
	// Host is the registry's hostname (lower case, with a port when not
	// 443); DefaultRegistryHost when the address has none.
	Host string
	// Namespace, Name and Provider (Terraform's "target system") name the
	// module.
	Namespace, Name, Provider string
	// Subdir is a directory inside the module package ("" for its root).
	Subdir string
}

// DefaultRegistryHost is the registry a three-part address refers to.
const DefaultRegistryHost = "registry.terraform.io"

// Package is "HOST/NAMESPACE/NAME/PROVIDER", without the subdirectory.
func (r Registry) Package() string {
	return r.Host + "/" + r.Namespace + "/" + r.Name + "/" + r.Provider
}

// String is the package followed by "//SUBDIR" when there is one.
func (r Registry) String() string {
	if r.Subdir != "" {
		return r.Package() + "//" + r.Subdir
	}
	return r.Package()
}
func (Registry) isSource() {}

// Remote is a package fetched directly: a go-getter-style address with a
// forced getter or a URL scheme ("git::https://…?ref=v1",
// "https://host/m.zip"), plus a subdirectory inside it.
type Remote struct {
	// Package is the address of the whole package, without "//SUBDIR".
	Package string
	// Subdir is a directory inside the package, slash-separated, which may
	// hold glob patterns ("//terraform-aws-vpc-*").
	Subdir string
}

// String puts "//SUBDIR" back into the package address, before its query.
func (r Remote) String() string {
	if r.Subdir == "" {
		return r.Package
	}
	if base, query, ok := strings.Cut(r.Package, "?"); ok {
		return base + "//" + r.Subdir + "?" + query
	}
	return r.Package + "//" + r.Subdir
}
func (Remote) isSource() {}

// Getter is the forced getter of the package ("git", "s3", "gcs", "hg",
// "http", "https", "file"), or its URL scheme when none is forced.
func (r Remote) Getter() string {
	if g, _ := forcedGetter(r.Package); g != "" {
		return g
	}
	if scheme, _, ok := strings.Cut(r.Package, "://"); ok {
		return strings.ToLower(scheme)
	}
	return ""
}

// URL is the package address without its forced getter.
func (r Remote) URL() string {
	_, rest := forcedGetter(r.Package)
	return rest
}

// MaybeRelativePathError is the error Parse returns for an address that
// is neither local, registry nor recognisable remote: typically a relative
// path written without "./".
type MaybeRelativePathError struct {
	// Addr is the address as given.
	Addr string
}

// Error says the address could not be resolved.
func (e *MaybeRelativePathError) Error() string {
	return fmt.Sprintf("module source %q is not a local path (missing \"./\"), a registry address or a remote address", e.Addr)
}

// Parse parses a module source address by Terraform's rules: a "./" or
// "../" prefix makes it local; otherwise it is a registry address when it
// parses as one, and a remote address in every other case.
func Parse(raw string) (Source, error) {
	if isLocal(raw) {
		return parseLocal(raw), nil
	}
	if reg, err := ParseRegistry(raw); err == nil {
		return reg, nil
	}
	return parseRemote(raw)
}

// isLocal reports whether raw has a local path prefix.
func isLocal(raw string) bool {
	for _, p := range []string{"./", "../", `.\`, `..\`} {
		if strings.HasPrefix(raw, p) {
			return true
		}
	}
	return false
}

// parseLocal cleans a local path, keeping a leading "./" unless it starts
// with "../". Backslashes count as slashes; "//" is a single slash.
func parseLocal(raw string) Local {
	clean := path.Clean(strings.ReplaceAll(raw, `\`, "/"))
	if !strings.HasPrefix(clean, "../") {
		clean = "./" + clean
	}
	return Local(clean)
}
