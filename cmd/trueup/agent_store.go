package main

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/trueup/trueup/engine/agent"
	agentconfig "github.com/trueup/trueup/engine/agent/config"
	"github.com/trueup/trueup/engine/agent/store/pgstore"
)

// openAgentHistory opens the history -store names: nil (the agent opens
// its bbolt file) when empty, PostgreSQL for a postgres:// or
// postgresql:// URL. The URL may hold a password: errors never repeat it.
func openAgentHistory(ctx context.Context, url, id string) (agent.History, error) {
	switch {
	case url == "":
		return nil, nil
	case strings.HasPrefix(url, "postgres://"), strings.HasPrefix(url, "postgresql://"):
		s, err := pgstore.Open(ctx, url, id)
		if err != nil {
			return nil, fmt.Errorf("-store: %s", redactURL(err.Error(), url))
		}
		return s, nil
	}
	return nil, fmt.Errorf("-store: unsupported store %q: use postgres://USER@HOST/DB, or leave it out for the bbolt file in data_dir", redactURL(url, url))
}

// redactURL replaces url, and its password, in msg.
func redactURL(msg, url string) string {
	if at := strings.LastIndex(url, "@"); at > 0 {
		if colon := strings.LastIndex(url[:at], ":"); colon > strings.Index(url, "//")+1 {
			pw := url[colon+1 : at]
			if pw != "" {
				msg = strings.ReplaceAll(msg, pw, "REDACTED")
			}
		}
	}
	return msg
}

// defaultAgentID names the agent by host and listen address, stable
// across restarts so that a restarted agent finishes its own runs.
func defaultAgentID(cfg *agentconfig.Config) string {
	host, err := os.Hostname()
	if err != nil || host == "" {
		host = "agent"
	}
	return host + "/" + cfg.Server.Listen
}
