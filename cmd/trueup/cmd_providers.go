package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/trueup/trueup/engine/config"
	"github.com/trueup/trueup/engine/depsfile"
	"github.com/trueup/trueup/engine/getproviders"
	"github.com/trueup/trueup/engine/providercache"
	"github.com/trueup/trueup/engine/providerinstall"
)

// cmdProviders prints the requirement tree, or runs a subcommand: lock,
// mirror, schema.
func cmdProviders(ctx context.Context, c *cli, args []string) int {
	if len(args) > 0 {
		switch args[0] {
		case "lock":
			return cmdProvidersLock(ctx, c, args[1:])
		case "mirror":
			return cmdProvidersMirror(ctx, c, args[1:])
		case "schema":
			return cmdProvidersSchema(ctx, c, args[1:])
		}
	}
	fs := c.newFlags("providers")
	acceptTestDirectory(fs)
	if err := parseInterspersed(fs, args); err != nil {
		return 1
	}
	if fs.NArg() > 0 {
		return c.errorf("unknown providers subcommand %q: use lock, mirror or schema", fs.Arg(0))
	}
	cfg, _, ok := c.providerRequirements(false)
	if !ok {
		return 1
	}
	fmt.Fprintln(c.stdout, "\nProviders required by configuration:\n.")
	printProviderTree(c.stdout, cfg, "")
	fmt.Fprintln(c.stdout)
	return 0
}

// printProviderTree prints the requirements of the module cfg and then its
// child modules, as terraform providers does (which lists them in map
// order; trueup sorts providers by address and modules by name).
func printProviderTree(w io.Writer, cfg *config.Config, indent string) {
	reqs, _ := providerinstall.FromModule(cfg.Module, cfg.Path.String())
	children := slices.Sorted(maps.Keys(cfg.Children))
	n := len(reqs) + len(children)
	branch := func(i int) (string, string) {
		if i == n-1 {
			return "└──", "    "
		}
		return "├──", "│   "
	}
	for i, r := range reqs {
		b, _ := branch(i)
		line := fmt.Sprintf("%s%s provider[%s]", indent, b, r.Provider)
		if cs := getproviders.ConstraintsString(r.Constraints); cs != "" {
			line += " " + cs
		}
		fmt.Fprintln(w, line)
	}
	for j, name := range children {
		b, more := branch(len(reqs) + j)
		fmt.Fprintf(w, "%s%s module.%s\n", indent, b, name)
		printProviderTree(w, cfg.Children[name], indent+more)
	}
}

// providerRequirements loads the stack in the current directory, with
// every module it calls, and returns the requirements of the whole tree.
func (c *cli) providerRequirements(noColor bool) (*config.Config, []providerinstall.Requirement, bool) {
	cfg := c.loadConfig(noColor)
	if cfg == nil {
		return nil, nil, false
	}
	reqs, diags := requirements(cfg)
	c.printDiags(diags, cfg.Files(), noColor)
	return cfg, reqs, !diags.HasErrors()
}

// filterRequirements keeps the requirements named on the command line
// (all when none are).
func filterRequirements(reqs []providerinstall.Requirement, names []string) ([]providerinstall.Requirement, error) {
	if len(names) == 0 {
		return reqs, nil
	}
	var out []providerinstall.Requirement
	for _, n := range names {
		p, err := getproviders.ParseProvider(n)
		if err != nil {
			return nil, err
		}
		found := false
		for _, r := range reqs {
			if r.Provider == p {
				out, found = append(out, r), true
			}
		}
		if !found {
			return nil, fmt.Errorf("provider %s is not required by the configuration", p)
		}
	}
	return out, nil
}

func parsePlatforms(raw []string) ([]getproviders.Platform, error) {
	if len(raw) == 0 {
		return []getproviders.Platform{getproviders.CurrentPlatform}, nil
	}
	var out []getproviders.Platform
	for _, s := range raw {
		p, err := getproviders.ParsePlatform(s)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

// lockPrinter prints `providers lock` progress as Terraform does.
type lockPrinter struct{ c *cli }

func (l lockPrinter) Fetching(p getproviders.Provider, v getproviders.Version, platform getproviders.Platform) {
	fmt.Fprintf(l.c.stdout, "- Fetching %s %s for %s...\n", p.ForDisplay(), v, platform)
}

func (l lockPrinter) Retrieved(p getproviders.Provider, v getproviders.Version, platform getproviders.Platform, auth string) {
	fmt.Fprintf(l.c.stdout, "- Retrieved %s %s for %s (%s)\n", p.ForDisplay(), v, platform, auth)
}

func cmdProvidersLock(ctx context.Context, c *cli, args []string) int {
	var platforms, fsMirrors, netMirrors stringList
	fs := c.newFlags("providers lock")
	fs.Var(&platforms, "platform", "Target platform OS_ARCH (repeatable; default: this one)")
	fs.Var(&fsMirrors, "fs-mirror", "Take packages from this filesystem mirror instead of the registry")
	fs.Var(&netMirrors, "net-mirror", "Take packages from this network mirror instead of the registry")
	if err := parseInterspersed(fs, args); err != nil {
		return 1
	}
	plats, err := parsePlatforms(platforms)
	if err != nil {
		return c.errorf("%v", err)
	}
	_, reqs, ok := c.providerRequirements(false)
	if !ok {
		return 1
	}
	if reqs, err = filterRequirements(reqs, fs.Args()); err != nil {
		return c.errorf("%v", err)
	}
	var src getproviders.MultiSource
	for _, dir := range fsMirrors {
		src = append(src, getproviders.Selector{Source: getproviders.NewFilesystemMirror(dir)})
	}
	for _, u := range netMirrors {
		nm, err := getproviders.NewNetworkMirror(u, nil)
		if err != nil {
			return c.errorf("%v", err)
		}
		src = append(src, getproviders.Selector{Source: nm})
	}
	if len(src) == 0 {
		src = getproviders.MultiSource{{Source: getproviders.NewRegistrySource(nil)}}
	}
	prior, ok := c.loadLocks(".", false)
	if !ok {
		return 1
	}
	locks, err := providerinstall.LockPlatforms(ctx, src, reqs, prior, plats, nil, lockPrinter{c})
	if err != nil {
		return c.errorf("%v", err)
	}
	for _, r := range reqs {
		fmt.Fprintf(c.stdout, "- Obtained %s checksums for %s\n", r.Provider.ForDisplay(), platformNames(plats))
	}
	if locks.Equal(prior) {
		fmt.Fprintf(c.stdout, "\nSuccess! trueup has validated the lock file and found no need for changes.\n")
		return 0
	}
	if err := depsfile.SaveFile(locks, depsfile.FileName); err != nil {
		return c.errorf("%v", err)
	}
	fmt.Fprintf(c.stdout, "\nSuccess! trueup has updated the lock file.\n\nReview the changes in %s and then commit to your\nversion control system to retain the new checksums.\n", depsfile.FileName)
	return 0
}

func platformNames(plats []getproviders.Platform) string {
	names := make([]string, len(plats))
	for i, p := range plats {
		names[i] = p.String()
	}
	return strings.Join(names, ", ")
}

func cmdProvidersMirror(ctx context.Context, c *cli, args []string) int {
	var platforms stringList
	fs := c.newFlags("providers mirror")
	fs.Var(&platforms, "platform", "Target platform OS_ARCH (repeatable; default: this one)")
	if err := parseInterspersed(fs, args); err != nil {
		return 1
	}
	if fs.NArg() != 1 {
		return c.errorf("providers mirror takes one argument, the target directory")
	}
	dir := fs.Arg(0)
	plats, err := parsePlatforms(platforms)
	if err != nil {
		return c.errorf("%v", err)
	}
	_, reqs, ok := c.providerRequirements(false)
	if !ok {
		return 1
	}
	prior, ok := c.loadLocks(".", false)
	if !ok {
		return 1
	}
	src := getproviders.NewRegistrySource(nil)
	for _, r := range reqs {
		if err := c.mirrorOne(ctx, src, r, prior, plats, dir); err != nil {
			return c.errorf("%v", err)
		}
	}
	return 0
}

// mirrorOne writes one provider's archives and the network mirror
// protocol's index.json and VERSION.json into dir.
func (c *cli) mirrorOne(ctx context.Context, src getproviders.Source, r providerinstall.Requirement, prior *depsfile.Locks, plats []getproviders.Platform, dir string) error {
	fmt.Fprintf(c.stdout, "- Mirroring %s...\n", r.Provider.ForDisplay())
	v, err := providerinstall.SelectVersion(ctx, src, r, prior)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "  - Selected v%s\n", v)
	typeDir := filepath.Join(dir, r.Provider.Hostname, r.Provider.Namespace, r.Provider.Type)
	archives := map[string]any{}
	for _, plat := range plats {
		fmt.Fprintf(c.stdout, "  - Downloading package for %s...\n", plat)
		meta, err := src.PackageMeta(ctx, r.Provider, v, plat)
		if err != nil {
			return err
		}
		name := getproviders.PackageFileName(r.Provider, v, plat)
		hashes, err := providercache.FetchArchive(ctx, meta, filepath.Join(typeDir, name), nil)
		if err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, "  - Package authenticated: %s\n", meta.Authentication)
		archives[plat.String()] = map[string]any{"url": name, "hashes": []string{string(hashes[0])}}
	}
	if err := writeJSONFile(filepath.Join(typeDir, v.String()+".json"), map[string]any{"archives": archives}); err != nil {
		return err
	}
	index := struct {
		Versions map[string]any `json:"versions"`
	}{Versions: map[string]any{}}
	if data, err := os.ReadFile(filepath.Join(typeDir, "index.json")); err == nil {
		_ = json.Unmarshal(data, &index)
		if index.Versions == nil {
			index.Versions = map[string]any{}
		}
	}
	index.Versions[v.String()] = map[string]any{}
	return writeJSONFile(filepath.Join(typeDir, "index.json"), index)
}

func writeJSONFile(path string, v any) error {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, append(data, '\n'), 0o644)
}
