package agent

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/robfig/cron/v3"

	"github.com/trueup/trueup/engine/agent/auth"
	"github.com/trueup/trueup/engine/agent/config"
	"github.com/trueup/trueup/engine/agent/queue"
	"github.com/trueup/trueup/engine/agent/store"
	"github.com/trueup/trueup/engine/drift"
	"github.com/trueup/trueup/engine/forge"
	"github.com/trueup/trueup/engine/run"
	"github.com/trueup/trueup/internal/retry"
)

// Forge is what the agent asks of a forge client (forge.GitHub,
// forge.GitLab).
type Forge interface {
	UpsertComment(ctx context.Context, repo string, number int, marker, body string) error
	SetStatus(ctx context.Context, repo, sha string, s forge.Status) error
	CreateIssue(ctx context.Context, repo, title, body string) error
	// Access, React and PullRequest serve comment commands.
	Access(ctx context.Context, repo, user string) (forge.Access, error)
	React(ctx context.Context, repo string, number int, commentID int64, reaction string) error
	PullRequest(ctx context.Context, repo string, number int) (*forge.PullRequest, error)
	// UpsertPullRequest serves artifact promotion.
	UpsertPullRequest(ctx context.Context, repo string, pr forge.PullRequestSpec) (int, bool, error)
}

// EnvFunc returns the engine environment for a stack's runs: providers,
// and how to open the stack's state backend.
type EnvFunc func(stack *config.Stack) run.Env

// Options are what the agent is built from.
type Options struct {
	Config *config.Config
	// Context gives the runs' contexts its values: the command's
	// interrupt contexts (engine/interrupt), so that a second signal
	// cancels the calls in flight. nil: none.
	Context context.Context
	// Env gives each stack's engine environment.
	Env EnvFunc
	// Forges maps a forge kind to its client; nil builds clients from the
	// configuration.
	Forges map[string]Forge
	// Log is the agent's logger; nil discards.
	Log hclog.Logger
	// Providers installs each checkout's providers before its run and
	// gives the run their registry; nil runs with Env's providers.
	Providers ProvidersFunc
	// History is the run history; nil opens the bbolt one in the data
	// directory. The agent closes it when it stops.
	History History
	// Fleet coordinates the agents sharing History; nil for a lone agent.
	Fleet Fleet
	// ID names this agent process in the history (each run records the
	// agent that queued it); agents sharing a history need distinct,
	// stable IDs.
	ID string
}

// Agent is the running daemon.
type Agent struct {
	// cfgp is the configuration with the stack globs expanded (see
	// globs.go): read it through conf(); it is replaced, never changed,
	// when a glob's directories change.
	cfgp atomic.Pointer[config.Config]
	env  EnvFunc
	// providers installs a checkout's providers; nil when Env's serve.
	providers ProvidersFunc
	forges    map[string]Forge
	log       hclog.Logger
	store     History
	fleet     Fleet
	id        string
	guard     *auth.Guard
	queue     *queue.Queue
	metrics   *metrics
	redact    *redactor
	cron      *cron.Cron
	arts      *artifactsState // nil without artifacts and stages

	mu       sync.Mutex
	ctx      context.Context   // the triggers' context, once started
	enqueued map[string]string // stack → branch commit last queued by polling
	// slots are the run slots reserved by scheduled checks waiting to
	// claim their run (see pull.go).
	slots slots
	bg    sync.WaitGroup // pollers and event handlers
	// accessCache remembers commenters' access for comment commands.
	accessCache accessCache
	// triggers are each stack's poller and drift schedule, by stack name
	// (guarded by mu); globMu serialises the re-expansion of globs.
	triggers map[string]*stackTriggers
	globMu   sync.Mutex
	// prGlobsNoted holds the pull requests given a comment about their
	// stack globs ("FORGE REPO#N"; see prglobs.go).
	prGlobsNoted sync.Map
}

// New opens the run history in the data directory (marking runs a previous
// process left unfinished as interrupted) and prepares the agent.
func New(opts Options) (*Agent, error) {
	cfg := opts.Config
	log := opts.Log
	if log == nil {
		log = hclog.NewNullLogger()
	}
	a := &Agent{env: opts.Env, providers: opts.Providers, forges: opts.Forges, log: log, redact: newRedactor(cfg),
		enqueued: map[string]string{}, triggers: map[string]*stackTriggers{}}
	a.cfgp.Store(cfg)
	a.cron = cron.New(cron.WithLocation(time.UTC))
	if a.forges == nil {
		fs, err := forgeClients(cfg, log)
		if err != nil {
			return nil, err
		}
		a.forges = fs
	}
	for _, s := range cfg.Stacks {
		if _, err := driftRules(s); err != nil {
			return nil, err
		}
	}
	if err := checkPolicies(cfg); err != nil {
		return nil, err
	}
	st, err := openHistory(opts)
	if err != nil {
		return nil, err
	}
	a.id, a.fleet = opts.ID, opts.Fleet
	if n, err := st.MarkInterrupted(time.Now().UTC()); err != nil {
		st.Close()
		return nil, err
	} else if n > 0 {
		log.Warn("runs left unfinished by the previous process were marked interrupted", "count", n)
	}
	a.store = st
	if a.guard, err = a.newGuard(); err != nil {
		st.Close()
		return nil, err
	}
	a.resumeInterrupted()
	for _, s := range cfg.Stacks {
		a.pruneHistory(s.Name) // history_limit may have been lowered
	}
	a.metrics = newMetrics()
	a.loadMetrics()
	if a.arts, err = newArtifactsState(cfg, a.forges); err != nil {
		st.Close()
		return nil, err
	}
	a.queue = queue.New(queue.Options{Values: opts.Context, MaxConcurrent: cfg.Server.MaxConcurrentRuns, Timeout: cfg.Server.RunTimeout,
		Backoff: lockBackoff, Log: log.Named("queue"), OnDone: a.slots.signal})
	return a, nil
}

// resumeInterrupted forgets the branch commit of stacks whose latest run
// was interrupted by a stop, so that polling runs it again.
func (a *Agent) resumeInterrupted() {
	for _, s := range a.conf().Stacks {
		runs, err := a.store.List(store.Filter{Stack: s.Name, Limit: 1})
		if err != nil || len(runs) == 0 {
			continue
		}
		r := runs[0]
		if r.Outcome == store.OutcomeInterrupted && r.Ref == s.Branch && (r.Kind == store.KindApply || r.Kind == store.KindPlan) {
			a.log.Info("the last run of the branch was interrupted: it will run again", "stack", s.Name, "run", r.ID)
			a.storeStatus(s.Name, func(st *store.StackStatus) { st.LastSeenCommit = "" })
			a.unclaimBranch(r)
		}
	}
}

// lockBackoff is the waits before retrying a run whose state lock was
// held elsewhere: 2s, doubling up to a minute, each randomised by ±20%.
var lockBackoff = retry.Policy{First: 2 * time.Second, Max: time.Minute, Jitter: 0.2}

// forgeClients builds a client per configured forge.
func forgeClients(cfg *config.Config, log hclog.Logger) (map[string]Forge, error) {
	out := map[string]Forge{}
	for kind, f := range cfg.Forges {
		var c Forge
		var err error
		switch kind {
		case config.GitHub:
			c, err = forge.NewGitHub(f.APIURL, f.Token.Reveal(), log.Named("forge"))
		case config.GitLab:
			c, err = forge.NewGitLab(f.APIURL, f.Token.Reveal(), log.Named("forge"))
		}
		if err != nil {
			return nil, err
		}
		out[kind] = c
	}
	return out, nil
}

// Run serves HTTP on the configured address and runs the triggers until
// ctx is cancelled; then it shuts down gracefully (see Shutdown).
func (a *Agent) Run(ctx context.Context) error {
	ln, err := net.Listen("tcp", a.conf().Server.Listen)
	if err != nil {
		return fmt.Errorf("listening on %s: %w", a.conf().Server.Listen, err)
	}
	return a.Serve(ctx, ln)
}

// Serve is Run on a listener already open.
func (a *Agent) Serve(ctx context.Context, ln net.Listener) error {
	if err := checkListen(a.conf().Server, ln.Addr()); err != nil {
		ln.Close()
		a.store.Close()
		return err
	}
	tlsCfg, err := tlsConfig(a.conf().Server)
	if err != nil {
		ln.Close()
		a.store.Close()
		return err
	}
	if tlsCfg != nil {
		ln = tls.NewListener(ln, tlsCfg)
	}
	// The write timeout bounds slow clients; the run log's event stream
	// lifts it for itself (engine/agent/web/events.go).
	srv := &http.Server{Handler: a.Handler(), ReadHeaderTimeout: 10 * time.Second, WriteTimeout: 2 * time.Minute, TLSConfig: tlsCfg}
	a.log.Info("agent listening", "addr", ln.Addr().String(), "dashboard", a.conf().Server.PublicURL, "tls", tlsCfg != nil,
		"auth", !a.conf().Server.AuthOff, "stacks", len(a.conf().Stacks))
	a.hintTokens()
	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()
	a.startTriggers(ctx)
	select {
	case <-ctx.Done():
	case err := <-serveErr:
		a.shutdown(srv)
		return fmt.Errorf("http server: %w", err)
	}
	a.log.Info("shutting down: stopping triggers, finishing or aborting runs")
	return a.shutdown(srv)
}

// shutdown stops the triggers and the HTTP server, cancels running work
// (the engine saves state and releases locks), and closes the history.
func (a *Agent) shutdown(srv *http.Server) error {
	if a.cron != nil {
		<-a.cron.Stop().Done()
	}
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var errs []error
	if err := srv.Shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		errs = append(errs, err)
	}
	qctx, qcancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer qcancel()
	if err := a.queue.Shutdown(qctx); err != nil {
		errs = append(errs, fmt.Errorf("runs did not stop in time: %w", err))
	}
	a.bg.Wait()
	if err := a.store.Close(); err != nil {
		errs = append(errs, err)
	}
	a.log.Info("agent stopped")
	return errors.Join(errs...)
}

// conf is the configuration as it stands: stack globs expanded.
func (a *Agent) conf() *config.Config { return a.cfgp.Load() }

// driftRules parses the stack's drift ignore rules.
func driftRules(s *config.Stack) ([]drift.Rule, error) {
	if s.Drift == nil {
		return nil, nil
	}
	var out []drift.Rule
	for _, raw := range s.Drift.Ignore {
		r, err := drift.ParseRule(raw)
		if err != nil {
			return nil, fmt.Errorf("stack %q: drift ignore rule %q: %w", s.Name, raw, err)
		}
		out = append(out, r)
	}
	return out, nil
}

// runURL is the dashboard page of a run.
func (a *Agent) runURL(id uint64) string {
	return fmt.Sprintf("%s/runs/%d", a.conf().Server.PublicURL, id)
}

// cacheDir holds git clones.
func (a *Agent) cacheDir() string { return filepath.Join(a.conf().Server.DataDir, "git") }

// tfVarEnviron returns the TF_VAR_ variables of the agent's environment,
// which stacks may use for secrets; nothing else of the environment is
// passed to variables.
func tfVarEnviron() []string {
	var out []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "TF_VAR_") {
			out = append(out, kv)
		}
	}
	return out
}
