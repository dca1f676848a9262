package main

import (
	"context"
	"io"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/hcl/v2"

	"github.com/trueup/trueup/engine/agent"
	agentconfig "github.com/trueup/trueup/engine/agent/config"
	"github.com/trueup/trueup/engine/source"
)

// inferDependencies adds to cfg the dependencies the stacks'
// terraform_remote_state data sources imply, reading each repository
// into the git cache; what cannot be read is reported on stderr.
func inferDependencies(cfg *agentconfig.Config, cache string, stderr io.Writer) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	log := hclog.New(&hclog.LoggerOptions{Name: "agent-graph", Level: hclog.Warn, Output: stderr})
	agent.InferDependencies(ctx, cfg, agent.InferOptions{CacheDir: cache, Log: log,
		Auth: func(s *agentconfig.Stack) source.Auth { return agent.GitAuth(cfg, s) }})
}

// expandStacks expands the configuration's stack globs (path = "envs/*")
// from their repositories, fetched into the git cache.
func expandStacks(ctx context.Context, cfg *agentconfig.Config, cache string) (*agentconfig.Config, hcl.Diagnostics) {
	if len(cfg.Globs) == 0 {
		return cfg, nil
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()
	out, diags := agent.ExpandStacks(ctx, cfg, agent.InferOptions{CacheDir: cache, Log: hclog.NewNullLogger(),
		Auth: func(s *agentconfig.Stack) source.Auth { return agent.GitAuth(cfg, s) }})
	if out == nil {
		return cfg, diags
	}
	return out, diags
}
