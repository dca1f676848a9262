package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/hcl/v2"
	"github.com/trueup/trueup/engine/config"
	"github.com/trueup/trueup/engine/run"
	"github.com/trueup/trueup/engine/state"
	"github.com/trueup/trueup/engine/vars"
	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"
)

// defaultStatePath is the local backend's default state file.
const defaultStatePath = "terraform.tfstate"

// logger returns the process logger: go-hclog at the level of TF_LOG (or
// TRUEUP_LOG), to logOutput (stderr, or TF_LOG_PATH), silent by default.
func logger() hclog.Logger {
	level := os.Getenv("TRUEUP_LOG")
	if level == "" {
		level = os.Getenv("TF_LOG")
	}
	if level == "" {
		return hclog.NewNullLogger()
	}
	return hclog.New(&hclog.LoggerOptions{Name: "trueup", Level: hclog.LevelFromString(level), Output: logOutput(), JSONFormat: os.Getenv("TRUEUP_LOG_JSON") != ""})
}

// loadConfig loads the stack in the current directory and checks its
// references, printing diagnostics. It returns nil on error.
func (c *cli) loadConfig(noColor bool) *config.Config {
	cfg, diags := run.LoadConfig(".")
	if !diags.HasErrors() {
		diags = append(diags, run.CheckReferences(cfg)...)
	}
	var files map[string]*hcl.File
	if cfg != nil {
		files = cfg.Files()
	}
	c.printDiags(diags, files, noColor)
	if diags.HasErrors() {
		return nil
	}
	return cfg
}

// loadRootModule loads the root module alone, for commands that must run
// before its module calls are installed (init). As Terraform's init, it
// reports what the files say wrong but not their references: an undeclared
// variable or resource is validate's and plan's to report.
func (c *cli) loadRootModule(noColor bool) *config.Module {
	mod, diags := config.Load(".")
	var files map[string]*hcl.File
	if mod != nil {
		files = mod.Files
	}
	c.printDiags(diags, files, noColor)
	if diags.HasErrors() {
		return nil
	}
	return mod
}

// backendFor opens the state of the current workspace (TF_WORKSPACE, or
// what `trueup workspace select` recorded) in the backend the
// configuration selects, with what `trueup init` saved and
// -backend-config arguments merged in. -state names the local state file
// whatever the workspace, as in Terraform.
//
// The state is encrypted as the configuration's encryption block and
// TF_ENCRYPTION say, evaluated with varArgs and the stack's other root
// variable values.
func (c *cli) backendFor(ctx context.Context, mod *config.Module, statePath string, backendArgs []string, varArgs []vars.Arg) (state.Backend, error) {
	b, _, err := c.backendCodecFor(ctx, mod, statePath, backendArgs, varArgs)
	return b, err
}

// backendCodecFor is backendFor, returning also the codec the backend
// stores state with.
func (c *cli) backendCodecFor(ctx context.Context, mod *config.Module, statePath string, backendArgs []string, varArgs []vars.Arg) (state.Backend, state.Codec, error) {
	ws, _, err := currentWorkspace()
	if err != nil {
		return nil, state.Codec{}, err
	}
	codec, err := c.stateCodec(mod, varArgs)
	if err != nil {
		return nil, codec, err
	}
	bs, err := c.backendSetting(ctx, mod, backendArgs, codec)
	if err != nil {
		return nil, codec, err
	}
	if statePath != "" {
		if bs.Type != "local" {
			return nil, codec, fmt.Errorf("-state applies only to the local backend, and this stack uses %q", bs.Type)
		}
		return state.NewLocalWith(statePath, codec), codec, nil
	}
	st, err := bs.open(ctx, codec)
	if err != nil {
		return nil, codec, err
	}
	b, err := openWorkspace(ctx, st, ws)
	return b, codec, err
}

// backendSetting resolves the backend the configuration selects, refusing
// to go on when it changed since `trueup init` or when local state would
// be left behind.
func (c *cli) backendSetting(ctx context.Context, mod *config.Module, backendArgs []string, codec state.Codec) (*backendSetting, error) {
	saved, err := loadSavedBackend()
	if err != nil {
		return nil, err
	}
	bs, err := resolveBackend(mod, saved, backendArgs)
	if err != nil {
		return nil, err
	}
	if saved != nil && saved.Type != bs.Type {
		return nil, fmt.Errorf("the backend changed from %q to %q since `trueup init`: run `trueup init -migrate-state` to move the state, or `trueup init -reconfigure` to start afresh", saved.Type, bs.Type)
	}
	if err := checkBackendBlock(mod, saved, backendArgs); err != nil {
		return nil, err
	}
	if saved == nil && bs.Type != "local" {
		if where := localStateLeft(ctx, codec); where != "" {
			return nil, fmt.Errorf("this stack now uses the %s backend, but %s still holds state: run `trueup init -migrate-state` to move it there first, so that nothing is planned twice", bs.Type, where)
		}
	}
	return bs, nil
}

// lockState takes the state lock unless disabled, waiting up to timeout.
// It returns the unlock function.
func (c *cli) lockState(ctx context.Context, b state.Backend, operation string, enabled bool, timeout time.Duration) (func(), error) {
	ctx = state.WithLockNotice(ctx, func(msg string) { fmt.Fprintln(c.stderr, msg) })
	unlock, err := run.Lock(ctx, b, operation, enabled, timeout, logger())
	if err != nil {
		return nil, fmt.Errorf("error acquiring the state lock: %w", err)
	}
	return func() {
		if err := unlock(); err != nil {
			fmt.Fprintf(c.stderr, "\nError releasing the state lock: %v\n", err)
		}
	}, nil
}

// environ returns the process environment, for TF_VAR_ variables.
func environ() []string { return os.Environ() }

// loadConfigQuiet loads the configuration for its backend settings only,
// for commands that work on state; it returns nil when there is none or it
// does not load.
func (c *cli) loadConfigQuiet() *config.Module {
	mod, diags := config.Load(".")
	if diags.HasErrors() {
		return nil
	}
	return mod
}

func ctyJSON(v cty.Value) ([]byte, error) { return ctyjson.Marshal(v, v.Type()) }
