package main

import (
	"context"
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/trueup/trueup/engine/config"
	"github.com/trueup/trueup/engine/eval"
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
	g, diags := buildGraph(ctx, cfg)
	c.printDiags(diags, cfg.Files(), noColor)
	if diags.HasErrors() {
		return 1
	}
	fmt.Fprint(c.stdout, g.DOT("trueup", func(k string) string { return k }))
	return 0
}

func buildGraph(ctx context.Context, cfg *config.Config) (*eval.ModuleGraph, hcl.Diagnostics) {
	return eval.BuildGraph(ctx, cfg, newProviders())
}
