package main

import (
	"flag"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"

	"github.com/trueup/trueup/engine/plans"
	"github.com/trueup/trueup/engine/vars"
	"github.com/trueup/trueup/schema"
)

// stringList is a repeatable string flag.
type stringList []string

func (s *stringList) String() string     { return strings.Join(*s, ",") }
func (s *stringList) Set(v string) error { *s = append(*s, v); return nil }

// varArgs collects -var and -var-file in command-line order, which decides
// precedence between them.
type varArgs struct {
	list *[]vars.Arg
	kind vars.ArgKind
}

func (v varArgs) String() string { return "" }
func (v varArgs) Set(s string) error {
	*v.list = append(*v.list, vars.Arg{Kind: v.kind, Value: s})
	return nil
}

// opFlags are the options of the commands that plan: plan, apply, destroy.
type opFlags struct {
	vars        []vars.Arg
	targets     stringList
	excludes    stringList
	replace     stringList
	refresh     refreshFlag
	refreshOnly bool
	parallelism int
	lock        bool
	lockTimeout time.Duration
	json        bool
	noColor     bool
	// compactWarnings is -compact-warnings (printRunDiags).
	compactWarnings bool
	input           bool
	stateFile       string
	backendConfig   stringList
	// providers is the stack's provider registry once resolved (runEnv
	// sets it): the plan text reads the resource types' schemas from it.
	providers schema.Registry
}

func (o *opFlags) register(fs *flag.FlagSet) {
	o.registerInputs(fs)
	fs.Var(&o.targets, "target", "Limit the operation to this resource and its dependencies (repeatable)")
	fs.Var(&o.excludes, "exclude", "Leave this resource or module, and everything that depends on it, out of the operation (repeatable; not with -target)")
	fs.Var(&o.replace, "replace", "Force replacement of this resource instance (repeatable)")
	o.refresh = refreshAll
	fs.Var(&o.refresh, "refresh", "Read the current state of every object before planning (-refresh=false: none; -refresh=changed: only what the change touches)")
	fs.BoolVar(&o.refreshOnly, "refresh-only", false, "Only update state to match the infrastructure")
	fs.IntVar(&o.parallelism, "parallelism", 10, "Limit the number of concurrent operations")
	fs.BoolVar(&o.lock, "lock", true, "Lock the state during the operation")
	fs.DurationVar(&o.lockTimeout, "lock-timeout", 0, "Retry taking a held lock for this long")
	fs.BoolVar(&o.json, "json", false, "Machine-readable output")
	fs.BoolVar(&o.compactWarnings, "compact-warnings", false, "Show warnings as their summaries only, when there are no errors")
	fs.Bool("concise", false, "Accepted as Terraform accepts it: trueup prints no refresh or progress lines for objects read")
	fs.BoolVar(&o.input, "input", true, "Ask for input when needed (-input=false for automation)")
}

// registerInputs registers what every command that evaluates the
// configuration takes: -var, -var-file, -state, -backend-config and
// -no-color (register's, and console's).
func (o *opFlags) registerInputs(fs *flag.FlagSet) {
	fs.Var(varArgs{&o.vars, vars.Var}, "var", "Set an input variable: -var 'name=value' (repeatable)")
	fs.Var(varArgs{&o.vars, vars.VarFile}, "var-file", "Load variable values from a .tfvars or .tfvars.json file (repeatable)")
	fs.StringVar(&o.stateFile, "state", "", "Path of the local state file (default terraform.tfstate, or the backend's path)")
	fs.Var(&o.backendConfig, "backend-config", "Backend setting KEY=VALUE or a file of settings, merged into the backend block (repeatable)")
	fs.BoolVar(&o.noColor, "no-color", false, "Disable colour in output")
}

// stateFlags are the options of commands that only read or lock state.
type stateFlags struct {
	lock          bool
	lockTimeout   time.Duration
	stateFile     string
	backendConfig stringList
}

func (s *stateFlags) register(fs *flag.FlagSet) {
	fs.BoolVar(&s.lock, "lock", true, "Lock the state during the operation")
	fs.DurationVar(&s.lockTimeout, "lock-timeout", 0, "Retry taking a held lock for this long")
	fs.StringVar(&s.stateFile, "state", "", "Path of the local state file")
	fs.Var(&s.backendConfig, "backend-config", "Backend setting KEY=VALUE or a file of settings (repeatable)")
}

// refreshFlag is -refresh: true (every object), false (none) or changed
// (only the objects the change touches and their dependents,
// plan.Options.RefreshChanged). `-refresh` alone is true, as a boolean
// flag's.
type refreshFlag string

const (
	refreshAll     refreshFlag = "true"
	refreshNone    refreshFlag = "false"
	refreshChanged refreshFlag = "changed"
)

func (r *refreshFlag) String() string { return string(*r) }

// IsBoolFlag lets -refresh stand alone.
func (r *refreshFlag) IsBoolFlag() bool { return true }

func (r *refreshFlag) Set(s string) error {
	if s == string(refreshChanged) {
		*r = refreshChanged
		return nil
	}
	b, err := strconv.ParseBool(s)
	if err != nil {
		return fmt.Errorf("must be true, false or changed")
	}
	*r = refreshNone
	if b {
		*r = refreshAll
	}
	return nil
}

// planMode is the plan mode a command's options choose from base (destroy
// for `trueup destroy`): -destroy and -refresh-only, which exclude each
// other as in Terraform. ok is false when it reported them both given.
func (c *cli) planMode(base plans.Mode, destroy, refreshOnly bool) (plans.Mode, bool) {
	if destroy {
		base = plans.DestroyMode
	}
	switch {
	case refreshOnly && base == plans.DestroyMode:
		c.printDiags(hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Incompatible plan mode options",
			Detail: "The -destroy and -refresh-only options are mutually-exclusive."}}, nil, false)
		return base, false
	case refreshOnly:
		return plans.RefreshOnlyMode, true
	}
	return base, true
}

// acceptIgnoreRemoteVersion accepts -ignore-remote-version, which
// Terraform's commands take for its remote backend (HCP Terraform's
// version check); trueup has no such backend, so it changes nothing.
func acceptIgnoreRemoteVersion(fs *flag.FlagSet) {
	fs.Bool("ignore-remote-version", false, "Accepted as Terraform accepts it: it concerns HCP Terraform's remote backend, which trueup does not have")
}

// acceptTestDirectory accepts -test-directory, where Terraform looks for
// `terraform test` files; trueup reads none, so it changes nothing.
func acceptTestDirectory(fs *flag.FlagSet) {
	fs.String("test-directory", "tests", "Accepted as Terraform accepts it: trueup reads no `terraform test` files")
}
