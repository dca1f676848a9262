package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"github.com/trueup/trueup/engine/plans"
	"github.com/trueup/trueup/engine/run"
	"github.com/trueup/trueup/engine/source"
)

// srcFlags select a git source instead of the current directory:
// -repo=URL -ref=REF -path=SUBDIR, with credentials by reference only.
type srcFlags struct {
	repo, ref, path string
	tokenEnv        string
	sshKey          string
	cacheDir        string
}

func (s *srcFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&s.repo, "repo", "", "Read the configuration from this git repository (file://, path, https://, ssh://, git://)")
	fs.StringVar(&s.ref, "ref", "", "Branch, tag, ref or commit of -repo (default: the remote's HEAD)")
	fs.StringVar(&s.path, "path", "", "Subdirectory of -repo holding the stack")
	fs.StringVar(&s.tokenEnv, "repo-token-env", "", "Environment variable holding an HTTPS token for -repo")
	fs.StringVar(&s.sshKey, "repo-ssh-key", "", "SSH private key file for -repo")
	fs.StringVar(&s.cacheDir, "repo-cache", "", "Directory caching clones (default ~/.cache/trueup/git)")
}

// stackSource is the directory of the stack to operate on, and where it came
// from when it is a git checkout. A checkout's modules are installed in
// modulesDir, a temporary directory that cleanup removes.
type stackSource struct {
	dir, commit, source string
	modulesDir          string
	cleanup             func()
}

// resolveStack resolves the stack's source and, for a -repo checkout
// (shared and never written into), installs the modules it calls into a
// temporary directory, as `trueup init` would. It prints what went wrong
// and returns exit code 1 when either fails.
func (c *cli) resolveStack(ctx context.Context, s *srcFlags, noColor bool) (stackSource, int) {
	st, err := s.resolve(ctx)
	if err != nil {
		return st, c.errorf("%v", err)
	}
	st.cleanup = func() {}
	if s.repo == "" {
		return st, 0
	}
	tmp, err := os.MkdirTemp("", "trueup-modules-")
	if err != nil {
		return st, c.errorf("%v", err)
	}
	st.modulesDir, st.cleanup = tmp, func() { os.RemoveAll(tmp) }
	diags := run.InstallModules(ctx, run.InstallRequest{Dir: st.dir, ModulesDir: tmp, GitCacheDir: s.cacheDir,
		GitAuth: source.Auth{SSHKeyFile: s.sshKey, SSHAgent: s.sshKey == ""}, Log: logger()})
	c.printDiags(diags, diagnosticFiles(diags), noColor)
	if diags.HasErrors() {
		st.cleanup()
		return st, 1
	}
	return st, 0
}

// resolve fetches -repo when given; otherwise the stack is the current
// directory.
func (s *srcFlags) resolve(ctx context.Context) (stackSource, error) {
	if s.repo == "" {
		if s.ref != "" || s.path != "" {
			return stackSource{}, fmt.Errorf("-ref and -path need -repo")
		}
		return stackSource{dir: "."}, nil
	}
	co, err := source.Fetch(ctx, source.Options{
		URL: s.repo, Ref: s.ref, Path: s.path, CacheDir: s.cacheDir, Log: logger(),
		Auth: source.Auth{TokenEnv: s.tokenEnv, SSHKeyFile: s.sshKey, SSHAgent: s.sshKey == ""},
	})
	if err != nil {
		return stackSource{}, err
	}
	return stackSource{dir: co.Dir, commit: co.Commit, source: co.Source}, nil
}

// stackRequest resolves the stack that a plan, apply, drift or refresh
// command runs on (from its source flags), its providers, and its run
// request and environment. When code is 0 the caller defers
// st.cleanup(); otherwise the command already said why it cannot run.
func (c *cli) stackRequest(ctx context.Context, src *srcFlags, o *opFlags, mode plans.Mode, operation string) (st stackSource, req run.Request, env run.Env, code int) {
	st, code = c.resolveStack(ctx, src, o.noColor)
	if code != 0 {
		return st, req, env, code
	}
	reg, ok := c.stackProviders(st.dir, st.modulesDir)
	if !ok {
		st.cleanup()
		return st, req, env, 1
	}
	req = c.runRequest(o, mode, operation)
	req.Dir, req.ModulesDir, req.Commit, req.Source = st.dir, st.modulesDir, st.commit, st.source
	req.Config = c.loadedConfig(st.dir, st.modulesDir)
	return st, req, c.runEnv(o, reg), 0
}
