package config

import (
	"fmt"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/gohcl"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/robfig/cron/v3"
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/internal/hclblock"
)

// Options adjust Load.
type Options struct {
	// Getenv reads an environment variable; nil means os.LookupEnv.
	Getenv func(name string) (string, bool)
	// CheckIgnore checks one drift ignore rule; nil accepts any.
	CheckIgnore func(rule string) error
}

// Load reads and checks the configuration file at path. It returns the
// parsed files (to print diagnostics with their source lines) and every
// problem found; the Config is nil when there are errors.
func Load(path string, opts Options) (*Config, map[string]*hcl.File, hcl.Diagnostics) {
	p := hclparse.NewParser()
	f, diags := p.ParseHCLFile(path)
	if diags.HasErrors() {
		return nil, p.Files(), diags
	}
	cfg, ds := decode(path, f.Body, opts)
	diags = append(diags, ds...)
	if diags.HasErrors() {
		return nil, p.Files(), diags
	}
	return cfg, p.Files(), diags
}

// Parse is Load on source text already read, named filename in
// diagnostics.
func Parse(src []byte, filename string, opts Options) (*Config, map[string]*hcl.File, hcl.Diagnostics) {
	p := hclparse.NewParser()
	f, diags := p.ParseHCL(src, filename)
	if diags.HasErrors() {
		return nil, p.Files(), diags
	}
	cfg, ds := decode(filename, f.Body, opts)
	diags = append(diags, ds...)
	if diags.HasErrors() {
		return nil, p.Files(), diags
	}
	return cfg, p.Files(), diags
}

func decode(path string, body hcl.Body, opts Options) (*Config, hcl.Diagnostics) {
	if opts.Getenv == nil {
		opts.Getenv = os.LookupEnv
	}
	cfg := &Config{Path: path, Forges: map[string]*Forge{}}
	body, diags := decodeArtifacts(cfg, body)
	var raw rawFile
	diags = append(diags, gohcl.DecodeBody(body, nil, &raw)...)
	if diags.HasErrors() {
		return nil, diags
	}
	diags = append(diags, decodeServer(cfg, raw.Servers, body, filepath.Dir(path))...)
	if len(raw.Servers) == 1 && raw.Servers[0].RegistryHookEnv != "" {
		rs := raw.Servers[0]
		sec, ds := secretFromEnv(opts, rs.RegistryHookEnv, rs.RegistryHookRange, "registry_webhook_secret_env", "the registry webhook secret")
		diags = append(diags, ds...)
		cfg.Server.RegistryWebhookSecret = sec
	}
	for _, rf := range raw.Forges {
		diags = append(diags, decodeForge(cfg, rf, opts)...)
	}
	for _, rn := range raw.Notify {
		diags = append(diags, decodeNotify(cfg, rn, opts)...)
	}
	for _, rs := range raw.Stacks {
		diags = append(diags, decodeStack(cfg, rs, opts)...)
	}
	diags = append(diags, decodeOIDC(cfg, raw.OIDC, opts)...)
	diags = append(diags, decodePolicyOwners(cfg, raw.PolicyOwners)...)
	diags = append(diags, decodeForgeLogins(cfg, raw.ForgeLogins, opts)...)
	if len(cfg.Globs) == 0 {
		// With globs, the stacks' names are known once they are expanded
		// (Expand checks them then).
		diags = append(diags, checkNames(cfg)...)
	}
	return cfg, diags
}

func decodeServer(cfg *Config, servers []*rawServer, body hcl.Body, baseDir string) hcl.Diagnostics {
	var diags hcl.Diagnostics
	if len(servers) == 0 {
		return append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Missing server block",
			Detail:  `The agent needs a server block with at least data_dir, for example: server { data_dir = "/var/lib/trueup" }.`,
			Subject: body.MissingItemRange().Ptr()})
	}
	diags = append(diags, hclblock.ExtraBlocks(servers, "server", func(b *rawServer) hcl.Range { return b.DefRange })...)
	rs := servers[0]
	s := Server{Listen: rs.Listen, DataDir: rs.DataDir, MaxConcurrentRuns: DefaultMaxConcurrentRuns, RunTimeout: DefaultRunTimeout,
		HistoryLimit: DefaultHistoryLimit}
	if s.Listen == "" {
		s.Listen = DefaultListen
	}
	if s.DataDir == "" {
		diags = append(diags, errorAt(rs.DataDirRange, "Empty data_dir", "data_dir names the directory that holds the run history, git cache and local state."))
	} else if !filepath.IsAbs(s.DataDir) {
		s.DataDir = filepath.Join(baseDir, s.DataDir)
	}
	if rs.MaxConcurrentRuns != nil {
		if *rs.MaxConcurrentRuns < 1 {
			diags = append(diags, errorAt(rs.MaxRunsRange, "Invalid max_concurrent_runs", "max_concurrent_runs must be at least 1."))
		}
		s.MaxConcurrentRuns = *rs.MaxConcurrentRuns
	}
	if rs.HistoryLimit != nil {
		if *rs.HistoryLimit < 0 {
			diags = append(diags, errorAt(rs.HistoryLimitRange, "Invalid history_limit",
				"history_limit is how many finished runs of each stack to keep: a positive number, or 0 to keep them all."))
		}
		s.HistoryLimit = *rs.HistoryLimit
	}
	if rs.RunTimeout != "" {
		d, ds := duration(rs.RunTimeout, rs.RunTimeoutRange, "run_timeout", time.Second)
		diags = append(diags, ds...)
		s.RunTimeout = d
	}
	diags = append(diags, decodeAccess(&s, rs, baseDir)...)
	pub, ds := publicURL(rs.PublicURL, rs.PublicURLRange, s.Listen, s.TLSCertFile != "")
	s.PublicURL = pub
	cfg.Server = s
	return append(diags, ds...)
}

// publicURL checks public_url, or derives one from the listen address.
func publicURL(raw string, rng hcl.Range, listen string, tls bool) (string, hcl.Diagnostics) {
	if raw == "" {
		host := listen
		if strings.HasPrefix(host, ":") {
			host = "127.0.0.1" + host
		}
		if tls {
			return "https://" + host, nil
		}
		return "http://" + host, nil
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", hcl.Diagnostics{errorAt(rng, "Invalid public_url",
			fmt.Sprintf("public_url must be an absolute http(s) URL such as https://trueup.example.com, not %q.", raw))}
	}
	return strings.TrimRight(raw, "/"), nil
}

func decodeForge(cfg *Config, rf *rawForge, opts Options) hcl.Diagnostics {
	var diags hcl.Diagnostics
	if rf.Kind != GitHub && rf.Kind != GitLab {
		return append(diags, errorAt(rf.KindRange, "Unsupported forge",
			fmt.Sprintf("The forge %q is not supported: use \"github\" or \"gitlab\".", rf.Kind)))
	}
	if _, dup := cfg.Forges[rf.Kind]; dup {
		return append(diags, errorAt(rf.KindRange, "Duplicate forge block", fmt.Sprintf("The forge %q is configured twice.", rf.Kind)))
	}
	f := &Forge{Kind: rf.Kind, APIURL: strings.TrimRight(rf.APIURL, "/"), TokenEnv: rf.TokenEnv, WebhookSecretEnv: rf.WebhookSecretEnv}
	if f.APIURL != "" {
		if u, err := url.Parse(f.APIURL); err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
			diags = append(diags, errorAt(rf.APIURLRange, "Invalid api_url", fmt.Sprintf("api_url must be an absolute http(s) URL, not %q.", rf.APIURL)))
		}
	}
	tok, ds := secretFromEnv(opts, rf.TokenEnv, rf.TokenEnvRange, "token_env", "the forge's API token")
	diags = append(diags, ds...)
	f.Token = tok
	if rf.WebhookSecretEnv != "" {
		sec, ds := secretFromEnv(opts, rf.WebhookSecretEnv, rf.SecretEnvRange, "webhook_secret_env", "the webhook secret")
		diags = append(diags, ds...)
		f.WebhookSecret = sec
	}
	cfg.Forges[rf.Kind] = f
	return diags
}

func decodeNotify(cfg *Config, rn *rawNotify, opts Options) hcl.Diagnostics {
	if rn.Kind != "webhook" {
		return hcl.Diagnostics{errorAt(rn.KindRange, "Unsupported notification target",
			fmt.Sprintf("The notify kind %q is not supported: use \"webhook\" (Slack-compatible JSON).", rn.Kind))}
	}
	n := &Notify{Kind: rn.Kind, URL: Secret(rn.URL)}
	rng := rn.URLRange
	switch {
	case rn.URL != "" && rn.URLEnv != "":
		return hcl.Diagnostics{errorAt(rn.EnvRange, "Conflicting url and url_env", "Give the webhook URL either in url or through the environment variable named by url_env, not both.")}
	case rn.URLEnv != "":
		v, diags := secretFromEnv(opts, rn.URLEnv, rn.EnvRange, "url_env", "the webhook URL")
		if diags.HasErrors() {
			return diags
		}
		n.URL, rng = v, rn.EnvRange
	case rn.URL == "":
		return hcl.Diagnostics{errorAt(rn.DefRange, "Missing webhook URL", "A notify \"webhook\" block needs url, or url_env naming an environment variable that holds it.")}
	}
	if u, err := url.Parse(n.URL.Reveal()); err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return hcl.Diagnostics{errorAt(rng, "Invalid webhook URL", "The webhook URL must be an absolute http(s) URL.")}
	}
	cfg.Notify = append(cfg.Notify, n)
	return nil
}

var stackNameRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]*$`) })

func decodeStack(cfg *Config, rs *rawStack, opts Options) hcl.Diagnostics {
	var diags hcl.Diagnostics
	if !stackNameRE().MatchString(rs.Name) {
		diags = append(diags, errorAt(rs.NameRange, "Invalid stack name",
			fmt.Sprintf("The stack name %q must start with a letter or digit and hold only letters, digits, '_', '.' and '-': it appears in URLs and comment markers.", rs.Name)))
	}
	if prev := cfg.declared(rs.Name); prev != nil {
		diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Duplicate stack",
			Detail:  fmt.Sprintf("The stack %q was already declared at %s.", rs.Name, prev.DeclRange),
			Subject: rs.NameRange.Ptr()})
	}
	s := &Stack{Name: rs.Name, Repo: strings.TrimSpace(rs.Repo), Branch: rs.Branch, AutoApply: rs.AutoApply,
		VarFiles: rs.VarFiles, Forge: rs.Forge, ForgeRepo: rs.ForgeRepo, GitTokenEnv: rs.GitTokenEnv, DeclRange: rs.DefRange,
		DependsOn: rs.DependsOn, DependsOnRange: rs.DependsOnRange}
	if s.Repo == "" {
		diags = append(diags, errorAt(rs.RepoRange, "Empty repo", "repo is the URL of the stack's git repository."))
	}
	if s.Branch == "" {
		s.Branch = DefaultBranch
	}
	paths, glob, ds := decodePath(rs)
	diags = append(diags, ds...)
	if !glob && len(paths) == 1 {
		s.Path = paths[0]
		diags = append(diags, checkNameTemplate(rs)...)
	}
	s.Workspace, ds = workspaceName(rs.Workspace, rs.WorkspaceRange)
	diags = append(diags, ds...)
	vars, ds := decodeVars(rs.Vars)
	diags = append(diags, ds...)
	s.Vars = vars
	if rs.PollInterval != "" {
		d, ds := duration(rs.PollInterval, rs.PollIntervalRange, "poll_interval", MinPollInterval)
		diags = append(diags, ds...)
		s.PollInterval = d
	}
	diags = append(diags, stackForge(cfg, s, rs)...)
	if rs.GitTokenEnv != "" {
		if v, ok := opts.Getenv(rs.GitTokenEnv); !ok || v == "" {
			diags = append(diags, missingEnv(rs.GitTokenEnvRange, "git_token_env", rs.GitTokenEnv, "the HTTPS token for fetching the repository"))
		}
	}
	for i, rd := range rs.Drift {
		if i > 0 {
			diags = append(diags, errorAt(rd.DefRange, "Duplicate drift block", "A stack has at most one drift block."))
			continue
		}
		d, ds := decodeDrift(rd, opts)
		diags = append(diags, ds...)
		s.Drift = d
	}
	s.Autoplan, ds = decodeAutoplan(s.Path, glob, rs.Autoplan)
	diags = append(diags, ds...)
	s.ApplyFromPR = rs.ApplyFromPR
	diags = append(diags, decodeApplyRules(s, rs)...)
	switch rs.Refresh {
	case "", "changed":
	case "all":
		s.RefreshAll = true
	default:
		diags = append(diags, errorAt(rs.RefreshRange, "Invalid refresh setting",
			fmt.Sprintf("refresh = %q: use \"changed\" (the default: the plans of pushes and pull requests read only the objects their change touches) or \"all\".", rs.Refresh)))
	}
	for _, dir := range rs.Policies {
		if !filepath.IsAbs(dir) {
			dir = filepath.Join(filepath.Dir(cfg.Path), dir)
		}
		s.Policies = append(s.Policies, dir)
	}
	if glob {
		return append(diags, addGlob(cfg, s, rs, paths)...)
	}
	cfg.Stacks = append(cfg.Stacks, s)
	return diags
}

// stackForge resolves which forge the stack reports to and its name there.
func stackForge(cfg *Config, s *Stack, rs *rawStack) hcl.Diagnostics {
	if s.Forge == "" && len(cfg.Forges) == 1 {
		for k := range cfg.Forges {
			s.Forge = k
		}
	}
	if s.Forge != "" && cfg.Forges[s.Forge] == nil {
		return hcl.Diagnostics{errorAt(rs.ForgeRange, "Unknown forge",
			fmt.Sprintf("The stack reports to forge %q, but no forge %q block is configured.", s.Forge, s.Forge))}
	}
	if s.Forge == "" && len(cfg.Forges) > 1 {
		return hcl.Diagnostics{errorAt(rs.DefRange, "Ambiguous forge",
			`Several forges are configured: say which one this stack's repository lives on with forge = "github" or forge = "gitlab".`)}
	}
	if s.ForgeRepo == "" {
		s.ForgeRepo = RepoFullName(s.Repo)
	}
	return nil
}

func decodeDrift(rd *rawDrift, opts Options) (*Drift, hcl.Diagnostics) {
	var diags hcl.Diagnostics
	d := &Drift{Schedule: rd.Schedule, OnDrift: rd.OnDrift, Ignore: rd.Ignore}
	sched, err := ParseSchedule(rd.Schedule)
	if err != nil {
		diags = append(diags, errorAt(rd.ScheduleRange, "Invalid drift schedule",
			fmt.Sprintf("%q is not a cron expression: %v. Use five fields (minute hour day month weekday), six with seconds first, or a descriptor such as @hourly or @every 5m.", rd.Schedule, err)))
	}
	d.Cron = sched
	switch d.OnDrift {
	case "":
		d.OnDrift = OnDriftNotify
	case OnDriftNotify, OnDriftReconcile:
	default:
		diags = append(diags, errorAt(rd.OnDriftRange, "Invalid on_drift",
			fmt.Sprintf("on_drift must be %q or %q, not %q.", OnDriftNotify, OnDriftReconcile, d.OnDrift)))
	}
	if opts.CheckIgnore != nil {
		for _, rule := range d.Ignore {
			if err := opts.CheckIgnore(rule); err != nil {
				diags = append(diags, errorAt(rd.IgnoreRange, "Invalid drift ignore rule", fmt.Sprintf("%q: %v", rule, err)))
			}
		}
	}
	return d, diags
}

// scheduleParser accepts five fields, six with seconds first, and
// descriptors (@hourly, @every 5m).
var scheduleParser = cron.NewParser(cron.SecondOptional | cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)

// ParseSchedule parses a drift schedule.
func ParseSchedule(s string) (cron.Schedule, error) {
	return scheduleParser.Parse(s)
}

func decodeVars(expr hcl.Expression) (map[string]cty.Value, hcl.Diagnostics) {
	if expr == nil {
		return nil, nil
	}
	v, diags := expr.Value(nil)
	if diags.HasErrors() || v.IsNull() {
		return nil, diags
	}
	if !v.Type().IsObjectType() && !v.Type().IsMapType() {
		return nil, append(diags, errorAt(expr.Range(), "Invalid vars", "vars must be an object of variable names to values, such as { region = \"eu-west-1\" }."))
	}
	return v.AsValueMap(), diags
}

func duration(s string, rng hcl.Range, name string, lowest time.Duration) (time.Duration, hcl.Diagnostics) {
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, hcl.Diagnostics{errorAt(rng, "Invalid "+name, fmt.Sprintf("%q is not a duration: write it like \"90s\", \"5m\" or \"1h30m\".", s))}
	}
	if d < lowest {
		return 0, hcl.Diagnostics{errorAt(rng, "Invalid "+name, fmt.Sprintf("%s must be at least %s.", name, lowest))}
	}
	return d, nil
}

// relPath checks a slash-separated path inside the repository.
func relPath(p string, rng hcl.Range, name string) (string, hcl.Diagnostics) {
	if p == "" {
		return "", nil
	}
	clean := path.Clean(p)
	if path.IsAbs(clean) || clean == ".." || strings.HasPrefix(clean, "../") {
		return "", hcl.Diagnostics{errorAt(rng, "Invalid "+name, fmt.Sprintf("%s must be a relative path inside the repository, not %q.", name, p))}
	}
	if clean == "." {
		clean = ""
	}
	return clean, nil
}

func secretFromEnv(opts Options, name string, rng hcl.Range, attr, what string) (Secret, hcl.Diagnostics) {
	if name == "" {
		return "", hcl.Diagnostics{errorAt(rng, "Empty "+attr, attr+" names the environment variable that holds "+what+".")}
	}
	v, ok := opts.Getenv(name)
	if !ok || v == "" {
		return "", hcl.Diagnostics{missingEnv(rng, attr, name, what)}
	}
	return Secret(v), nil
}

func missingEnv(rng hcl.Range, attr, name, what string) *hcl.Diagnostic {
	return errorAt(rng, "Missing environment variable",
		fmt.Sprintf("%s names the environment variable %s, which should hold %s, but it is not set or empty. Set it in the agent's environment: secrets are never written in the configuration file.", attr, name, what))
}

// errorAt is an error diagnostic whose subject is rng.
var errorAt = hclblock.ErrorAt
