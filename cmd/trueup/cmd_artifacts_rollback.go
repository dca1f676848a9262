package main

import (
	"context"
	"fmt"
	"os"
	"sort"

	agentconfig "github.com/trueup/trueup/engine/agent/config"
	"github.com/trueup/trueup/engine/artifacts/promote"
)

// artifactsRollback reverts a stage's latest promotion on the branch its
// stacks apply from; the agent then plans and applies the revert like any
// push, and holds the build back from the stage.
func (c *cli) artifactsRollback(ctx context.Context, args []string) int {
	var cfgPath, artifact string
	var noColor bool
	fs := c.newFlags("artifacts rollback")
	fs.StringVar(&cfgPath, "config", "", "The agent's configuration file (stages and stacks)")
	fs.StringVar(&artifact, "artifact", "", "Roll back this artifact's promotion only (default: the stage's latest promotion)")
	fs.BoolVar(&noColor, "no-color", false, "No colour in diagnostics")
	if err := fs.Parse(args); err != nil {
		return 1
	}
	if fs.NArg() != 1 || cfgPath == "" {
		return c.errorf("usage: trueup artifacts rollback -config=AGENT.hcl [-artifact=NAME] STAGE")
	}
	// The forge tokens and webhook secrets are not needed here: any that
	// are unset read as placeholders.
	getenv := func(name string) (string, bool) {
		if v, ok := os.LookupEnv(name); ok {
			return v, true
		}
		return "unused", true
	}
	cfg, files, diags := agentconfig.Load(cfgPath, agentconfig.Options{Getenv: getenv})
	c.printDiags(diags, files, noColor)
	if diags.HasErrors() {
		return 1
	}
	name := fs.Arg(0)
	stage := cfg.Artifacts.Stage(name)
	if stage == nil {
		var names []string
		for _, s := range cfg.Artifacts.Stages {
			names = append(names, s.Name)
		}
		sort.Strings(names)
		return c.errorf("no stage %q in %s (stages: %v)", name, cfgPath, names)
	}
	if artifact != "" && cfg.Artifacts.Artifact(artifact) == nil {
		return c.errorf("no artifact %q in %s", artifact, cfgPath)
	}
	s := cfg.Stack(stage.Stacks[0])
	repo := promote.Repo{URL: s.Repo, AuthorName: "trueup", AuthorEmail: "trueup@localhost"}
	tokenEnv := s.GitTokenEnv
	if tokenEnv == "" && s.Forge != "" {
		tokenEnv = cfg.Forges[s.Forge].TokenEnv
	}
	if tok := os.Getenv(tokenEnv); tokenEnv != "" && tok != "" {
		repo.Auth = promote.TokenAuth(tok)
	}
	rb, err := repo.Rollback(ctx, s.Branch, stage.Name, artifact)
	if err != nil {
		return c.errorf("rolling back stage %s: %v", stage.Name, err)
	}
	fmt.Fprintf(c.stdout, "Rolled back %s %s in %s: commit %s reverts %s on %s.\n", rb.Artifact, rb.Build, rb.Stage, short(rb.Commit), short(rb.Reverted), s.Branch)
	keys := make([]string, 0, len(rb.Values))
	for k := range rb.Values {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(c.stdout, "  %s = %q\n", k, rb.Values[k])
	}
	fmt.Fprintln(c.stdout, "The agent plans and applies the revert like any change; the build is not promoted to this stage again.")
	return 0
}

func short(sha string) string {
	if len(sha) > 12 {
		return sha[:12]
	}
	return sha
}
