package main

import (
	"context"
	"fmt"
	"os"

	"github.com/trueup/trueup/engine/providerinstall"
	"github.com/trueup/trueup/engine/state"
)

// cmdInit installs the modules the configuration calls (unless -get=false;
// -upgrade re-resolves them) and sets up the backend: it merges
// -backend-config into the backend block, saves the result under
// .terraform for later commands, and moves existing state into a newly
// configured backend after confirmation. Then it chooses and installs the
// providers (of the installed modules too) and writes .terraform.lock.hcl.
func cmdInit(ctx context.Context, c *cli, args []string) int {
	var backendConfig, pluginDirs stringList
	var migrate, forceCopy, reconfigure, noColor, lock, upgrade, get bool
	var lockfile string
	fs := c.newFlags("init")
	fs.Var(&backendConfig, "backend-config", "Backend setting KEY=VALUE or a file of settings (repeatable)")
	fs.BoolVar(&migrate, "migrate-state", false, "Copy the state of the previous backend into the new one")
	fs.BoolVar(&forceCopy, "force-copy", false, "Answer yes to copying state (for automation)")
	fs.BoolVar(&reconfigure, "reconfigure", false, "Use the new backend without moving any state")
	fs.BoolVar(&noColor, "no-color", false, "Disable colour")
	fs.BoolVar(&lock, "lock", true, "Lock the states while migrating")
	fs.Bool("input", true, "Ask for input when needed")
	fs.BoolVar(&upgrade, "upgrade", false, "Re-resolve every module and select the newest module and provider versions the constraints allow, ignoring the lock file's")
	fs.BoolVar(&get, "get", true, "Install the modules the configuration calls")
	fs.Var(&pluginDirs, "plugin-dir", "Install providers only from this directory, a filesystem mirror (repeatable)")
	fs.StringVar(&lockfile, "lockfile", "", "Set to readonly to refuse changes to .terraform.lock.hcl")
	if err := parseInterspersed(fs, args); err != nil {
		return 1
	}
	if lockfile != "" && lockfile != "readonly" {
		return c.errorf("invalid -lockfile=%s: the only mode is readonly", lockfile)
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
	saved, err := loadSavedBackend()
	if err != nil {
		return c.errorf("%v", err)
	}
	next, err := resolveBackend(mod, nil, backendConfig)
	if err != nil {
		return c.errorf("%v", err)
	}
	to, err := next.open(ctx)
	if err != nil {
		return c.errorf("configuring the %s backend: %v", next.Type, err)
	}
	fmt.Fprintf(c.stdout, "Initializing the backend...\n\nBackend %s configured: %s\n", next.Type, to)

	if !reconfigure {
		from, err := previousBackend(ctx, saved, next)
		if err != nil {
			return c.errorf("%v", err)
		}
		if from != nil {
			if code := c.migrateState(ctx, from, to, migrate || forceCopy, forceCopy, lock); code != 0 {
				return code
			}
		}
	}
	if err := next.save(); err != nil {
		return c.errorf("saving the backend configuration: %v", err)
	}
	opts := providerinstall.Options{Upgrade: upgrade, ReadonlyLocks: lockfile == "readonly"}
	if code := c.installProviders(ctx, mod, pluginDirs, opts, noColor); code != 0 {
		return code
	}
	fmt.Fprintln(c.stdout, "\ntrueup has been successfully initialized!")
	return 0
}

// previousBackend returns the backend state should move from: the one init
// saved before when it differs, or the default local state file when a
// remote backend is configured for the first time.
func previousBackend(ctx context.Context, saved, next *backendSetting) (state.Backend, error) {
	switch {
	case saved != nil && (saved.Type != next.Type || saved.describe() != next.describe() && next.Type != "local"):
		return saved.open(ctx)
	case saved == nil && next.Type != "local":
		if _, err := os.Stat(defaultStatePath); err == nil {
			return state.NewLocal(defaultStatePath), nil
		}
	}
	return nil, nil
}

// migrateState copies the state of from into to, when from has one.
func (c *cli) migrateState(ctx context.Context, from, to state.Backend, allowed, force, lock bool) int {
	src, err := from.Read(ctx)
	if err != nil {
		return c.errorf("reading state from %s: %v", from, err)
	}
	if src == nil || src.Empty() {
		return 0
	}
	if !allowed {
		return c.errorf("%s holds state, and the backend is now %s.\n\nRun `trueup init -migrate-state` to copy it there (add -force-copy to skip the question), or -reconfigure to leave it behind.", from, to)
	}
	if !force {
		ok, err := c.confirm(fmt.Sprintf("Do you want to copy the existing state from %s to %s?", from, to), "-force-copy")
		if err != nil {
			return c.errorf("%v", err)
		}
		if !ok {
			return c.errorf("state migration cancelled; nothing was copied")
		}
	}
	unlock, err := c.lockState(ctx, to, "migrate", lock, 0)
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
			fmt.Fprintln(c.stdout, "The new backend already holds this state.")
			return 0
		}
	}
	if err := to.Write(ctx, src); err != nil {
		return c.errorf("writing state to %s: %v", to, err)
	}
	fmt.Fprintf(c.stdout, "Copied the state (serial %d, %d resources) from %s to %s.\n", src.Serial, len(src.Resources), from, to)
	return 0
}
