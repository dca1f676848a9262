package config

import (
	"github.com/hashicorp/hcl/v2"
)

// The raw* types are the file's syntax as gohcl decodes it; Load checks
// them and builds the Config.

type rawFile struct {
	Servers []*rawServer `hcl:"server,block"`
	Forges  []*rawForge  `hcl:"forge,block"`
	Notify  []*rawNotify `hcl:"notify,block"`
	Stacks  []*rawStack  `hcl:"stack,block"`
	OIDC    []*rawOIDC   `hcl:"oidc,block"`
	// PolicyOwners: see teams.go.
	PolicyOwners []*rawPolicyOwners `hcl:"policy_owners,block"`
	ForgeLogins  []*rawForgeLogin   `hcl:"forge_login,block"`
}

type rawOIDC struct {
	Issuer          string            `hcl:"issuer"`
	IssuerRange     hcl.Range         `hcl:"issuer,attr_value_range"`
	ClientID        string            `hcl:"client_id"`
	ClientSecretEnv string            `hcl:"client_secret_env"`
	SecretEnvRange  hcl.Range         `hcl:"client_secret_env,attr_value_range"`
	Scopes          []string          `hcl:"scopes,optional"`
	RolesClaim      string            `hcl:"roles_claim,optional"`
	Roles           map[string]string `hcl:"roles,optional"`
	RolesRange      hcl.Range         `hcl:"roles,attr_value_range"`
	DefaultRole     string            `hcl:"default_role,optional"`
	DefaultRange    hcl.Range         `hcl:"default_role,attr_value_range"`
	DisplayName     string            `hcl:"display_name,optional"`
	DefRange        hcl.Range         `hcl:",def_range"`
}

type rawServer struct {
	Listen            string    `hcl:"listen,optional"`
	DataDir           string    `hcl:"data_dir"`
	DataDirRange      hcl.Range `hcl:"data_dir,attr_value_range"`
	PublicURL         string    `hcl:"public_url,optional"`
	PublicURLRange    hcl.Range `hcl:"public_url,attr_value_range"`
	MaxConcurrentRuns *int      `hcl:"max_concurrent_runs,optional"`
	MaxRunsRange      hcl.Range `hcl:"max_concurrent_runs,attr_value_range"`
	RunTimeout        string    `hcl:"run_timeout,optional"`
	RunTimeoutRange   hcl.Range `hcl:"run_timeout,attr_value_range"`
	HistoryLimit      *int      `hcl:"history_limit,optional"`
	HistoryLimitRange hcl.Range `hcl:"history_limit,attr_value_range"`
	Auth              *bool     `hcl:"auth,optional"`
	AuthRange         hcl.Range `hcl:"auth,attr_value_range"`
	InsecureNoAuth    bool      `hcl:"insecure_no_auth,optional"`
	MetricsAuth       bool      `hcl:"metrics_auth,optional"`
	AllowedHosts      []string  `hcl:"allowed_hosts,optional"`
	AllowedHostsRange hcl.Range `hcl:"allowed_hosts,attr_value_range"`
	TLSCertFile       string    `hcl:"tls_cert_file,optional"`
	TLSCertRange      hcl.Range `hcl:"tls_cert_file,attr_value_range"`
	TLSKeyFile        string    `hcl:"tls_key_file,optional"`
	TLSKeyRange       hcl.Range `hcl:"tls_key_file,attr_value_range"`
	RegistryHookEnv   string    `hcl:"registry_webhook_secret_env,optional"`
	RegistryHookRange hcl.Range `hcl:"registry_webhook_secret_env,attr_value_range"`
	DefRange          hcl.Range `hcl:",def_range"`
}

type rawForge struct {
	Kind             string    `hcl:"kind,label"`
	KindRange        hcl.Range `hcl:"kind,label_range"`
	APIURL           string    `hcl:"api_url,optional"`
	APIURLRange      hcl.Range `hcl:"api_url,attr_value_range"`
	TokenEnv         string    `hcl:"token_env"`
	TokenEnvRange    hcl.Range `hcl:"token_env,attr_value_range"`
	WebhookSecretEnv string    `hcl:"webhook_secret_env,optional"`
	SecretEnvRange   hcl.Range `hcl:"webhook_secret_env,attr_value_range"`
	DefRange         hcl.Range `hcl:",def_range"`
}

type rawNotify struct {
	Kind      string    `hcl:"kind,label"`
	KindRange hcl.Range `hcl:"kind,label_range"`
	URL       string    `hcl:"url,optional"`
	URLRange  hcl.Range `hcl:"url,attr_value_range"`
	URLEnv    string    `hcl:"url_env,optional"`
	EnvRange  hcl.Range `hcl:"url_env,attr_value_range"`
	DefRange  hcl.Range `hcl:",def_range"`
}

type rawStack struct {
	Name              string         `hcl:"name,label"`
	NameRange         hcl.Range      `hcl:"name,label_range"`
	Repo              string         `hcl:"repo"`
	RepoRange         hcl.Range      `hcl:"repo,attr_value_range"`
	Branch            string         `hcl:"branch,optional"`
	Path              hcl.Expression `hcl:"path,optional"`
	NameTemplate      hcl.Expression `hcl:"name_template,optional"`
	Vars              hcl.Expression `hcl:"vars,optional"`
	VarFiles          []string       `hcl:"var_files,optional"`
	AutoApply         bool           `hcl:"auto_apply,optional"`
	Workspace         string         `hcl:"workspace,optional"`
	WorkspaceRange    hcl.Range      `hcl:"workspace,attr_value_range"`
	PollInterval      string         `hcl:"poll_interval,optional"`
	PollIntervalRange hcl.Range      `hcl:"poll_interval,attr_value_range"`
	Forge             string         `hcl:"forge,optional"`
	ForgeRange        hcl.Range      `hcl:"forge,attr_value_range"`
	ForgeRepo         string         `hcl:"forge_repo,optional"`
	GitTokenEnv       string         `hcl:"git_token_env,optional"`
	GitTokenEnvRange  hcl.Range      `hcl:"git_token_env,attr_value_range"`
	DependsOn         []string       `hcl:"depends_on,optional"`
	DependsOnRange    hcl.Range      `hcl:"depends_on,attr_value_range"`
	Drift             []*rawDrift    `hcl:"drift,block"`
	Autoplan          []*rawAutoplan `hcl:"autoplan,block"`
	Policies          []string       `hcl:"policies,optional"`
	ApplyFromPR       bool           `hcl:"apply_from_pr,optional"`
	ApplyRequirements []string       `hcl:"apply_requirements,optional"`
	ApplyReqRange     hcl.Range      `hcl:"apply_requirements,attr_value_range"`
	// Automerge and DeployWindows: see teams.go.
	Automerge     bool         `hcl:"automerge,optional"`
	DeployWindows []*rawWindow `hcl:"deploy_window,block"`
	Refresh       string       `hcl:"refresh,optional"`
	RefreshRange  hcl.Range    `hcl:"refresh,attr_value_range"`
	DefRange      hcl.Range    `hcl:",def_range"`
}

type rawDrift struct {
	Schedule      string    `hcl:"schedule"`
	ScheduleRange hcl.Range `hcl:"schedule,attr_value_range"`
	OnDrift       string    `hcl:"on_drift,optional"`
	OnDriftRange  hcl.Range `hcl:"on_drift,attr_value_range"`
	Ignore        []string  `hcl:"ignore,optional"`
	IgnoreRange   hcl.Range `hcl:"ignore,attr_value_range"`
	DefRange      hcl.Range `hcl:",def_range"`
}
