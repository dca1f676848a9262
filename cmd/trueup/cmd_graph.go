package main

import (
	"context"
	"fmt"

	"github.com/trueup/trueup/engine/run"
)

func cmdGraph(ctx context.Context, c *cli, args []string) int {
	fs := c.newFlags("graph")
	var noColor bool
	fs.BoolVar(&noColor, "no-color", false, "Disable colour")
	if err := parseInterspersed(fs, args); err != nil {
		return 1
	}
	cfg := c.loadConfig(noColor)
	if cfg == nil {
		return 1
	}
	reg, ok := c.schemaProviders(".")
	if !ok {
		return 1
	}
	dot, diags := run.Graph(ctx, cfg, reg)
	c.printDiags(diags, cfg.Files(), noColor)
	if diags.HasErrors() {
		return 1
	}
	fmt.Fprint(c.stdout, dot)
	return 0
}
