package modinstall

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"

	"github.com/trueup/trueup/engine/getmodules"
	"github.com/trueup/trueup/engine/getmodules/modtest"
	"github.com/trueup/trueup/engine/modsdir"
)

// recorder is a Hooks that prints Terraform's lines.
type recorder struct{ lines []string }

func (r *recorder) Download(key, pkg, version string) {
	if version != "" {
		r.lines = append(r.lines, fmt.Sprintf("Downloading %s %s for %s...", pkg, version, key))
		return
	}
	r.lines = append(r.lines, fmt.Sprintf("Downloading %s for %s...", pkg, key))
}

func (r *recorder) Install(key, version, dir string) {
	r.lines = append(r.lines, fmt.Sprintf("- %s in %s", key, filepath.ToSlash(dir)))
}

// env is a test's world: a stack directory, a git cache, a registry.
type env struct {
	t     *testing.T
	stack string
	cache string
	reg   *modtest.Registry
}

func newEnv(t *testing.T, files map[string]string) *env {
	e := &env{t: t, stack: filepath.Join(t.TempDir(), "stack"), cache: t.TempDir()}
	modtest.WriteFiles(t, e.stack, files)
	return e
}

// install runs Install and returns the hook lines.
func (e *env) install(upgrade bool) (modsdir.Manifest, []string, hcl.Diagnostics) {
	rec := &recorder{}
	opts := Options{StackDir: e.stack, Upgrade: upgrade, Hooks: rec,
		Fetcher: &getmodules.Fetcher{GitCacheDir: e.cache}}
	if e.reg != nil {
		opts.Fetcher.HTTP = e.reg.Client()
		opts.Registry = &getmodules.Registry{HTTP: e.reg.Client()}
	}
	m, diags := Install(context.Background(), opts)
	return m, rec.lines, diags
}

// mustInstall installs and fails the test on errors.
func (e *env) mustInstall(upgrade bool) (modsdir.Manifest, []string) {
	e.t.Helper()
	m, lines, diags := e.install(upgrade)
	if diags.HasErrors() {
		e.t.Fatalf("Install: %v", diags)
	}
	return m, lines
}

// read returns a file of the stack.
func (e *env) read(rel string) string {
	e.t.Helper()
	b, err := os.ReadFile(filepath.Join(e.stack, filepath.FromSlash(rel)))
	if err != nil {
		e.t.Fatalf("reading %s: %v", rel, err)
	}
	return string(b)
}

// manifestFile is the manifest's bytes ("" when absent).
func (e *env) manifestFile() string {
	b, _ := os.ReadFile(modsdir.Path(e.stack))
	return string(b)
}

// snapshot lists every file under the stack's .terraform with its content.
func (e *env) snapshot() string {
	var b strings.Builder
	filepath.Walk(filepath.Join(e.stack, ".terraform"), func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return nil
		}
		body, _ := os.ReadFile(p)
		rel, _ := filepath.Rel(e.stack, p)
		fmt.Fprintf(&b, "%s: %s\n", rel, body)
		return nil
	})
	return b.String()
}
