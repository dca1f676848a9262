package main

import (
	"context"
	"fmt"

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
	provs, ok := c.schemaProviders(".")
	if !ok {
		return 1
	}
	defer provs.Close()
	g, diags := eval.BuildGraph(ctx, cfg, provs)
	c.printDiags(diags, cfg.Files(), noColor)
	if diags.HasErrors() {
		return 1
	}
	fmt.Fprint(c.stdout, g.DOT("trueup", func(k string) string { return k }))
	return 0
}
