package run

import (
	"context"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/hcl/v2"

	"github.com/trueup/trueup/engine/config"
	"github.com/trueup/trueup/engine/getmodules"
	"github.com/trueup/trueup/engine/modinstall"
	"github.com/trueup/trueup/engine/source"
)

// InstallRequest describes one module installation, as `trueup init`,
// `trueup get` and the agent (before each run) make it.
type InstallRequest struct {
	// Dir is the stack's directory.
	Dir string
	// ModulesDir is where remote modules and modules.json go: "" means
	// Dir/.terraform/modules; an absolute directory keeps a read-only
	// checkout untouched (give the same to Request.ModulesDir).
	ModulesDir string
	// Upgrade re-resolves branches and registry versions.
	Upgrade bool
	// GitCacheDir holds git clones ("" is ~/.cache/trueup/git); GitAuth
	// authenticates git fetches of modules.
	GitCacheDir string
	GitAuth     source.Auth
	Hooks       modinstall.Hooks
	Log         hclog.Logger
}

// InstallModules installs every module the stack calls, to any depth, as
// terraform init does: all or nothing, with located diagnostics naming the
// module call, its source and the cause when one cannot be installed.
func InstallModules(ctx context.Context, req InstallRequest) hcl.Diagnostics {
	log := req.Log
	if log == nil {
		log = hclog.NewNullLogger()
	}
	_, diags := modinstall.Install(ctx, modinstall.Options{
		StackDir:   req.Dir,
		ModulesDir: req.ModulesDir,
		Upgrade:    req.Upgrade,
		Calls:      ModuleCalls,
		Fetcher:    &getmodules.Fetcher{GitCacheDir: req.GitCacheDir, GitAuth: req.GitAuth, Log: log},
		Registry:   &getmodules.Registry{},
		Hooks:      req.Hooks,
		Log:        log,
	})
	return diags
}

// ModuleCalls lists the module calls of a module directory through
// engine/config, so that installation sees the configuration exactly as
// every other command does (override files merged, the same errors).
func ModuleCalls(dir string) ([]modinstall.Call, hcl.Diagnostics) {
	mod, diags := config.Load(dir)
	if mod == nil {
		return nil, diags
	}
	calls := make([]modinstall.Call, 0, len(mod.ModuleCalls))
	for _, c := range mod.ModuleCalls {
		if c.SourceAddr == "" {
			continue // config has said why
		}
		calls = append(calls, modinstall.Call{
			Name: c.Name, Source: c.SourceAddr, Version: c.Version,
			SourceRange: c.SourceAddrRange, VersionRange: c.VersionRange, DeclRange: c.DeclRange,
		})
	}
	return calls, diags
}
