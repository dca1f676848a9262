package main

import (
	"context"
	"encoding/json"
	"fmt"
	"runtime"

	"github.com/trueup/trueup/engine/depsfile"
	"github.com/trueup/trueup/engine/version"
)

// cmdVersion prints trueup's version, the platform and, as Terraform's
// does, the providers .terraform.lock.hcl selects in this directory.
func cmdVersion(ctx context.Context, c *cli, args []string) int {
	var jsonOut bool
	fs := c.newFlags("version")
	fs.BoolVar(&jsonOut, "json", false, "Machine-readable output")
	if err := parseInterspersed(fs, args); err != nil {
		return 1
	}
	platform := runtime.GOOS + "_" + runtime.GOARCH
	var selected []*depsfile.ProviderLock
	if locks, diags := depsfile.LoadFile(depsfile.FileName); locks != nil && !diags.HasErrors() {
		selected = locks.AllProviders()
	}
	if jsonOut {
		selections := map[string]string{}
		for _, l := range selected {
			selections[l.Provider.String()] = l.Version.String()
		}
		b, _ := json.MarshalIndent(map[string]any{
			"trueup_version": version.Version, "commit": version.Commit, "go_version": version.GoVersion(),
			"platform": platform, "provider_selections": selections,
		}, "", "  ")
		fmt.Fprintln(c.stdout, string(b))
		return 0
	}
	fmt.Fprintf(c.stdout, "trueup %s\non %s\n", version.Version, platform)
	for _, l := range selected {
		fmt.Fprintf(c.stdout, "+ provider %s v%s\n", l.Provider, l.Version)
	}
	fmt.Fprintf(c.stdout, "commit %s\n%s\n", version.Commit, version.GoVersion())
	return 0
}
