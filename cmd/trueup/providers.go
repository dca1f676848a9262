package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/trueup/trueup/engine/cliconfig"
	"github.com/trueup/trueup/engine/config"
	"github.com/trueup/trueup/engine/depsfile"
	"github.com/trueup/trueup/engine/getproviders"
	"github.com/trueup/trueup/engine/providercache"
	"github.com/trueup/trueup/engine/providerinstall"
	"github.com/trueup/trueup/engine/run"
	"github.com/trueup/trueup/schema"
)

// providersDir is where init installs plugins, as Terraform does.
const providersDir = ".terraform/providers"

// builtinAddrs returns the source addresses the built-in providers serve:
// hashicorp/NAME for each built-in NAME.
func builtinAddrs() func(getproviders.Provider) bool {
	reg := builtinProviders()
	return func(p getproviders.Provider) bool {
		_, ok := reg[p.Type]
		return ok && p == getproviders.NewDefaultProvider(p.Type)
	}
}

// providerSetup is what installing or resolving providers needs, read from
// the CLI configuration and the stack directory dir.
type providerSetup struct {
	cfg       *cliconfig.Config
	installer *providerinstall.Installer
}

// newProviderSetup reads the CLI configuration and builds the installer for
// the stack in dir. pluginDirs (init -plugin-dir) replace the configured
// installation methods.
// Warnings about the CLI configuration are printed only when verbose
// (init); errors always.
func (c *cli) newProviderSetup(dir string, pluginDirs []string, noColor, verbose bool) (*providerSetup, bool) {
	cfg, diags := cliconfig.Load()
	if verbose || diags.HasErrors() {
		c.printDiags(diags, cfg.Files, noColor)
	}
	if diags.HasErrors() {
		return nil, false
	}
	in, err := newInstaller(cfg, dir, filepath.Join(dir, providersDir), "")
	if err != nil {
		c.errorf("%v", err)
		return nil, false
	}
	if len(pluginDirs) > 0 {
		in.Installation = cliconfig.PluginDirInstallation(pluginDirs)
	}
	return &providerSetup{cfg: cfg, installer: in}, true
}

// newInstaller builds the installer of the stack in dir from the CLI
// configuration cfg: plugins go to workDir (the stack's
// .terraform/providers), through cfg's plugin_cache_dir or else
// defaultCache ("" for none).
func newInstaller(cfg *cliconfig.Config, dir, workDir, defaultCache string) (*providerinstall.Installer, error) {
	home, _ := os.UserHomeDir()
	inst, err := cfg.Installation(cliconfig.Env{WorkDir: dir, Home: home, Getenv: os.Getenv})
	if err != nil {
		return nil, err
	}
	in := &providerinstall.Installer{
		Installation:          inst,
		Builtin:               builtinAddrs(),
		WorkDir:               providercache.NewDir(workDir, getproviders.CurrentPlatform),
		CacheMayBreakLockFile: cfg.PluginCacheMayBreakLockFile,
	}
	cache := defaultCache
	if cfg.PluginCacheDir != "" {
		cache = expandHome(cfg.PluginCacheDir, home)
	}
	if cache != "" {
		in.Cache = providercache.NewDir(cache, getproviders.CurrentPlatform)
	}
	return in, nil
}

func expandHome(path, home string) string {
	if rest, ok := strings.CutPrefix(path, "~/"); ok && home != "" {
		return filepath.Join(home, rest)
	}
	return path
}

// requirements returns the provider requirements of every module of the
// stack's configuration tree.
func requirements(cfg *config.Config) ([]providerinstall.Requirement, hcl.Diagnostics) {
	return providerinstall.FromConfig(cfg)
}

// loadLocks reads the stack's lock file, printing diagnostics.
func (c *cli) loadLocks(dir string, noColor bool) (*depsfile.Locks, bool) {
	path := filepath.Join(dir, depsfile.FileName)
	locks, diags := depsfile.LoadFile(path)
	files := map[string]*hcl.File{}
	if src, err := os.ReadFile(path); err == nil {
		files[path] = &hcl.File{Bytes: src} // for the source lines of diagnostics
	}
	c.printDiags(diags, files, noColor)
	return locks, !diags.HasErrors()
}

// stackProviders returns the provider registry for an operation on the
// stack in dir (its installed modules in modulesDir, "" for the default): each required provider resolved, from the lock file and
// the CLI configuration, to its built-in or its installed plugin (issue 11
// point 4), and the other built-ins under their own names. It prints what
// stops the operation and returns ok=false then.
func (c *cli) stackProviders(dir, modulesDir string) (schema.Registry, bool) {
	cfg, diags := run.LoadConfigModules(dir, modulesDir)
	if diags.HasErrors() {
		return builtinProviders(), true // the operation reports them
	}
	c.loaded = &loadedConfig{dir: dir, modulesDir: modulesDir, cfg: cfg}
	tuneGC(resourceBlocks(cfg))
	reqs, diags := requirements(cfg)
	if diags.HasErrors() {
		c.printDiags(diags, cfg.Files(), false)
		return nil, false
	}
	setup, ok := c.newProviderSetup(dir, nil, false, false)
	if !ok {
		return nil, false
	}
	locks, ok := c.loadLocks(dir, false)
	if !ok {
		return nil, false
	}
	sels, err := setup.installer.Resolve(reqs, locks)
	if err != nil {
		c.errorf("%v", err)
		return nil, false
	}
	reg, err := registryFor(sels, pluginFactory)
	if err != nil {
		c.errorf("%v", err)
		return nil, false
	}
	return reg, true
}

// installHooks prints the installer's progress as Terraform's init does.
type installHooks struct {
	providerinstall.NoopHooks
	w io.Writer
}

func (h installHooks) FindingVersions(p getproviders.Provider, constraints string) {
	if constraints == "" {
		fmt.Fprintf(h.w, "- Finding latest version of %s...\n", p.ForDisplay())
		return
	}
	fmt.Fprintf(h.w, "- Finding %s versions matching %q...\n", p.ForDisplay(), constraints)
}

func (h installHooks) ReusingLocked(p getproviders.Provider, _ getproviders.Version) {
	fmt.Fprintf(h.w, "- Reusing previous version of %s from the dependency lock file\n", p.ForDisplay())
}

func (h installHooks) UsingInstalled(p getproviders.Provider, v getproviders.Version) {
	fmt.Fprintf(h.w, "- Using previously-installed %s v%s\n", p.ForDisplay(), v)
}

func (h installHooks) Installing(p getproviders.Provider, v getproviders.Version) {
	fmt.Fprintf(h.w, "- Installing %s v%s...\n", p.ForDisplay(), v)
}

func (h installHooks) Installed(p getproviders.Provider, v getproviders.Version, auth string, fromCache bool) {
	if fromCache {
		fmt.Fprintf(h.w, "- Using %s v%s from the shared cache directory\n", p.ForDisplay(), v)
		return
	}
	fmt.Fprintf(h.w, "- Installed %s v%s (%s)\n", p.ForDisplay(), v, auth)
}

func (h installHooks) UsingBuiltin(p getproviders.Provider, reason string) {
	fmt.Fprintf(h.w, "- Using %s built into trueup (%s)\n", p.ForDisplay(), reason)
}

func (h installHooks) UsingDevOverride(p getproviders.Provider, exe string) {
	fmt.Fprintf(h.w, "- Using %s from dev_overrides: %s\n", p.ForDisplay(), exe)
}

// installProviders is init's provider step: it installs, prints, and
// writes the lock file. root is the root module, already loaded; the
// modules it calls are loaded here, since their requirements count too.
func (c *cli) installProviders(ctx context.Context, root *config.Module, pluginDirs []string, opts providerinstall.Options, noColor bool) int {
	cfg, diags := run.BuildTree(".", root)
	if diags.HasErrors() {
		c.printDiags(diags, cfg.Files(), noColor)
		return 1
	}
	reqs, ds := requirements(cfg)
	diags = append(diags, ds...)
	c.printDiags(diags, cfg.Files(), noColor)
	if diags.HasErrors() {
		return 1
	}
	setup, ok := c.newProviderSetup(".", pluginDirs, noColor, true)
	if !ok {
		return 1
	}
	prior, ok := c.loadLocks(".", noColor)
	if !ok {
		return 1
	}
	fmt.Fprintln(c.stdout, "\nInitializing provider plugins...")
	setup.installer.Hooks = installHooks{w: c.stdout}
	res, err := setup.installer.Install(ctx, reqs, prior, opts)
	if err != nil {
		return c.errorf("%v", err)
	}
	if res.Locks.Equal(prior) {
		return 0
	}
	_, statErr := os.Stat(depsfile.FileName)
	if err := depsfile.SaveFile(res.Locks, depsfile.FileName); err != nil {
		return c.errorf("%v", err)
	}
	if os.IsNotExist(statErr) {
		fmt.Fprintf(c.stdout, "\ntrueup has created a lock file %s to record the provider\nselections it made above. Include this file in your version control repository\nso that trueup and Terraform make the same selections by default when\nyou run \"trueup init\" or \"terraform init\" in the future.\n", depsfile.FileName)
	} else {
		fmt.Fprintf(c.stdout, "\ntrueup has made some changes to the provider dependency selections recorded\nin the %s file. Review those changes and commit them to your\nversion control system if they represent changes you intended to make.\n", depsfile.FileName)
	}
	return 0
}

// sortedSelections orders selections by address.
func sortedSelections(sels []providerinstall.Selection) []providerinstall.Selection {
	sort.Slice(sels, func(i, j int) bool { return sels[i].Provider.LessThan(sels[j].Provider) })
	return sels
}
