package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/mattn/go-isatty"
	"github.com/trueup/trueup/engine/config"
	"github.com/trueup/trueup/engine/state"
)

// cli holds the process's streams and dispatches commands.
type cli struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	commands       map[string]command
	// loaded is the configuration stackProviders loaded, which the
	// operation then uses rather than parsing it again.
	loaded *loadedConfig
}

// loadedConfig is a stack's configuration tree, loaded without errors.
type loadedConfig struct {
	dir, modulesDir string
	cfg             *config.Config
}

// loadedConfig returns the configuration of dir that stackProviders
// loaded, or nil.
func (c *cli) loadedConfig(dir, modulesDir string) *config.Config {
	if l := c.loaded; l != nil && l.dir == dir && l.modulesDir == modulesDir {
		return l.cfg
	}
	return nil
}

// command is one subcommand: its one-line synopsis and its function.
type command struct {
	synopsis string
	run      func(ctx context.Context, c *cli, args []string) int
}

func newCLI(stdin io.Reader, stdout, stderr io.Writer) *cli {
	c := &cli{stdin: stdin, stdout: stdout, stderr: stderr}
	c.commands = map[string]command{
		"validate":     {"Check whether the configuration is valid", cmdValidate},
		"fmt":          {"Reformat configuration files in the canonical style", cmdFmt},
		"graph":        {"Print the dependency graph in Graphviz DOT", cmdGraph},
		"plan":         {"Show the changes required by the configuration", cmdPlan},
		"apply":        {"Create or update infrastructure", cmdApply},
		"destroy":      {"Destroy everything in state", cmdDestroy},
		"show":         {"Show a saved plan or the current state", cmdShow},
		"output":       {"Show root output values", cmdOutput},
		"console":      {"Try expressions in the configuration's scope, with the state's values", cmdConsole},
		"state":        {"State surgery: list, show, rm, mv, pull, push", cmdState},
		"force-unlock": {"Remove a stuck state lock", cmdForceUnlock},
		"refresh":      {"Update the state to match the real objects (apply -refresh-only -auto-approve)", cmdRefresh},
		"taint":        {"Mark a resource instance in state for replacement by the next apply", cmdTaint},
		"untaint":      {"Remove the tainted mark from a resource instance in state", cmdUntaint},
		"version":      {"Show the version", cmdVersion},
		"drift":        {"Report what changed outside trueup (refresh-only, read-only)", cmdDrift},
		"import":       {"Adopt an existing object into state by its import ID", cmdImport},
		"init":         {"Install modules, set up the backend (merging -backend-config), migrate state, and install providers", cmdInit},
		"get":          {"Install or upgrade the modules the configuration calls", cmdGet},
		"providers":    {"Show, lock, mirror and describe the providers the configuration requires", cmdProviders},
		"sandbox":      {"Run local S3 and GCS emulators for demos and tests", cmdSandbox},
		"workspace":    {"Workspaces: new, select, list, show, delete", cmdWorkspace},
		"policy":       {"Check saved plans against Rego policies, as conftest does", cmdPolicy},
		"agent":        {"Run the GitOps agent (plans on pull requests, apply on merge, drift checks)", cmdAgent},
		"artifacts":    {"Artifact promotion: list markers and the newest matching builds", cmdArtifacts},
	}
	return c
}

func (c *cli) run(ctx context.Context, args []string) int {
	// What a backend tells on its own judgement (a state journal set
	// aside) reaches the user; plan and apply turn it into a warning.
	ctx = state.WithLockNotice(ctx, func(msg string) { fmt.Fprintln(c.stderr, msg) })
	// -chdir comes before the subcommand, as in Terraform.
	for len(args) > 0 && strings.HasPrefix(args[0], "-") {
		a := strings.TrimLeft(args[0], "-")
		switch {
		case strings.HasPrefix(a, "chdir="):
			if err := os.Chdir(strings.TrimPrefix(a, "chdir=")); err != nil {
				fmt.Fprintf(c.stderr, "Error: -chdir: %v\n", err)
				return 1
			}
		case a == "version" || a == "v":
			args[0] = "version"
			continue
		case a == "help" || a == "h":
			c.usage()
			return 0
		default:
			fmt.Fprintf(c.stderr, "Error: unknown global option %q\n\n", args[0])
			c.usage()
			return 1
		}
		args = args[1:]
	}
	if len(args) == 0 {
		c.usage()
		return 1
	}
	cmd, ok := c.commands[args[0]]
	if !ok {
		fmt.Fprintf(c.stderr, "Error: unknown command %q\n\n", args[0])
		c.usage()
		return 1
	}
	args, err := withEnvArgs(args, os.Getenv)
	if err != nil {
		fmt.Fprintln(c.stderr, err)
		return 1
	}
	return cmd.run(ctx, c, args[1:])
}

func (c *cli) usage() {
	fmt.Fprintln(c.stderr, "Usage: trueup [-chdir=DIR] <command> [options]\n\nCommands:")
	names := make([]string, 0, len(c.commands))
	for n := range c.commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(c.stderr, "  %-13s %s\n", n, c.commands[n].synopsis)
	}
	fmt.Fprintln(c.stderr, "\nRun `trueup <command> -help` for a command's options.")
}

// newFlags returns a flag set for a subcommand. Go's flag package accepts
// -name and --name alike, as Terraform users expect.
func (c *cli) newFlags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(c.stderr)
	return fs
}

// isTerminal reports whether w is a terminal: a file, or a writer over
// one (stdout.go), whose descriptor is a terminal's.
func isTerminal(w any) bool {
	f, ok := w.(interface{ Fd() uintptr })
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}
