package agent

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/trueup/trueup/engine/source"
	"github.com/trueup/trueup/schema"
)

// ProvidersRequest is what installing a checkout's providers needs.
type ProvidersRequest struct {
	// Dir is the checkout's stack directory (read only: its lock file and
	// implied local mirrors are read, nothing is written there).
	Dir string
	// ModulesDir holds the modules this run installed.
	ModulesDir string
	// WorkDir is the run's own .terraform/providers, removed after it.
	WorkDir string
	// CacheDir is the agent's shared plugin cache, used when the CLI
	// configuration names no plugin_cache_dir.
	CacheDir string
	// Logf records a line of progress in the run's log.
	Logf func(format string, args ...any)
}

// ProvidersFunc installs the providers a checkout's stack requires, as
// trueup init does (the CLI configuration's provider_installation, the
// lock file's versions and checksums, the shared plugin cache), and
// returns the provider registry the run uses.
type ProvidersFunc func(ctx context.Context, req ProvidersRequest) (schema.Registry, error)

// installProviders runs the Providers option for a checkout. Plugins are
// installed into DATA_DIR/providers/RUN, from the shared cache
// DATA_DIR/plugin-cache (or the CLI configuration's plugin_cache_dir),
// which concurrent runs share under file locks. It returns nil and no
// error when the agent has no Providers option (the stack's Env's
// providers are used), and a function removing the run's directory.
func (a *Agent) installProviders(ctx context.Context, t *task, co *source.Checkout, rl *runLog) (schema.Registry, func(), error) {
	if a.providers == nil {
		return nil, func() {}, nil
	}
	dir, _ := filepath.Abs(filepath.Join(a.conf().Server.DataDir, "providers", fmt.Sprint(t.id)))
	cleanup := func() {
		if err := os.RemoveAll(dir); err != nil {
			a.log.Error("could not remove a run's providers", "run", t.id, "dir", dir, "error", err)
		}
	}
	cleanup()
	cache, _ := filepath.Abs(filepath.Join(a.conf().Server.DataDir, "plugin-cache"))
	reg, err := a.providers(ctx, ProvidersRequest{
		Dir: co.Dir, ModulesDir: t.modulesDir, WorkDir: dir, CacheDir: cache,
		Logf: func(format string, args ...any) { rl.info("%s", strings.TrimSpace(fmt.Sprintf(format, args...))) },
	})
	return reg, cleanup, err
}
