package run

import (
	"encoding/json"
	"os"
	"path/filepath"

	"github.com/hashicorp/hcl/v2"

	"github.com/trueup/trueup/engine/config"
	"github.com/trueup/trueup/engine/plans"
)

// LoadConfig loads the configuration tree rooted at dir: the root module,
// and every module it calls, local sources from their directories and
// other sources from where `trueup init` installed them.
func LoadConfig(dir string) (*config.Config, hcl.Diagnostics) {
	root, diags := config.Load(dir)
	if root == nil || diags.HasErrors() {
		if root == nil {
			return nil, diags
		}
		return &config.Config{Module: root, Dir: "."}, diags
	}
	cfg, ds := BuildTree(dir, root)
	return cfg, append(diags, ds...)
}

// BuildTree builds the configuration tree under root, the module already
// loaded from dir: local module sources resolve on disk, others through
// the modules trueup init installed.
func BuildTree(dir string, root *config.Module) (*config.Config, hcl.Diagnostics) {
	return config.BuildTree(root, config.DirSource{RootDir: dir, Installed: installedModules(dir)})
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
// (.terraform/modules/modules.json, Terraform's format) and returns a
// lookup of installed module directories by module key.
func installedModules(dir string) func(string) (string, bool) {
	var manifest struct {
		Modules []struct {
			Key string
			Dir string
		}
	}
	raw, err := os.ReadFile(filepath.Join(dir, ".terraform", "modules", "modules.json"))
	if err == nil {
		_ = json.Unmarshal(raw, &manifest)
	}
	dirs := map[string]string{}
	for _, m := range manifest.Modules {
		dirs[m.Key] = filepath.ToSlash(m.Dir)
	}
	return func(key string) (string, bool) {
		d, ok := dirs[key]
		return d, ok
	}
}
