package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"

	"github.com/trueup/trueup/engine/config"
	"github.com/trueup/trueup/engine/getmodules"
	"github.com/trueup/trueup/engine/modinstall"
)

// moduleHooks prints Terraform's module installation lines.
type moduleHooks struct{ w io.Writer }

func (h moduleHooks) Download(key, pkg, version string) {
	if version != "" {
		fmt.Fprintf(h.w, "Downloading %s %s for %s...\n", pkg, version, key)
		return
	}
	fmt.Fprintf(h.w, "Downloading %s for %s...\n", pkg, key)
}

func (h moduleHooks) Install(key, version, dir string) {
	fmt.Fprintf(h.w, "- %s in %s\n", key, filepath.ToSlash(dir))
}

// installModules installs the modules the stack in the current directory
// calls into .terraform/modules, printing "Initializing modules..." first
// when header is set and the root module calls any. It returns the exit
// code: 1 with located diagnostics when a module cannot be installed, in
// which case nothing was changed.
func (c *cli) installModules(ctx context.Context, upgrade, header, noColor bool) int {
	calls, _ := modinstall.ReadCalls(".")
	if header && len(calls) > 0 {
		fmt.Fprintln(c.stdout, "Initializing modules...")
	}
	_, diags := modinstall.Install(ctx, modinstall.Options{
		StackDir: ".",
		Upgrade:  upgrade,
		Calls:    configCalls,
		Fetcher:  &getmodules.Fetcher{Log: logger()},
		Registry: &getmodules.Registry{},
		Hooks:    moduleHooks{w: c.stdout},
		Log:      logger(),
	})
	c.printDiags(diags, diagnosticFiles(diags), noColor)
	if diags.HasErrors() {
		return 1
	}
	return 0
}

// configCalls lists the module calls of a module directory through
// engine/config, so that installation sees the configuration exactly as
// every other command does.
func configCalls(dir string) ([]modinstall.Call, hcl.Diagnostics) {
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

// diagnosticFiles parses the files diagnostics point into, so that they
// print with their source lines.
func diagnosticFiles(diags hcl.Diagnostics) map[string]*hcl.File {
	parser := hclparse.NewParser()
	files := map[string]*hcl.File{}
	for _, d := range diags {
		if d.Subject == nil || files[d.Subject.Filename] != nil {
			continue
		}
		name := d.Subject.Filename
		var f *hcl.File
		if filepath.Ext(name) == ".json" {
			f, _ = parser.ParseJSONFile(name)
		} else {
			f, _ = parser.ParseHCLFile(name)
		}
		if f != nil {
			files[name] = f
		}
	}
	return files
}
