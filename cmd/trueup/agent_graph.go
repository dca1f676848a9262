package main

import (
	"context"
	"io"
	"os"
	"time"

	"github.com/hashicorp/go-hclog"

	"github.com/trueup/trueup/engine/agent"
	agentconfig "github.com/trueup/trueup/engine/agent/config"
	"github.com/trueup/trueup/engine/source"
)

// inferDependencies adds to cfg the dependencies the stacks'
// terraform_remote_state data sources imply, reading each repository
// into a temporary git cache; what cannot be read is reported on stderr.
func inferDependencies(cfg *agentconfig.Config, stderr io.Writer) {
	cache, err := os.MkdirTemp("", "trueup-graph-")
	if err != nil {
		return
	}
	defer os.RemoveAll(cache)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	log := hclog.New(&hclog.LoggerOptions{Name: "agent-graph", Level: hclog.Warn, Output: stderr})
	agent.InferDependencies(ctx, cfg, agent.InferOptions{CacheDir: cache, Log: log,
		Auth: func(s *agentconfig.Stack) source.Auth { return agent.GitAuth(cfg, s) }})
}
