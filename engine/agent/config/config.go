package config

import (
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/robfig/cron/v3"
	"github.com/zclconf/go-cty/cty"

	artconfig "github.com/trueup/trueup/engine/artifacts/config"
)

// Defaults for settings the file leaves out.
const (
	DefaultListen            = "127.0.0.1:8080"
	DefaultBranch            = "main"
	DefaultMaxConcurrentRuns = 2
	DefaultRunTimeout        = 30 * time.Minute
	// DefaultHistoryLimit is how many finished runs of each stack the run
	// history keeps.
	DefaultHistoryLimit = 1000
	// MinPollInterval is the shortest poll interval accepted.
	MinPollInterval = time.Second
)

// Forge kinds.
const (
	GitHub = "github"
	GitLab = "gitlab"
)

// Apply requirements for applies from pull requests, Atlantis's names
// where Atlantis has them.
const (
	// RequireApproved: someone other than the author approved it.
	RequireApproved = "approved"
	// RequireMergeable: the forge would merge it now.
	RequireMergeable = "mergeable"
	// RequireUndiverged: the pull request's head contains the base
	// branch's head (it is not behind).
	RequireUndiverged = "undiverged"
	// RequireNotStale: the state the plan was made against is unchanged
	// (same lineage and serial) when the apply runs.
	RequireNotStale = "not_stale"
	// RequireStatusChecks: every commit status and check run of the head,
	// except trueup's own, succeeded.
	RequireStatusChecks = "status_checks"
)

// Requirements lists the apply requirements in the order they are
// checked.
var Requirements = []string{RequireApproved, RequireMergeable, RequireUndiverged, RequireNotStale, RequireStatusChecks}

// Drift reactions.
const (
	OnDriftNotify    = "notify"
	OnDriftReconcile = "reconcile"
)

// Config is a loaded, checked agent configuration.
type Config struct {
	// Path is the configuration file.
	Path   string
	Server Server
	// Forges are the configured forges by kind ("github", "gitlab").
	Forges map[string]*Forge
	// Notify holds the notification targets.
	Notify []*Notify
	// Stacks are in file order, then the stacks of each glob (once
	// expanded, see Expand); names are unique.
	Stacks []*Stack
	// Globs are the stack blocks whose path is a pattern or a list, in
	// file order: Expand turns them into Stacks.
	Globs []*Glob
	// Artifacts holds the artifact and stage blocks (artifact promotion);
	// never nil.
	Artifacts *artconfig.Config
	// OIDC is the dashboard's single sign-on, or nil.
	OIDC *OIDC
	// PolicyOwners may override failing policies (`trueup
	// approve_policies`); nil means nobody may.
	PolicyOwners *PolicyOwners
	// ForgeLogins are the dashboard's sign-ins through forges' OAuth.
	ForgeLogins []*ForgeLogin
}

// Server holds the agent process's settings.
type Server struct {
	// Listen is the HTTP listen address (host:port).
	Listen string
	// RegistryWebhookSecret authenticates POST /hooks/registry, the
	// artifact registries' push notifications (read from the variable
	// registry_webhook_secret_env names); empty turns the endpoint off.
	RegistryWebhookSecret Secret
	// DataDir holds the run history, caches and local state; relative
	// paths in the file are taken relative to the file's directory.
	DataDir string
	// PublicURL is where people reach the dashboard: links in comments,
	// statuses and notifications point there.
	PublicURL string
	// MaxConcurrentRuns bounds the runs executing at once, all stacks
	// together.
	MaxConcurrentRuns int
	// RunTimeout bounds one run.
	RunTimeout time.Duration
	// HistoryLimit is how many finished runs of each stack the history
	// keeps: after each run the older ones are deleted. 0 keeps them all.
	HistoryLimit int
	// AuthOff switches authentication off (auth = false): every request is
	// an admin. The agent refuses to listen on a non-loopback address so
	// unless InsecureNoAuth is set too. AuthRange is where the file says so.
	AuthOff        bool
	AuthRange      hcl.Range
	InsecureNoAuth bool
	// MetricsAuth makes /metrics need a read token.
	MetricsAuth bool
	// AllowedHosts are the Host names ("host" or "host:port") the agent
	// answers besides public_url's host (and loopback names when it
	// listens on loopback).
	AllowedHosts []string
	// TLSCertFile and TLSKeyFile serve HTTPS when both are set.
	TLSCertFile, TLSKeyFile string
}

// Forge is one forge's API endpoint and credentials.
type Forge struct {
	// Kind is GitHub or GitLab.
	Kind string
	// APIURL is the REST API root ("" means the public service).
	APIURL string
	// TokenEnv and WebhookSecretEnv name the environment variables that
	// hold the secrets.
	TokenEnv, WebhookSecretEnv string
	// Token is the API token read from TokenEnv.
	Token Secret
	// WebhookSecret is read from WebhookSecretEnv; empty means webhooks
	// are accepted unsigned.
	WebhookSecret Secret
}

// Notify is one notification target.
type Notify struct {
	// Kind is "webhook": Slack-compatible JSON posted to URL.
	Kind string
	URL  Secret
}

// Stack is one stack the agent keeps equal to git.
type Stack struct {
	Name string
	// Glob is the name of the stack glob this stack is an expansion of
	// (its Path is the matched directory), or "" for a stack block.
	Glob string
	// Repo is the repository URL as written.
	Repo string
	// Branch is the branch whose pushes are applied.
	Branch string
	// Path is the stack's directory inside the repository ("" is the root).
	Path string
	// Vars are variable values, as -var options would give them, and
	// VarFiles are -var-file paths relative to the stack's directory.
	Vars     map[string]cty.Value
	VarFiles []string
	// AutoApply applies a push's plan when it has changes.
	AutoApply bool
	// Workspace is the backend workspace whose state the stack uses
	// ("" is "default"), as TF_WORKSPACE selects it for the CLI.
	Workspace string
	// PollInterval is how often the branch is fetched; 0 turns polling off.
	PollInterval time.Duration
	// Forge is the kind of forge the repository lives on ("" for none),
	// and ForgeRepo its name there ("owner/name"), for statuses, comments
	// and issues.
	Forge, ForgeRepo string
	// GitTokenEnv names an environment variable holding an HTTPS token for
	// fetching the repository (default: none, or the forge's token).
	GitTokenEnv string
	// Drift is the drift check, or nil.
	Drift *Drift
	// DependsOn names the stacks this one's branch runs wait for (see
	// deps.go); DependsOnRange is where the list is written.
	DependsOn      []string
	DependsOnRange hcl.Range
	// declaredDeps is depends_on as written (it may name a glob, which
	// Expand replaces by the glob's stacks in DependsOn).
	declaredDeps []string
	// Inferred are the dependencies the agent found in the stack's
	// configuration (terraform_remote_state); see inferred.go.
	Inferred []Inferred
	// Policies are directories of Rego policies every plan of the stack
	// is checked against before it may be applied. They are the agent's
	// files (relative paths are taken from the configuration file's
	// directory), not the repository's, so that a pull request cannot
	// weaken the policy that judges it.
	Policies []string
	// ApplyFromPR lets a `trueup apply` comment apply a pull request's
	// plan before merge, when ApplyRequirements hold.
	ApplyFromPR bool
	// ApplyRequirements are what must hold for an apply from a pull
	// request: RequireApproved, RequireMergeable. The plan being fresh
	// (made at the head, and unchanged) is always required.
	ApplyRequirements []string
	// Automerge merges the pull request after every stack it planned was
	// applied from it.
	Automerge bool
	// DeployWindows allow or deny applies from pull requests and drift
	// reconciles by time (see Windows).
	DeployWindows Windows
	// Autoplan says which changed files concern the stack (see
	// autoplan.go); the zero value is the default: any file under Path.
	Autoplan Autoplan
	// RefreshAll turns off -refresh=changed for the plans of pushes and
	// pull requests (`refresh = "all"`): by default they read only the
	// objects their change touches, and the drift check reads them all.
	RefreshAll bool
	// DeclRange is where the stack block is declared.
	DeclRange hcl.Range
}

// Drift is a stack's scheduled drift check.
type Drift struct {
	// Schedule is the cron expression as written, Cron its parsed form.
	Schedule string
	Cron     cron.Schedule
	// OnDrift is OnDriftNotify or OnDriftReconcile.
	OnDrift string
	// Ignore holds the ignore rules as written.
	Ignore []string
}

// Stack returns the stack named name, or nil.
func (c *Config) Stack(name string) *Stack {
	for _, s := range c.Stacks {
		if s.Name == name {
			return s
		}
	}
	return nil
}

// Secret is a string that never prints: formatting it, logging it or
// encoding it as JSON yields a placeholder. Reveal returns the value.
type Secret string

// String returns a placeholder, so that a secret never reaches a log.
func (s Secret) String() string {
	if s == "" {
		return ""
	}
	return "(sensitive)"
}

// GoString returns the same placeholder for %#v.
func (s Secret) GoString() string { return s.String() }

// MarshalText returns the placeholder.
func (s Secret) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Reveal returns the secret value, for the one place that must send it.
func (s Secret) Reveal() string { return string(s) }
