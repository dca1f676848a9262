package main

import "context"

// cmdGet installs the modules the configuration calls, as `terraform get`:
// what is installed stays unless -update asks for the newest.
func cmdGet(ctx context.Context, c *cli, args []string) int {
	var update, noColor bool
	fs := c.newFlags("get")
	acceptTestDirectory(fs)
	fs.BoolVar(&update, "update", false, "Check installed modules for updates and install the newest versions")
	fs.BoolVar(&noColor, "no-color", false, "Disable colour")
	if err := parseInterspersed(fs, args); err != nil {
		return 1
	}
	return c.installModules(ctx, update, false, noColor)
}
