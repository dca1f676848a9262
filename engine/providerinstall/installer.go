package providerinstall

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/trueup/trueup/engine/cliconfig"
	"github.com/trueup/trueup/engine/depsfile"
	"github.com/trueup/trueup/engine/getproviders"
	"github.com/trueup/trueup/engine/providercache"
)

// Installer chooses and installs the providers of one stack.
type Installer struct {
	// Installation is the CLI configuration's methods (or the implied
	// ones, or -plugin-dir's).
	Installation *cliconfig.Installation
	// Builtin reports whether trueup has a built-in provider for p.
	Builtin func(p getproviders.Provider) bool
	// WorkDir is the stack's .terraform/providers.
	WorkDir *providercache.Dir
	// Cache is the shared plugin_cache_dir, nil when none.
	Cache *providercache.Dir
	// CacheMayBreakLockFile is plugin_cache_may_break_dependency_lock_file.
	CacheMayBreakLockFile bool
	Client                *http.Client
	Hooks                 Hooks
}

// Options are init's flags.
type Options struct {
	// Upgrade re-selects the newest allowed versions, ignoring the lock
	// file's (init -upgrade).
	Upgrade bool
	// ReadonlyLocks refuses any change to the lock file
	// (init -lockfile=readonly).
	ReadonlyLocks bool
}

// Result is what Install decided.
type Result struct {
	Selections []Selection
	// Locks is the new lock file content.
	Locks *depsfile.Locks
}

// Install decides what serves each requirement, installs the plugins, and
// returns the selections and the new locks. prior is the lock file as read.
func (i *Installer) Install(ctx context.Context, reqs []Requirement, prior *depsfile.Locks, opts Options) (*Result, error) {
	hooks := i.Hooks
	if hooks == nil {
		hooks = NoopHooks{}
	}
	res := &Result{Locks: depsfile.NewLocks()}
	var plugins []Requirement
	for _, req := range reqs {
		sel, isPlugin, err := i.choose(req)
		if err != nil {
			return nil, err
		}
		if !isPlugin {
			res.Selections = append(res.Selections, sel)
			keepLock(res.Locks, prior, req.Provider)
			if sel.Executable != "" {
				hooks.UsingDevOverride(req.Provider, sel.Executable)
			} else {
				hooks.UsingBuiltin(req.Provider, sel.Reason)
			}
			continue
		}
		plugins = append(plugins, req)
	}
	versions, err := i.selectVersions(ctx, plugins, prior, opts, hooks)
	if err != nil {
		return nil, err
	}
	for _, req := range plugins {
		sel, err := i.installOne(ctx, req, versions[req.Provider], prior, res.Locks, hooks)
		if err != nil {
			return nil, err
		}
		res.Selections = append(res.Selections, sel)
	}
	if opts.ReadonlyLocks && !res.Locks.Equal(prior) {
		return nil, fmt.Errorf("the provider selections differ from %s, which is read-only (-lockfile=readonly): %s", depsfile.FileName, describeChanges(prior, res.Locks))
	}
	return res, nil
}

// choose decides between a built-in provider and a plugin. It returns the
// complete selection for built-ins and dev overrides.
func (i *Installer) choose(req Requirement) (Selection, bool, error) {
	p := req.Provider
	sel := Selection{Provider: p, LocalNames: req.LocalNames}
	inst := i.Installation
	if dir, ok := inst.DevOverrides[p]; ok {
		exe, err := providercache.FindExecutable(dir, p.Type)
		if err != nil {
			return sel, false, fmt.Errorf("dev_overrides for %s: %w", p, err)
		}
		sel.Kind, sel.Executable = Plugin, exe
		sel.Reason = "dev_overrides in the CLI configuration names " + dir
		return sel, false, nil
	}
	method := inst.MethodFor(p)
	builtin := i.Builtin != nil && i.Builtin(p)
	switch {
	case inst.Explicit && method != "":
		return sel, true, nil
	case builtin && inst.Explicit:
		sel.Reason = "no provider_installation method in the CLI configuration serves it"
		return sel, false, nil
	case builtin:
		sel.Reason = "the CLI configuration has no provider_installation block"
		return sel, false, nil
	case method == "":
		return sel, false, &getproviders.ErrProviderNotFound{Provider: p, Sources: inst.Methods}
	}
	return sel, true, nil
}

// selectVersions picks each plugin's version: the lock file's unless
// upgrading, else the newest meeting the constraints.
func (i *Installer) selectVersions(ctx context.Context, reqs []Requirement, prior *depsfile.Locks, opts Options, hooks Hooks) (map[getproviders.Provider]getproviders.Version, error) {
	out := map[getproviders.Provider]getproviders.Version{}
	for _, req := range reqs {
		p := req.Provider
		constraints := getproviders.ConstraintsString(req.Constraints)
		if lock := prior.Provider(p); lock != nil && !opts.Upgrade {
			if !getproviders.Meets(lock.Version, req.Constraints) {
				return nil, fmt.Errorf("locked provider %s %s does not match the configured version constraint %s; run trueup init -upgrade to allow selection of new versions", p, lock.Version, constraints)
			}
			hooks.ReusingLocked(p, lock.Version)
			out[p] = lock.Version
			continue
		}
		hooks.FindingVersions(p, constraints)
		available, err := i.Installation.Source.AvailableVersions(ctx, p)
		if err != nil {
			return nil, fmt.Errorf("finding versions of %s: %w", p, err)
		}
		v, ok := getproviders.Newest(available, req.Constraints)
		if !ok {
			return nil, fmt.Errorf("no available version of %s matches %q (available: %s)", p, constraints, versionList(available))
		}
		out[p] = v
	}
	return out, nil
}

// installOne installs one plugin and records its lock entry in locks.
func (i *Installer) installOne(ctx context.Context, req Requirement, v getproviders.Version, prior, locks *depsfile.Locks, hooks Hooks) (Selection, error) {
	p := req.Provider
	var allowed []getproviders.Hash
	if lock := prior.Provider(p); lock != nil && lock.Version.Same(v) {
		allowed = lock.Hashes
	}
	sel := Selection{Provider: p, LocalNames: req.LocalNames, Kind: Plugin, Version: v,
		Reason: "installed from " + i.Installation.MethodFor(p)}
	if !i.Installation.Explicit {
		sel.Reason += " (no provider_installation block; not built into trueup)"
	} else {
		sel.Reason = "provider_installation " + i.Installation.MethodFor(p) + " serves it"
	}
	if in, ok := i.WorkDir.Installed(p, v); ok && len(allowed) > 0 {
		if h, err := in.Hash(); err == nil && contains(allowed, h) {
			hooks.UsingInstalled(p, v)
			sel.Executable = in.Executable
			locks.SetProvider(p, v, getproviders.ConstraintsString(req.Constraints), allowed)
			return sel, nil
		}
	}
	meta, err := i.Installation.Source.PackageMeta(ctx, p, v, i.WorkDir.Platform)
	if err != nil {
		return sel, err
	}
	hooks.Installing(p, v)
	in, fromCache, err := i.fetch(ctx, meta, allowed)
	if err != nil {
		return sel, err
	}
	h1, err := in.Hash()
	if err != nil {
		return sel, err
	}
	hashes := append(append(append([]getproviders.Hash{}, allowed...), h1), meta.Hashes...)
	locks.SetProvider(p, v, getproviders.ConstraintsString(req.Constraints), hashes)
	hooks.Installed(p, v, meta.Authentication, fromCache)
	sel.Executable = in.Executable
	return sel, nil
}

// fetch installs meta into the stack, through the shared cache when there
// is one. A cached copy is reused only when the lock file vouches for it,
// unless plugin_cache_may_break_dependency_lock_file is set.
func (i *Installer) fetch(ctx context.Context, meta getproviders.PackageMeta, allowed []getproviders.Hash) (*providercache.Installed, bool, error) {
	direct := providercache.InstallOptions{Allowed: allowed, Client: i.Client, Replace: true}
	if i.Cache == nil {
		in, _, err := i.WorkDir.Install(ctx, meta, direct)
		return in, false, err
	}
	opts := providercache.InstallOptions{Allowed: allowed, Client: i.Client, Reuse: len(allowed) > 0 || i.CacheMayBreakLockFile}
	cached, reused, err := i.Cache.Install(ctx, meta, opts)
	var conflict *providercache.ErrCacheConflict
	if errors.As(err, &conflict) {
		// Another package sits in the cache under this version: leave it
		// to whoever uses it and install this stack's copy directly.
		in, _, err := i.WorkDir.Install(ctx, meta, direct)
		return in, false, err
	}
	if err != nil {
		return nil, false, err
	}
	in, err := i.WorkDir.LinkFrom(cached)
	return in, reused, err
}

// keepLock copies p's prior entry: a built-in provider or a dev override
// leaves the lock file's entry for its address as it was, so that the
// file stays valid for Terraform.
func keepLock(locks, prior *depsfile.Locks, p getproviders.Provider) {
	if lock := prior.Provider(p); lock != nil {
		locks.SetProvider(p, lock.Version, lock.Constraints, lock.Hashes)
	}
}

func describeChanges(prior, next *depsfile.Locks) string {
	var changes []string
	for _, l := range next.AllProviders() {
		old := prior.Provider(l.Provider)
		switch {
		case old == nil:
			changes = append(changes, fmt.Sprintf("%s %s would be added", l.Provider, l.Version))
		case !old.Version.Same(l.Version):
			changes = append(changes, fmt.Sprintf("%s would change from %s to %s", l.Provider, old.Version, l.Version))
		case fmt.Sprint(old.Hashes) != fmt.Sprint(l.Hashes):
			changes = append(changes, fmt.Sprintf("%s %s would get new hashes", l.Provider, l.Version))
		}
	}
	for _, l := range prior.AllProviders() {
		if next.Provider(l.Provider) == nil {
			changes = append(changes, fmt.Sprintf("%s would be removed", l.Provider))
		}
	}
	return strings.Join(changes, "; ")
}

func versionList(vs getproviders.VersionList) string {
	if len(vs) == 0 {
		return "none"
	}
	s := make([]string, len(vs))
	for i, v := range vs {
		s[i] = v.String()
	}
	return strings.Join(s, ", ")
}

func contains(hs []getproviders.Hash, h getproviders.Hash) bool {
	for _, x := range hs {
		if x == h {
			return true
		}
	}
	return false
}

// IsChecksumError reports whether err is a refused checksum.
func IsChecksumError(err error) bool {
	var ce *providercache.ChecksumError
	return errors.As(err, &ce)
}
