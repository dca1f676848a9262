package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"

	"github.com/trueup/trueup/engine/modinstall"
	"github.com/trueup/trueup/engine/run"
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
	diags := run.InstallModules(ctx, run.InstallRequest{Dir: ".", Upgrade: upgrade, Hooks: moduleHooks{w: c.stdout}, Log: logger()})
	c.printDiags(diags, diagnosticFiles(diags), noColor)
	if diags.HasErrors() {
		return 1
	}
	return 0
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
