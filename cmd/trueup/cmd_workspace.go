package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/engine/state"
)

// Terraform's messages, word for word, so that scripts written for its
// workspace command read ours.
const (
	msgWorkspaceExists   = `Workspace %q already exists`
	msgWorkspaceNotFound = "Workspace %q doesn't exist.\n\nYou can create this workspace with the \"new\" subcommand \nor include the \"-or-create\" flag with the \"select\" subcommand."
	msgSwitched          = `Switched to workspace %q.`
	msgCreated           = "Created and switched to workspace %q!\n\nYou're now on a new, empty workspace. Workspaces isolate their state,\nso if you run \"trueup plan\" trueup will not see any existing state\nfor this configuration."
	msgDeleted           = `Deleted workspace %q!`
	msgWarnNotEmpty      = "WARNING: %q was non-empty.\nThe resources managed by the deleted workspace may still exist,\nbut are no longer manageable by trueup since the state has\nbeen deleted.\n"
	msgDeleteCurrent     = "Workspace %q is your active workspace.\n\nYou cannot delete the currently active workspace. Please switch\nto another workspace and try again."
	msgOverriddenNote    = "\n\nThe active workspace is being overridden using the TF_WORKSPACE environment\nvariable.\n"
	msgOverriddenSelect  = "\nThe selected workspace is currently overridden using the TF_WORKSPACE\nenvironment variable.\n\nTo select a new workspace, either update this environment variable or unset\nit and then run this command again.\n"
	msgOverriddenNew     = "\nThe workspace is currently overridden using the TF_WORKSPACE environment\nvariable. You cannot create a new workspace when using this setting.\n\nTo create a new workspace, either unset this environment variable or update it\nto match the workspace name you are trying to create, and then run this command\nagain.\n"
)

// cmdWorkspace dispatches `trueup workspace new|select|list|show|delete`.
func cmdWorkspace(ctx context.Context, c *cli, args []string) int {
	subs := map[string]func(context.Context, []string) int{
		"new": c.workspaceNew, "select": c.workspaceSelect, "list": c.workspaceList,
		"show": c.workspaceShow, "delete": c.workspaceDelete,
	}
	if len(args) == 0 || subs[args[0]] == nil {
		fmt.Fprintln(c.stderr, "Usage: trueup workspace <new|select|list|show|delete> [options] [NAME]\n\n"+
			"  new [-lock=false] [-lock-timeout=D] [-state=FILE] NAME   create a workspace and select it\n"+
			"  select [-or-create] NAME                                  select a workspace\n"+
			"  list                                                      list workspaces, the current one starred\n"+
			"  show                                                      print the current workspace\n"+
			"  delete [-force] [-lock=false] [-lock-timeout=D] NAME     delete a workspace")
		return 1
	}
	return subs[args[0]](ctx, args[1:])
}

// wsFlags are the options the workspace subcommands share.
type wsFlags struct {
	lock        bool
	lockTimeout time.Duration
	backend     stringList
}

func (c *cli) workspaceFlags(name string, wf *wsFlags, locks bool) *flag.FlagSet {
	fs := c.newFlags("workspace " + name)
	fs.Bool("no-color", false, "Disable colour")
	fs.Var(&wf.backend, "backend-config", "Backend setting KEY=VALUE or a file of settings (repeatable)")
	if locks {
		fs.BoolVar(&wf.lock, "lock", true, "Lock the state while working on it")
		fs.DurationVar(&wf.lockTimeout, "lock-timeout", 0, "How long to wait for a held lock")
	}
	return fs
}

// oneName parses the subcommand's flags and its one NAME argument.
func (c *cli) oneName(fs *flag.FlagSet, args []string) (string, bool) {
	if err := parseInterspersed(fs, args); err != nil {
		return "", false
	}
	if fs.NArg() != 1 {
		fmt.Fprintf(c.stderr, "Expected a single argument: NAME.\n\nUsage: trueup workspace %s [options] NAME\n", fs.Name()[len("workspace "):])
		return "", false
	}
	name := fs.Arg(0)
	if err := state.ValidateWorkspaceName(name); err != nil {
		fmt.Fprintf(c.stderr, "\n%v\n", err)
		return "", false
	}
	return name, true
}

// workspaceStore opens the backend and lists its workspaces.
func (c *cli) workspaceStore(ctx context.Context, backendArgs []string) (state.Store, []string, error) {
	st, err := c.storeFor(ctx, c.loadConfigQuiet(), backendArgs)
	if err != nil {
		return nil, nil, err
	}
	names, err := st.Workspaces(ctx)
	if err != nil {
		return nil, nil, err
	}
	return st, names, nil
}

func (c *cli) workspaceNew(ctx context.Context, args []string) int {
	var wf wsFlags
	var statePath string
	fs := c.workspaceFlags("new", &wf, true)
	fs.StringVar(&statePath, "state", "", "Copy this state file into the new workspace")
	name, ok := c.oneName(fs, args)
	if !ok {
		return 1
	}
	if cur, overridden, _ := currentWorkspace(); overridden && cur != name {
		fmt.Fprint(c.stderr, msgOverriddenNew)
		return 1
	}
	st, names, err := c.workspaceStore(ctx, wf.backend)
	if err != nil {
		return c.errorf("%v", err)
	}
	if slices.Contains(names, name) {
		fmt.Fprintf(c.stderr, msgWorkspaceExists+"\n", name)
		return 1
	}
	if err := st.CreateWorkspace(ctx, name); err != nil {
		return c.errorf("%v", err)
	}
	if err := selectWorkspace(name); err != nil {
		return c.errorf("Error selecting new workspace: %v", err)
	}
	fmt.Fprintf(c.stdout, msgCreated+"\n", name)
	if statePath == "" {
		return 0
	}
	return c.copyStateFileInto(ctx, st, name, statePath, &wf)
}

// copyStateFileInto writes the state in path into the workspace, under its
// lock: `workspace new -state=FILE`.
func (c *cli) copyStateFileInto(ctx context.Context, st state.Store, name, path string, wf *wsFlags) int {
	in, err := c.readStateFile(path)
	if err != nil {
		return c.errorf("%v", err)
	}
	b, err := st.Workspace(name)
	if err != nil {
		return c.errorf("%v", err)
	}
	unlock, err := c.lockState(ctx, b, "workspace new", wf.lock, wf.lockTimeout)
	if err != nil {
		return c.errorf("%v", err)
	}
	defer unlock()
	if _, err := b.Read(ctx); err != nil {
		return c.errorf("reading state from %s: %v", b, err)
	}
	if err := b.Write(ctx, in); err != nil {
		return c.errorf("writing state to %s: %v", b, err)
	}
	return 0
}

func (c *cli) workspaceSelect(ctx context.Context, args []string) int {
	var wf wsFlags
	var orCreate bool
	fs := c.workspaceFlags("select", &wf, false)
	fs.BoolVar(&orCreate, "or-create", false, "Create the workspace if it does not exist")
	name, ok := c.oneName(fs, args)
	if !ok {
		return 1
	}
	cur, overridden, err := currentWorkspace()
	if overridden {
		fmt.Fprint(c.stderr, msgOverriddenSelect)
		return 1
	}
	if err == nil && cur == name {
		return 0
	}
	st, names, err := c.workspaceStore(ctx, wf.backend)
	if err != nil {
		return c.errorf("%v", err)
	}
	msg := msgSwitched
	if !slices.Contains(names, name) {
		if !orCreate {
			fmt.Fprintf(c.stderr, "\n"+msgWorkspaceNotFound+"\n", name)
			return 1
		}
		if err := st.CreateWorkspace(ctx, name); err != nil {
			return c.errorf("%v", err)
		}
		msg = msgCreated
	}
	if err := selectWorkspace(name); err != nil {
		return c.errorf("%v", err)
	}
	fmt.Fprintf(c.stdout, msg+"\n", name)
	return 0
}

func (c *cli) workspaceList(ctx context.Context, args []string) int {
	var wf wsFlags
	fs := c.workspaceFlags("list", &wf, false)
	if err := parseInterspersed(fs, args); err != nil {
		return 1
	}
	cur, overridden, err := currentWorkspace()
	if err != nil {
		return c.errorf("%v", err)
	}
	_, names, err := c.workspaceStore(ctx, wf.backend)
	if err != nil {
		return c.errorf("%v", err)
	}
	var out strings.Builder
	for _, n := range names {
		mark := "  "
		if n == cur {
			mark = "* "
		}
		out.WriteString(mark + n + "\n")
	}
	fmt.Fprintln(c.stdout, out.String())
	if overridden {
		fmt.Fprint(c.stdout, msgOverriddenNote+"\n")
	}
	return 0
}

func (c *cli) workspaceShow(ctx context.Context, args []string) int {
	fs := c.workspaceFlags("show", &wsFlags{}, false)
	if err := parseInterspersed(fs, args); err != nil {
		return 1
	}
	cur, _, err := currentWorkspace()
	if err != nil {
		fmt.Fprintf(c.stderr, "Error selecting workspace: %v\n", err)
		return 1
	}
	fmt.Fprintln(c.stdout, cur)
	return 0
}

func (c *cli) workspaceDelete(ctx context.Context, args []string) int {
	var wf wsFlags
	var force bool
	fs := c.workspaceFlags("delete", &wf, true)
	fs.BoolVar(&force, "force", false, "Delete the workspace even if its state tracks resources")
	name, ok := c.oneName(fs, args)
	if !ok {
		return 1
	}
	st, names, err := c.workspaceStore(ctx, wf.backend)
	if err != nil {
		return c.errorf("%v", err)
	}
	if !slices.Contains(names, name) {
		fmt.Fprintf(c.stderr, msgWorkspaceNotFound+"\n", name)
		return 1
	}
	if cur, _, err := currentWorkspace(); err == nil && cur == name {
		fmt.Fprintf(c.stderr, msgDeleteCurrent+"\n", name)
		return 1
	}
	tracked, code := c.checkDeletable(ctx, st, name, &wf, force)
	if code != 0 {
		return code
	}
	if err := st.DeleteWorkspace(ctx, name); err != nil {
		if errors.Is(err, state.ErrDeleteDefault) {
			fmt.Fprintln(c.stderr, err)
			return 1
		}
		return c.errorf("%v", err)
	}
	fmt.Fprintf(c.stdout, msgDeleted+"\n", name)
	if tracked {
		fmt.Fprintf(c.stdout, msgWarnNotEmpty+"\n", name)
	}
	return 0
}

// checkDeletable reads the workspace's state under its lock (released
// before the delete, as Terraform does) and refuses, unless force, a state
// that tracks managed resource instances. It reports whether it tracks
// any.
func (c *cli) checkDeletable(ctx context.Context, st state.Store, name string, wf *wsFlags, force bool) (bool, int) {
	b, err := st.Workspace(name)
	if err != nil {
		return false, c.errorf("%v", err)
	}
	unlock, err := c.lockState(ctx, b, "workspace delete", wf.lock, wf.lockTimeout)
	if err != nil {
		return false, c.errorf("%v", err)
	}
	defer unlock()
	s, err := b.Read(ctx)
	if err != nil {
		return false, c.errorf("reading state from %s: %v", b, err)
	}
	var list strings.Builder
	for _, r := range managedObjects(s) {
		fmt.Fprintf(&list, "\n  - %s", r)
	}
	if list.Len() == 0 || force {
		return list.Len() > 0, 0
	}
	c.printDiags(hcl.Diagnostics{{
		Severity: hcl.DiagError, Summary: "Workspace is not empty",
		Detail: fmt.Sprintf("Workspace %q is currently tracking the following resource instances:%s\n\n"+
			"Deleting this workspace would cause trueup to lose track of any associated remote objects, which would then require you to delete them manually outside of trueup. "+
			"You should destroy these objects with trueup before deleting the workspace.\n\n"+
			"If you want to delete this workspace anyway, and have trueup forget about these managed objects, use the -force option to disable this safety check.", name, list.String()),
	}}, nil, false)
	return true, 1
}

// managedObjects names the managed resource instance objects in st, as
// Terraform lists them when it refuses to delete a workspace.
func managedObjects(st *state.State) []string {
	if st == nil {
		return nil
	}
	var out []string
	for _, r := range st.Resources {
		if r.Addr.Mode != addrs.ManagedResourceMode {
			continue
		}
		for _, inst := range r.Instances {
			addr := r.InstanceAddr(inst).String()
			if inst.Deposed != "" {
				addr += fmt.Sprintf(" (deposed object %s)", inst.Deposed)
			}
			out = append(out, addr)
		}
	}
	return out
}
