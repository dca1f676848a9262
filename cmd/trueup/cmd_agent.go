package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/hashicorp/go-hclog"
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/engine/agent"
	agentconfig "github.com/trueup/trueup/engine/agent/config"
	"github.com/trueup/trueup/engine/config"
	"github.com/trueup/trueup/engine/drift"
	"github.com/trueup/trueup/engine/run"
	"github.com/trueup/trueup/engine/state"
)

// cmdAgent runs the GitOps agent until interrupted.
func cmdAgent(ctx context.Context, c *cli, args []string) int {
	switch {
	case len(args) > 0 && args[0] == "token":
		return cmdAgentToken(ctx, c, args[1:])
	case len(args) > 0 && args[0] == "graph":
		return cmdAgentGraph(c, args[1:])
	}
	var cfgPath, level, storeURL, id string
	var jsonLogs, insecureNoAuth bool
	fs := c.newFlags("agent")
	fs.StringVar(&cfgPath, "config", "", "The agent's configuration file (HCL)")
	fs.BoolVar(&jsonLogs, "log-json", false, "Log JSON objects, one a line")
	fs.StringVar(&level, "log-level", "info", "Log level: trace, debug, info, warn or error")
	fs.BoolVar(&insecureNoAuth, "insecure-no-auth", false, "Allow auth = false on a non-loopback address (as insecure_no_auth = true)")
	fs.StringVar(&storeURL, "store", "", "The run history: postgres://… shares it (and the work) with the other agents on that database; default: a bbolt file in data_dir")
	fs.StringVar(&id, "agent-id", "", "This agent's name in a shared history (default: HOSTNAME/LISTEN-ADDRESS)")
	if err := fs.Parse(args); err != nil {
		return 1
	}
	if cfgPath == "" {
		return c.errorf("-config=FILE is required: the agent's configuration (see docs/agent.md); `trueup agent token` manages API tokens")
	}
	cfg, files, diags := agentconfig.Load(cfgPath, agentconfig.Options{CheckIgnore: func(rule string) error {
		_, err := drift.ParseRule(rule)
		return err
	}})
	c.printDiags(diags, files, false)
	if diags.HasErrors() {
		return 1
	}
	if cfg, diags = expandStacks(ctx, cfg, filepath.Join(cfg.Server.DataDir, "git")); diags.HasErrors() {
		c.printDiags(diags, files, false)
		return 1
	}
	cfg.Server.InsecureNoAuth = cfg.Server.InsecureNoAuth || insecureNoAuth
	log := hclog.New(&hclog.LoggerOptions{Name: "trueup-agent", Level: hclog.LevelFromString(level), Output: c.stderr, JSONFormat: jsonLogs})
	if id == "" {
		id = defaultAgentID(cfg)
	}
	hist, err := openAgentHistory(ctx, storeURL, id)
	if err != nil {
		return c.errorf("%v", err)
	}
	fleet, _ := hist.(agent.Fleet)
	a, err := agent.New(agent.Options{Context: ctx, Config: cfg, Env: agentEnv(cfg, log), Providers: agentProviders, Log: log, History: hist, Fleet: fleet, ID: id})
	if err != nil {
		if hist != nil {
			hist.Close()
		}
		return c.errorf("%v", err)
	}
	if err := a.Run(ctx); err != nil {
		return c.errorf("%v", err)
	}
	return 0
}

// agentEnv gives each stack the built-in providers (replaced, for each
// run, by those agentProviders installs for its checkout) and its backend, in the
// stack's workspace. A stack on the local backend keeps its state under
// DATA_DIR/state/STACK/terraform.tfstate, and a workspace's under
// DATA_DIR/state/STACK/terraform.tfstate.d/NAME (any path in its backend
// block is ignored: checkouts are per commit and read-only by
// convention); remote backends are used as configured.
func agentEnv(cfg *agentconfig.Config, log hclog.Logger) agent.EnvFunc {
	return func(s *agentconfig.Stack) run.Env {
		var codec state.Codec // the stack's, set when its backend is opened
		return run.Env{
			StateCodec: func() state.Codec { return codec },
			Providers:  builtinProviders(),
			OpenBackend: func(ctx context.Context, dir string, mod *config.Module) (state.Backend, error) {
				bs, err := resolveBackend(mod, nil, nil)
				if err != nil {
					return nil, err
				}
				// The stack's encryption block, with TF_ENCRYPTION, the
				// stack's vars and the agent's TF_VAR_ variables.
				enc, diags := run.Encryption(dir, mod, os.Environ(), agent.StackVarArgs(s, dir))
				if diags.HasErrors() {
					return nil, fmt.Errorf("encryption configuration: %s", diags.Error())
				}
				codec = run.StateCodec(enc)
				ws := s.Workspace
				if ws == "" {
					ws = state.DefaultWorkspace
				}
				if bs.Type == "local" {
					dir := filepath.Join(cfg.Server.DataDir, "state", s.Name)
					if err := os.MkdirAll(dir, 0o700); err != nil {
						return nil, fmt.Errorf("state directory: %w", err)
					}
					st := state.NewLocalStore(filepath.Join(dir, defaultStatePath), filepath.Join(dir, state.DefaultWorkspaceDir))
					st.Codec = codec
					return openWorkspace(ctx, st, ws)
				}
				st, err := backendTypes()[bs.Type].open(ctx, cty.ObjectVal(bs.Values), codec, log.Named("backend"))
				if err != nil {
					return nil, err
				}
				return openWorkspace(ctx, st, ws)
			},
			Log: log.Named("engine").With("stack", s.Name),
		}
	}
}

// cmdAgentGraph prints the configuration's stacks and their depends_on as
// Graphviz DOT.
func cmdAgentGraph(c *cli, args []string) int {
	var cfgPath string
	infer := true
	fs := c.newFlags("agent graph")
	fs.StringVar(&cfgPath, "config", "", "The agent's configuration file (HCL)")
	fs.BoolVar(&infer, "infer", true, "Read the stacks' repositories for terraform_remote_state dependencies (dashed edges)")
	if err := fs.Parse(args); err != nil {
		return 1
	}
	if cfgPath == "" {
		return c.errorf("-config=FILE is required: the agent's configuration")
	}
	cfg, files, diags := agentconfig.Load(cfgPath, agentconfig.Options{})
	c.printDiags(diags, files, false)
	if diags.HasErrors() {
		return 1
	}
	cache, err := os.MkdirTemp("", "trueup-graph-")
	if err != nil {
		return c.errorf("%v", err)
	}
	defer os.RemoveAll(cache)
	if cfg, diags = expandStacks(context.Background(), cfg, cache); diags.HasErrors() {
		c.printDiags(diags, files, false)
		return 1
	}
	if infer {
		inferDependencies(cfg, cache, c.stderr)
	}
	fmt.Fprint(c.stdout, cfg.GraphDOT())
	return 0
}
