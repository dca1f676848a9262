package main

import (
	"context"
	"fmt"

	"github.com/trueup/trueup/engine/state"
)

func cmdForceUnlock(ctx context.Context, c *cli, args []string) int {
	var force bool
	var statePath string
	var backendConfig stringList
	fs := c.newFlags("force-unlock")
	fs.Var(&backendConfig, "backend-config", "Backend setting KEY=VALUE or a file of settings (repeatable)")
	fs.BoolVar(&force, "force", false, "Do not ask for confirmation")
	fs.StringVar(&statePath, "state", "", "Path of the local state file")
	if err := parseInterspersed(fs, args); err != nil {
		return 1
	}
	if fs.NArg() != 1 {
		return c.errorf("force-unlock takes one argument: the lock ID shown in the lock error")
	}
	id := fs.Arg(0)
	b, err := c.backendFor(ctx, c.loadConfigQuiet(), statePath, backendConfig, nil)
	if err != nil {
		return c.errorf("%v", err)
	}
	question, err := forceUnlockQuestion(ctx, b, id)
	if err != nil {
		return c.errorf("%v", err)
	}
	if !force {
		ok, err := c.confirm(question, "-force")
		if err != nil {
			return c.errorf("%v", err)
		}
		if !ok {
			fmt.Fprintln(c.stdout, "force-unlock cancelled.")
			return 1
		}
	}
	if err := b.Unlock(ctx, id); err != nil {
		return c.errorf("unlocking %s: %v", b, err)
	}
	fmt.Fprintln(c.stdout, "trueup state has been successfully unlocked!")
	return 0
}

// forceUnlockQuestion checks that lock id is the one held and returns the
// confirmation question, naming its holder. A backend that cannot tell
// who holds its lock (http: state.HolderBlind) is asked to release id
// as Terraform asks it, and the endpoint refuses a wrong one.
func forceUnlockQuestion(ctx context.Context, b state.Backend, id string) (string, error) {
	if _, blind := b.(state.HolderBlind); blind {
		return fmt.Sprintf("Do you really want to force-unlock?\n  %s cannot tell who holds lock %s. Removing it while that operation runs may corrupt state.", b, id), nil
	}
	info, err := b.LockInfo(ctx)
	if err != nil {
		return "", fmt.Errorf("reading the lock of %s: %v", b, err)
	}
	if info == nil {
		return "", fmt.Errorf("%s is not locked", b)
	}
	if info.ID != id {
		return "", fmt.Errorf("lock ID %q does not match the current lock %q (held by %s for %s since %s)", id, info.ID, info.Who, info.Operation, info.Created.Format("2006-01-02 15:04:05 MST"))
	}
	return fmt.Sprintf("Do you really want to force-unlock?\n  The lock is held by %s for %q since %s. Removing it while that operation runs may corrupt state.",
		info.Who, info.Operation, info.Created.Format("2006-01-02 15:04:05 MST")), nil
}
