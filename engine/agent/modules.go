package agent

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/trueup/trueup/engine/modinstall"
	"github.com/trueup/trueup/engine/run"
	"github.com/trueup/trueup/engine/source"
)

// installModules installs the modules the checkout's stack calls, as
// `trueup init` does before every CI run: remote modules are fetched
// afresh (branches at their tip, the newest registry version meeting the
// constraint) into DATA_DIR/modules/RUN, since checkouts are shared
// between runs and must stay untouched. It returns that directory for
// run.Request.ModulesDir and a function removing it after the run; errs
// are the located errors when a module cannot be installed.
func (a *Agent) installModules(ctx context.Context, t *task, co *source.Checkout, rl *runLog) (dir string, cleanup func(), errs []string) {
	dir = filepath.Join(a.conf().Server.DataDir, "modules", fmt.Sprint(t.id))
	cleanup = func() {
		if err := os.RemoveAll(dir); err != nil {
			a.log.Error("could not remove a run's modules", "run", t.id, "dir", dir, "error", err)
		}
	}
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	cleanup()
	diags := run.InstallModules(ctx, run.InstallRequest{
		Dir: co.Dir, ModulesDir: dir, Upgrade: true,
		// No token: a stack's forge token must not reach whatever host a
		// module source names. SSH keys (the agent) and ~/.netrc apply.
		GitCacheDir: a.cacheDir(), GitAuth: source.Auth{SSHAgent: true},
		Hooks: moduleLog{rl}, Log: a.log.Named("modules").With("stack", t.stack.Name),
	})
	return dir, cleanup, rl.diagnostics(diags)
}

// moduleLog records module installation in the run's log, with
// terraform init's lines.
type moduleLog struct{ rl *runLog }

var _ modinstall.Hooks = moduleLog{}

func (m moduleLog) Download(key, pkg, version string) {
	if version != "" {
		m.rl.info("Downloading %s %s for %s...", pkg, version, key)
		return
	}
	m.rl.info("Downloading %s for %s...", pkg, key)
}

func (m moduleLog) Install(key, version, dir string) {
	m.rl.info("- %s in %s", key, filepath.ToSlash(dir))
}
