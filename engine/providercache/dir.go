package providercache

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/trueup/trueup/engine/getproviders"
)

// Dir is one provider directory for one platform.
type Dir struct {
	BasePath string
	Platform getproviders.Platform
}

// NewDir returns the directory at base for platform.
func NewDir(base string, platform getproviders.Platform) *Dir {
	return &Dir{BasePath: base, Platform: platform}
}

// PackageDir returns where p at v is (or would be) installed.
func (d *Dir) PackageDir(p getproviders.Provider, v getproviders.Version) string {
	return filepath.Join(d.BasePath, p.Hostname, p.Namespace, p.Type, v.String(), d.Platform.String())
}

// Installed returns p at v when a complete package is installed.
func (d *Dir) Installed(p getproviders.Provider, v getproviders.Version) (*Installed, bool) {
	dir := d.PackageDir(p, v)
	exe, err := FindExecutable(dir, p.Type)
	if err != nil {
		return nil, false
	}
	return &Installed{Provider: p, Version: v, Dir: dir, Executable: exe}, true
}

// Installed is an installed package.
type Installed struct {
	Provider   getproviders.Provider
	Version    getproviders.Version
	Dir        string
	Executable string
}

// Hash returns the package's h1: hash.
func (in *Installed) Hash() (getproviders.Hash, error) {
	return getproviders.HashDirH1(in.Dir)
}

// FindExecutable returns the provider's executable in dir: the file whose
// name starts with terraform-provider-TYPE, as Terraform looks for it.
func FindExecutable(dir, typ string) (string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return "", err
	}
	prefix := "terraform-provider-" + typ
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), prefix) && !e.IsDir() {
			return filepath.Join(dir, e.Name()), nil
		}
	}
	return "", fmt.Errorf("%s holds no %s* executable", dir, prefix)
}
