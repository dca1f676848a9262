package main

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/trueup/trueup/engine/version"
)

func cmdVersion(ctx context.Context, c *cli, args []string) int {
	var jsonOut bool
	fs := c.newFlags("version")
	fs.BoolVar(&jsonOut, "json", false, "Machine-readable output")
	if err := parseInterspersed(fs, args); err != nil {
		return 1
	}
	if jsonOut {
		b, _ := json.MarshalIndent(map[string]string{"trueup_version": version.Version, "commit": version.Commit, "go_version": version.GoVersion()}, "", "  ")
		fmt.Fprintln(c.stdout, string(b))
		return 0
	}
	fmt.Fprintf(c.stdout, "trueup %s\ncommit %s\n%s\n", version.Version, version.Commit, version.GoVersion())
	return 0
}
