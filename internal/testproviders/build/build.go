// Package build compiles the test providers under internal/testproviders
// (fw: terraform-plugin-framework, protocol 6; sdk: terraform-plugin-sdk/v2,
// protocol 5) for tests, once per content: the binary is cached under the
// user's cache directory by a hash of the provider's sources, go.mod and
// go.sum, so repeated test runs do not relink.
//
// It imports only the standard library and may be used by any test.
package build

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"sync"
	"testing"
)

// Version is the version the test providers are given.
const Version = "1.0.0"

// Binary is a built test provider.
type Binary struct {
	// Type is the provider type name: "fw" or "sdk".
	Type string
	// Addr is its source address, registry.terraform.io/trueup/TYPE.
	Addr string
	// Version is Version.
	Version string
	// Path is the executable, named terraform-provider-TYPE_vVERSION.
	Path string
}

var (
	mu    sync.Mutex
	built = map[string]Binary{}
)

// Provider returns the built test provider typ ("fw" or "sdk"), building
// it when its cached binary is missing. It fails tb when the build fails.
func Provider(tb testing.TB, typ string) Binary {
	tb.Helper()
	b, err := provider(typ)
	if err != nil {
		tb.Fatalf("building test provider %s: %v", typ, err)
	}
	return b
}

func provider(typ string) (Binary, error) {
	mu.Lock()
	defer mu.Unlock()
	if b, ok := built[typ]; ok {
		return b, nil
	}
	root := moduleRoot()
	src := filepath.Join(root, "internal", "testproviders", typ)
	hash, err := contentHash(root, src)
	if err != nil {
		return Binary{}, err
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		cache = os.TempDir()
	}
	dir := filepath.Join(cache, "trueup-testproviders", typ+"-"+hash)
	b := Binary{Type: typ, Addr: "registry.terraform.io/trueup/" + typ, Version: Version,
		Path: filepath.Join(dir, fmt.Sprintf("terraform-provider-%s_v%s", typ, Version))}
	if _, err := os.Stat(b.Path); err == nil {
		built[typ] = b
		return b, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return Binary{}, err
	}
	tmp := b.Path + fmt.Sprintf(".tmp%d", os.Getpid())
	cmd := exec.Command("go", "build", "-o", tmp, "./internal/testproviders/"+typ)
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		return Binary{}, fmt.Errorf("go build: %v\n%s", err, out)
	}
	if err := os.Rename(tmp, b.Path); err != nil {
		return Binary{}, err
	}
	built[typ] = b
	return b, nil
}

func moduleRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Clean(filepath.Join(filepath.Dir(file), "..", "..", ".."))
}

// contentHash hashes the provider's Go files, go.mod and go.sum.
func contentHash(root, src string) (string, error) {
	files, err := filepath.Glob(filepath.Join(src, "*.go"))
	if err != nil {
		return "", err
	}
	sort.Strings(files)
	files = append(files, filepath.Join(root, "go.mod"), filepath.Join(root, "go.sum"))
	h := sha256.New()
	fmt.Fprintf(h, "%s/%s\n", runtime.GOOS, runtime.GOARCH)
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return "", err
		}
		fmt.Fprintf(h, "%s %d\n", filepath.Base(f), len(b))
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil))[:16], nil
}
