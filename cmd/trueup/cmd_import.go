package main

import (
	"context"
	"fmt"

	"github.com/trueup/trueup/engine/plans"
	"github.com/trueup/trueup/engine/run"
)

// cmdImport adopts an existing object into state: trueup import ADDR ID.
func cmdImport(ctx context.Context, c *cli, args []string) int {
	var o opFlags
	fs := c.newFlags("import")
	acceptIgnoreRemoteVersion(fs)
	o.register(fs)
	if err := parseInterspersed(fs, args); err != nil {
		return 1
	}
	if fs.NArg() != 2 {
		return c.errorf("import takes two arguments: the resource address and the object's import ID, e.g. trueup import aws_s3_bucket.logs my-log-bucket")
	}
	addr, id := fs.Arg(0), fs.Arg(1)
	reg, ok := c.stackProviders(".", "")
	if !ok {
		return 1
	}
	res := run.Import(ctx, c.runEnv(&o, reg), c.runRequest(&o, plans.NormalMode, "import"), addr, id)
	c.printRunDiags(res.Diagnostics, res.Files, &o)
	if res.Diagnostics.HasErrors() {
		return 1
	}
	fmt.Fprintf(c.stdout, "%s: Import prepared!\n%s: Importing from ID %q...\n\nImport successful!\n\n"+
		"The resource above is now in your trueup state and will be managed by trueup from now on.\n"+
		"Run `trueup plan` to see how it differs from its configuration.\n", addr, addr, id)
	return 0
}
