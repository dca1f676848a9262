package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/user"
	"path/filepath"
	"text/tabwriter"
	"time"

	"github.com/trueup/trueup/engine/agent/auth"
	agentconfig "github.com/trueup/trueup/engine/agent/config"
	"github.com/trueup/trueup/engine/agent/store"
)

// agentTokenEnv holds an admin token for `trueup agent token -url=URL`.
const agentTokenEnv = "TRUEUP_AGENT_TOKEN"

// tokenAdmin manages API tokens: in the agent's store directly (the agent
// stopped), or through a running agent's API.
type tokenAdmin interface {
	create(req auth.CreateRequest) (*auth.CreateResponse, error)
	list() ([]auth.TokenView, error)
	revoke(id string) (*auth.TokenView, error)
	close() error
}

// cmdAgentToken is `trueup agent token create|list|revoke`.
func cmdAgentToken(ctx context.Context, c *cli, args []string) int {
	if len(args) == 0 || (args[0] != "create" && args[0] != "list" && args[0] != "revoke") {
		return c.errorf("usage: trueup agent token create|list|revoke -config=FILE (agent stopped) or -url=URL (with %s)", agentTokenEnv)
	}
	sub := args[0]
	var cfgPath, url, storeURL, scope, name, expires string
	var jsonOut bool
	fs := c.newFlags("agent token " + sub)
	fs.StringVar(&cfgPath, "config", "", "The agent's configuration file: work on its store directly (the agent must be stopped)")
	fs.StringVar(&url, "url", "", "A running agent's URL: work through its API with the admin token in "+agentTokenEnv)
	fs.StringVar(&storeURL, "store", "", "With -config: the agent's shared store (postgres://…), as given to `trueup agent -store`")
	fs.BoolVar(&jsonOut, "json", false, "Print JSON")
	if sub == "create" {
		fs.StringVar(&scope, "scope", "", "read, operate or admin (required)")
		fs.StringVar(&name, "name", "", "A name for the token, shown in the audit trail")
		fs.StringVar(&expires, "expires", "", "How long the token is valid, e.g. 720h (default: no expiry)")
	}
	if err := fs.Parse(args[1:]); err != nil {
		return 1
	}
	if (cfgPath == "") == (url == "") {
		return c.errorf("give either -config=FILE (the agent stopped) or -url=URL (a running agent, admin token in %s)", agentTokenEnv)
	}
	admin, code := c.openTokenAdmin(ctx, cfgPath, url, storeURL)
	if admin == nil {
		return code
	}
	defer admin.close()
	switch sub {
	case "create":
		return c.tokenCreate(admin, auth.CreateRequest{Scope: scope, Name: name, Expires: expires}, jsonOut)
	case "list":
		return c.tokenList(admin, jsonOut)
	}
	if fs.NArg() != 1 {
		return c.errorf("usage: trueup agent token revoke [-config=FILE | -url=URL] ID")
	}
	v, err := admin.revoke(fs.Arg(0))
	if err != nil {
		return c.errorf("%v", err)
	}
	if jsonOut {
		return c.printJSON(v)
	}
	fmt.Fprintf(c.stdout, "Token %s revoked.\n", v.ID)
	return 0
}

func (c *cli) openTokenAdmin(ctx context.Context, cfgPath, url, storeURL string) (tokenAdmin, int) {
	if url != "" {
		tok := os.Getenv(agentTokenEnv)
		if tok == "" {
			return nil, c.errorf("-url needs an admin token in the environment variable %s", agentTokenEnv)
		}
		return &remoteTokens{url: url, token: tok}, 0
	}
	// Only the server block matters here: the forges' secrets need not be
	// in the environment.
	cfg, files, diags := agentconfig.Load(cfgPath, agentconfig.Options{Getenv: func(string) (string, bool) { return "unused", true }})
	c.printDiags(diags, files, false)
	if diags.HasErrors() {
		return nil, 1
	}
	if storeURL != "" {
		// A shared store is open to the running agents too.
		hist, err := openAgentHistory(ctx, storeURL, fmt.Sprintf("trueup-cli-%d", os.Getpid()))
		if err != nil {
			return nil, c.errorf("%v", err)
		}
		return &localTokens{st: hist, who: localPrincipal()}, 0
	}
	st, err := store.Open(filepath.Join(cfg.Server.DataDir, "history.db"))
	if err != nil {
		return nil, c.errorf("%v; while the agent runs, use -url=URL with an admin token in %s", err, agentTokenEnv)
	}
	return &localTokens{st: st, who: localPrincipal()}, 0
}

func (c *cli) tokenCreate(admin tokenAdmin, req auth.CreateRequest, jsonOut bool) int {
	if req.Scope == "" {
		return c.errorf("-scope is required: read (see stacks and runs), operate (also trigger runs) or admin (also manage tokens)")
	}
	res, err := admin.create(req)
	if err != nil {
		return c.errorf("%v", err)
	}
	if jsonOut {
		return c.printJSON(res)
	}
	fmt.Fprintln(c.stdout, res.Token)
	exp := "never expires"
	if !res.Info.Expires.IsZero() {
		exp = "expires " + res.Info.Expires.Format(time.RFC3339)
	}
	fmt.Fprintf(c.stderr, "Created token %s (scope %s, %s). This is the only time it is shown: keep it in a secret store.\n",
		res.Info.ID, res.Info.Scope, exp)
	return 0
}

func (c *cli) tokenList(admin tokenAdmin, jsonOut bool) int {
	ts, err := admin.list()
	if err != nil {
		return c.errorf("%v", err)
	}
	if jsonOut {
		return c.printJSON(map[string]any{"tokens": ts})
	}
	tw := tabwriter.NewWriter(c.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNAME\tSCOPE\tCREATOR\tCREATED\tEXPIRES\tLAST USED\tSTATUS")
	now := time.Now()
	for _, t := range ts {
		status := "active"
		switch {
		case !t.Revoked.IsZero():
			status = "revoked"
		case !t.Expires.IsZero() && !now.Before(t.Expires):
			status = "expired"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", t.ID, orDash(t.Name), t.Scope, t.Creator, day(t.Created), day(t.Expires), day(t.LastUsed), status)
	}
	tw.Flush()
	return 0
}

func day(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format("2006-01-02 15:04")
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// localPrincipal names the person running the command line.
func localPrincipal() *auth.Principal {
	name := "unknown"
	if u, err := user.Current(); err == nil {
		name = u.Username
	}
	return &auth.Principal{Kind: auth.KindLocal, Name: name, Scope: auth.ScopeAdmin}
}

func (c *cli) printJSON(v any) int {
	enc := json.NewEncoder(c.stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return c.errorf("%v", err)
	}
	return 0
}
