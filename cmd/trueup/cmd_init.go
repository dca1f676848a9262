package main

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"

	"github.com/trueup/trueup/engine/config"
	"github.com/trueup/trueup/engine/providerinstall"
	"github.com/trueup/trueup/engine/state"
)

// cmdInit copies a module into an empty directory first with
// -from-module, then installs the modules the configuration calls (unless -get=false;
// -upgrade re-resolves them) and sets up the backend: it merges
// -backend-config into the backend block, saves the result under
// .terraform for later commands, and moves existing state into a newly
// configured backend after confirmation. Then it chooses and installs the
// providers (of the installed modules too) and writes .terraform.lock.hcl.
func cmdInit(ctx context.Context, c *cli, args []string) int {
	var backendConfig, pluginDirs stringList
	var migrate, forceCopy, reconfigure, noColor, lock, upgrade, get, backend bool
	var lockfile, fromModule string
	var lockTimeout time.Duration
	fs := c.newFlags("init")
	fs.StringVar(&fromModule, "from-module", "", "Copy the module at this source into the empty working directory first")
	fs.Var(&backendConfig, "backend-config", "Backend setting KEY=VALUE or a file of settings (repeatable)")
	fs.BoolVar(&migrate, "migrate-state", false, "Copy the state of the previous backend into the new one")
	fs.BoolVar(&forceCopy, "force-copy", false, "Answer yes to copying state (for automation)")
	fs.BoolVar(&reconfigure, "reconfigure", false, "Use the new backend without moving any state")
	fs.BoolVar(&noColor, "no-color", false, "Disable colour")
	fs.BoolVar(&lock, "lock", true, "Lock the states while migrating")
	fs.DurationVar(&lockTimeout, "lock-timeout", 0, "Retry taking a held lock for this long while migrating")
	acceptIgnoreRemoteVersion(fs)
	acceptTestDirectory(fs)
	fs.Bool("input", true, "Ask for input when needed")
	fs.BoolVar(&upgrade, "upgrade", false, "Re-resolve every module and select the newest module and provider versions the constraints allow, ignoring the lock file's")
	fs.BoolVar(&get, "get", true, "Install the modules the configuration calls")
	fs.BoolVar(&backend, "backend", true, "Set up the backend (-backend=false: leave it as it is, as CI jobs that only validate do, without the backend's credentials)")
	fs.Var(&pluginDirs, "plugin-dir", "Install providers only from this directory, a filesystem mirror (repeatable)")
	fs.StringVar(&lockfile, "lockfile", "", "Set to readonly to refuse changes to .terraform.lock.hcl")
	if err := parseInterspersed(fs, args); err != nil {
		return 1
	}
	if lockfile != "" && lockfile != "readonly" {
		return c.errorf("invalid -lockfile=%s: the only mode is readonly", lockfile)
	}
	if fromModule != "" {
		if code := c.initFromModule(ctx, fromModule); code != 0 {
			return code
		}
	}
	if get {
		if code := c.installModules(ctx, upgrade, true, noColor); code != 0 {
			return code
		}
	}
	mod := c.loadRootModule(noColor)
	if mod == nil {
		return 1
	}
	if backend {
		if code := c.initBackend(ctx, mod, backendConfig, backendMoves{migrate: migrate, forceCopy: forceCopy, reconfigure: reconfigure, lock: lock, lockTimeout: lockTimeout}, noColor); code != 0 {
			return code
		}
	}
	opts := providerinstall.Options{Upgrade: upgrade, ReadonlyLocks: lockfile == "readonly"}
	if code := c.installProviders(ctx, mod, pluginDirs, opts, noColor); code != 0 {
		return code
	}
	fmt.Fprintln(c.stdout, "\ntrueup has been successfully initialized!")
	return 0
}

// backendMoves are init's options for the state of a previous backend.
type backendMoves struct {
	migrate, forceCopy, reconfigure, lock bool
	lockTimeout                           time.Duration
}

// initBackend merges backendConfig into mod's backend block, opens the
// backend, moves the state of a previous backend into it as mv says, and
// saves its configuration under .terraform for later commands.
func (c *cli) initBackend(ctx context.Context, mod *config.Module, backendConfig stringList, mv backendMoves, noColor bool) int {
	saved, err := loadSavedBackend()
	if err != nil {
		return c.errorf("%v", err)
	}
	next, err := resolveBackend(mod, nil, backendConfig)
	if err != nil {
		return c.errorf("%v", err)
	}
	codec, err := c.stateCodec(mod, nil)
	if err != nil {
		return 1
	}
	to, err := next.open(ctx, codec)
	if err != nil {
		return c.backendError(mod, next.Type, err, noColor)
	}
	fmt.Fprintf(c.stdout, "Initializing the backend...\n\nBackend %s configured: %s\n", next.Type, to)
	if !mv.reconfigure {
		from, err := previousBackend(ctx, saved, next, codec)
		if err != nil {
			return c.errorf("%v", err)
		}
		if from != nil {
			if code := c.migrateState(ctx, from, to, mv.migrate || mv.forceCopy, mv.forceCopy, mv.lock, mv.lockTimeout); code != 0 {
				return code
			}
		}
	}
	block, err := blockHash(mod)
	if err != nil {
		return c.errorf("%v", err)
	}
	if err := next.save(block); err != nil {
		return c.errorf("saving the backend configuration: %v", err)
	}
	return 0
}

// previousBackend returns the backend state should move from: the one init
// saved before when it differs, or the local state files (terraform.tfstate
// and terraform.tfstate.d) when a remote backend is configured for the
// first time.
//
// Both ends use the stack's one state codec: a migration between backends
// keeps the state encrypted (and the fallback methods read what the
// previous backend holds).
func previousBackend(ctx context.Context, saved, next *backendSetting, codec state.Codec) (state.Store, error) {
	switch {
	case saved != nil && !saved.same(next):
		return saved.open(ctx, codec)
	case saved == nil && next.Type != "local":
		for _, p := range []string{defaultStatePath, state.DefaultWorkspaceDir} {
			if _, err := os.Stat(p); err == nil {
				st := state.NewLocalStore(defaultStatePath, state.DefaultWorkspaceDir)
				st.Codec = codec
				return st, nil
			}
		}
	}
	return nil, nil
}

// pendingCopy is one workspace's state to copy.
type pendingCopy struct {
	workspace string
	src       *state.State
	from, to  state.Backend
}

// migrateState copies the state of every workspace of from into to, as
// Terraform migrates all workspaces; workspaces without state are
// created in to, so that both list the same workspaces.
func (c *cli) migrateState(ctx context.Context, from, to state.Store, allowed, force, lock bool, lockTimeout time.Duration) int {
	names, err := from.Workspaces(ctx)
	if err != nil {
		return c.errorf("listing the workspaces of %s: %v", from, err)
	}
	var copies []pendingCopy
	var empty []string
	for _, name := range names {
		fb, err := from.Workspace(name)
		if err != nil {
			return c.errorf("%v", err)
		}
		src, err := fb.Read(ctx)
		if err != nil {
			return c.errorf("reading state from %s: %v", fb, err)
		}
		if src == nil || src.Empty() {
			if name != state.DefaultWorkspace {
				empty = append(empty, name)
			}
			continue
		}
		tb, err := to.Workspace(name)
		if err != nil {
			return c.errorf("%v", err)
		}
		copies = append(copies, pendingCopy{workspace: name, src: src, from: fb, to: tb})
	}
	if len(copies) > 0 {
		if code := c.approveMigration(copies, allowed, force); code != 0 {
			return code
		}
	}
	for _, name := range empty {
		if err := to.CreateWorkspace(ctx, name); err != nil {
			return c.errorf("creating workspace %q in %s: %v", name, to, err)
		}
	}
	for _, pc := range copies {
		if code := c.copyState(ctx, pc, lock, lockTimeout); code != 0 {
			return code
		}
	}
	return 0
}

// approveMigration asks, once for all workspaces, whether to copy.
func (c *cli) approveMigration(copies []pendingCopy, allowed, force bool) int {
	what := fmt.Sprintf("the existing state from %s to %s", copies[0].from, copies[0].to)
	if len(copies) > 1 || copies[0].workspace != state.DefaultWorkspace {
		ws := make([]string, len(copies))
		for i, pc := range copies {
			ws[i] = pc.workspace
		}
		what = fmt.Sprintf("the state of every workspace (%s) from %s to %s", strings.Join(ws, ", "), copies[0].from, copies[0].to)
	}
	if !allowed {
		return c.errorf("%s holds state, and the backend is now %s.\n\nRun `trueup init -migrate-state` to copy it there (add -force-copy to skip the question), or -reconfigure to leave it behind.", copies[0].from, copies[0].to)
	}
	if force {
		return 0
	}
	ok, err := c.confirm(fmt.Sprintf("Do you want to copy %s?", what), "-force-copy")
	if err != nil {
		return c.errorf("%v", err)
	}
	if !ok {
		return c.errorf("state migration cancelled; nothing was copied")
	}
	return 0
}

// copyState copies one workspace's state under the destination's lock.
func (c *cli) copyState(ctx context.Context, pc pendingCopy, lock bool, lockTimeout time.Duration) int {
	from, to, src := pc.from, pc.to, pc.src
	unlock, err := c.lockState(ctx, to, "migrate", lock, lockTimeout)
	if err != nil {
		return c.errorf("%v", err)
	}
	defer unlock()
	dst, err := to.Read(ctx)
	if err != nil {
		return c.errorf("reading state from %s: %v", to, err)
	}
	if dst != nil && !dst.Empty() {
		if dst.Lineage != src.Lineage || dst.Serial > src.Serial {
			return c.errorf("%s already holds a different state (lineage %s, serial %d): refusing to overwrite it with lineage %s, serial %d", to, dst.Lineage, dst.Serial, src.Lineage, src.Serial)
		}
		if dst.Serial == src.Serial {
			fmt.Fprintf(c.stdout, "The new backend already holds the state of workspace %q.\n", pc.workspace)
			return 0
		}
	}
	// An empty state (a workspace created by `workspace new`) is
	// replaced whatever its lineage.
	if err := to.Write(ctx, src); err != nil {
		return c.errorf("writing state to %s: %v", to, err)
	}
	fmt.Fprintf(c.stdout, "Copied the state (serial %d, %d resources) from %s to %s.\n", src.Serial, len(src.Resources), from, to)
	return 0
}

// backendError reports that the backend of type typ could not be
// configured, at the configuration's backend block when it has one (its
// settings may also come from -backend-config and the environment, which
// have no place in a file).
func (c *cli) backendError(mod *config.Module, typ string, err error, noColor bool) int {
	if mod == nil || mod.Backend == nil {
		return c.errorf("configuring the %s backend: %v", typ, err)
	}
	c.printDiags(hcl.Diagnostics{{Severity: hcl.DiagError, Summary: fmt.Sprintf("Cannot configure the %s backend", typ),
		Detail: err.Error(), Subject: mod.Backend.DeclRange.Ptr()}}, mod.Files, noColor)
	return 1
}
