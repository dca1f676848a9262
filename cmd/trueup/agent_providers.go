package main

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"

	"github.com/trueup/trueup/engine/agent"
	"github.com/trueup/trueup/engine/cliconfig"
	"github.com/trueup/trueup/engine/depsfile"
	"github.com/trueup/trueup/engine/providerinstall"
	"github.com/trueup/trueup/engine/run"
	"github.com/trueup/trueup/schema"
)

// agentProviders is the agent's provider step for a run, what `trueup
// init` does in CI: it installs the checkout's required providers from
// the agent's CLI configuration (TF_CLI_CONFIG_FILE, ~/.terraformrc) into
// the run's own directory, through the shared plugin cache, honouring the
// checkout's lock file (its versions, and its checksums: a package that
// matches none fails the run), and returns the registry of the built-ins
// and plugins it chose. The checkout is never written into; a lock file
// the run would change stays unwritten.
func agentProviders(ctx context.Context, req agent.ProvidersRequest) (schema.Registry, error) {
	cfg, diags := run.LoadConfigModules(req.Dir, req.ModulesDir)
	if diags.HasErrors() {
		return builtinProviders(), nil // the run reports them, located
	}
	reqs, diags := requirements(cfg)
	if diags.HasErrors() {
		return nil, errors.New(diags.Error())
	}
	cli, diags := cliconfig.Load()
	if diags.HasErrors() {
		return nil, fmt.Errorf("the CLI configuration: %s", diags.Error())
	}
	in, err := newInstaller(cli, req.Dir, req.WorkDir, req.CacheDir)
	if err != nil {
		return nil, err
	}
	in.Hooks = installHooks{w: logfWriter(req.Logf)}
	locks, diags := depsfile.LoadFile(filepath.Join(req.Dir, depsfile.FileName))
	if diags.HasErrors() {
		return nil, errors.New(diags.Error())
	}
	res, err := in.Install(ctx, reqs, locks, providerinstall.Options{})
	if err != nil {
		return nil, err
	}
	return registryFor(res.Selections, pluginFactory)
}

// logfWriter turns each write (one line of installHooks) into a log line.
type logfWriter func(format string, args ...any)

func (f logfWriter) Write(p []byte) (int, error) {
	f("%s", p)
	return len(p), nil
}

var _ agent.ProvidersFunc = agentProviders
