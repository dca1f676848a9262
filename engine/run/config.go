package run

import (
	"path/filepath"

	"github.com/hashicorp/hcl/v2"

	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/engine/config"
	"github.com/trueup/trueup/engine/modsdir"
	"github.com/trueup/trueup/engine/plans"
)

// LoadConfig loads the configuration tree rooted at dir: the root module,
// and every module it calls, local sources from their directories and
// other sources from where `trueup init` installed them
// (dir/.terraform/modules).
func LoadConfig(dir string) (*config.Config, hcl.Diagnostics) {
	return LoadConfigModules(dir, "")
}

// LoadConfigModules is LoadConfig with the modules installed in
// modulesDir (see InstallRequest.ModulesDir; "" is the stack's
// .terraform/modules).
func LoadConfigModules(dir, modulesDir string) (*config.Config, hcl.Diagnostics) {
	root, diags := config.Load(dir)
	if root == nil || diags.HasErrors() {
		if root == nil {
			return nil, diags
		}
		return &config.Config{Module: root, Dir: "."}, diags
	}
	cfg, ds := buildTree(dir, modulesDir, root)
	return cfg, append(diags, ds...)
}

// BuildTree builds the configuration tree under root, the module already
// loaded from dir: local module sources resolve on disk, others through
// the modules trueup init installed.
func BuildTree(dir string, root *config.Module) (*config.Config, hcl.Diagnostics) {
	return buildTree(dir, "", root)
}

func buildTree(dir, modulesDir string, root *config.Module) (*config.Config, hcl.Diagnostics) {
	return config.BuildTree(root, config.DirSource{RootDir: dir, Resolve: installedModules(dir, modulesDir)})
}

// LoadSnapshot loads the configuration tree a saved plan carries.
func LoadSnapshot(p *plans.Plan) (*config.Config, hcl.Diagnostics) {
	root, diags := config.LoadSources(p.ConfigDir, config.RootSnapshot(p.ConfigSources))
	if root == nil || diags.HasErrors() {
		return nil, diags
	}
	cfg, ds := config.BuildTree(root, config.SnapshotSource{RootDir: p.ConfigDir, Sources: p.ConfigSources, Dirs: p.ModuleDirs})
	return cfg, append(diags, ds...)
}

// installedModules reads the module manifest trueup init writes
// (modules.json, Terraform's format) and returns the lookup of installed
// modules, with Terraform's diagnostics when a module is not installed or
// its source or version changed since. The manifest is read when the
// first non-local module is looked up, so that stacks without remote
// modules never need one.
func installedModules(dir, modulesDir string) func(addrs.Module, *config.ModuleCall) (string, hcl.Diagnostics) {
	var manifest modsdir.Manifest
	var err error
	read := false
	return func(p addrs.Module, call *config.ModuleCall) (string, hcl.Diagnostics) {
		if !read {
			manifest, err = readManifest(dir, modulesDir)
			read = true
		}
		if err != nil {
			return "", hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Failed to read module manifest",
				Detail: err.Error() + `. Run "trueup init" to install the modules again.`, Subject: call.DeclRange.Ptr()}}
		}
		installed, diags := manifest.Resolve(dir, p.Names(), modsdir.Call{
			Name: call.Name, Source: call.SourceAddr, Version: call.Version,
			SourceRange: call.SourceAddrRange, VersionRange: call.VersionRange, DeclRange: call.DeclRange,
		})
		return filepath.ToSlash(installed), diags
	}
}

// readManifest reads modules.json from modulesDir (relative to dir, or
// absolute), by default the stack's .terraform/modules.
func readManifest(dir, modulesDir string) (modsdir.Manifest, error) {
	switch {
	case modulesDir == "":
		return modsdir.Read(dir)
	case filepath.IsAbs(modulesDir):
		return modsdir.ReadFile(filepath.Join(modulesDir, modsdir.FileName))
	default:
		return modsdir.ReadFile(filepath.Join(dir, modulesDir, modsdir.FileName))
	}
}
