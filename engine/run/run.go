package run

import (
	"context"
	"errors"
	"github.com/trueup/trueup/engine/encryption"
	"maps"
	"slices"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/hcl/v2"
	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/engine/apply"
	"github.com/trueup/trueup/engine/config"
	"github.com/trueup/trueup/engine/eval"
	"github.com/trueup/trueup/engine/hook"
	"github.com/trueup/trueup/engine/lang"
	"github.com/trueup/trueup/engine/plan"
	"github.com/trueup/trueup/engine/plans"
	"github.com/trueup/trueup/engine/state"
	"github.com/trueup/trueup/engine/vars"
	"github.com/trueup/trueup/engine/version"
	"github.com/trueup/trueup/schema"
	"github.com/zclconf/go-cty/cty"
)

// BackendOpener opens the state backend of the stack loaded from dir.
type BackendOpener func(ctx context.Context, dir string, mod *config.Module) (state.Backend, error)

// Env is what operations draw on: the built-in providers and backends.
type Env struct {
	Providers   schema.Registry
	OpenBackend BackendOpener
	Log         hclog.Logger
	// StateCodec, when set, returns the codec of the backend OpenBackend
	// opened. When its Sealer (an *encryption.Target) read the state with
	// a fallback method (an old key, or in clear while migrating to
	// encryption), apply writes the state again with the current method,
	// even when nothing else changes, so that a key rotation or migration
	// completes (see docs/encryption.md); errored.tfstate is encoded with
	// it too.
	StateCodec func() state.Codec
}

// stateCodec is env's StateCodec, or the plain codec.
func (env Env) stateCodec() state.Codec {
	if env.StateCodec == nil {
		return state.Codec{}
	}
	return env.StateCodec()
}

// staleEncryption reports whether the state was read with a fallback
// encryption method.
func (env Env) staleEncryption() bool {
	t, ok := env.stateCodec().Sealer.(*encryption.Target)
	return ok && t.Stale()
}

// Request describes one operation.
type Request struct {
	// Dir is the stack's directory.
	Dir string
	// ModulesDir is where the stack's modules were installed
	// (InstallRequest.ModulesDir): "" is Dir/.terraform/modules.
	ModulesDir string
	// Vars are -var and -var-file arguments in order; Environ supplies
	// TF_VAR_ variables (nil: none).
	Vars    []vars.Arg
	Environ []string
	Mode    plans.Mode
	Targets []string
	// Excludes are the -exclude addresses.
	Excludes []string
	Replace  []string
	// SkipRefresh is -refresh=false; RefreshChanged is -refresh=changed
	// (plan.Options.RefreshChanged).
	SkipRefresh    bool
	RefreshChanged bool
	Parallelism    int
	// NoLock is -lock=false; LockTimeout is -lock-timeout.
	NoLock      bool
	LockTimeout time.Duration
	// Operation names the lock holder's operation ("plan", "apply", ...).
	Operation string
	Commit    string
	Source    string
	Hook      hook.Hook
	// GenerateConfigOut is plan -generate-config-out: the new file,
	// relative to Dir, that receives resource blocks generated for import
	// targets without configuration; "" generates nothing.
	GenerateConfigOut string
	// Workspace is the selected workspace ("" is "default"): the one
	// OpenBackend opens, and terraform.workspace.
	Workspace string
	// Config is Dir's configuration tree when the caller has already
	// loaded it without errors (LoadConfigModules of Dir and ModulesDir,
	// to resolve its providers); nil loads it.
	Config *config.Config
	// NoConfigOK lets the run go on in a directory without configuration
	// files, which plan and apply refuse (requireConfig): `refresh`, which
	// Terraform runs there too.
	NoConfigOK bool
	// Drop names what the caller does not read after the run, for the
	// engine to drop as it goes (Drop's constants say what each keeps
	// down and who sets it). The zero value drops nothing: the agent,
	// which renders every run's plan after it, leaves it so (engine/agent's
	// TestAgentNeverReleasesWhatItRenders fails if it names the field).
	Drop Drop
	// PlanRead, with DropPlanValues, is closed once the caller has done
	// reading the plan's values after its approver approved it: the CLI's
	// auto-approved apply writes the plan's text while the apply starts
	// (apply.Options.PlanRead). Nil: the caller reads none once approved.
	PlanRead <-chan struct{}
	// AllowUnsetVariables makes a required root variable without a value
	// unknown instead of an error, as Terraform's console takes it.
	AllowUnsetVariables bool
	// StateRead, when set, is called with the stored state once it is
	// read, before planning (the CLI tunes its garbage collector to the
	// number of objects).
	StateRead func(*state.State)
}

// Drop is a set of things a run's caller does not read after the run
// (Request.Drop).
type Drop uint8

const (
	// DropPlanValues says that the caller reads no change's Before or
	// After in Result.Plan after an apply (apply.Options.ReleaseValues):
	// the apply drops them as it goes, which keeps a large apply's peak
	// memory down. The CLI's apply sets it.
	DropPlanValues Drop = 1 << iota
	// DropConfig says that the caller evaluates nothing of the
	// configuration after the run, and renders no JSON plan (which quotes
	// its expressions) after it: a plan without an apply drops each
	// resource's body once it is planned (plan.Options.ReleaseConfig), an
	// apply once it is applied (apply.Options.ReleaseConfig). A plan
	// followed by its apply drops, once planned, the bodies of the
	// resources whose prepared body it carries to the apply without them
	// (plan.Options.CarryPrepared). The CLI's plan without -json and its
	// apply set it.
	DropConfig
	// DropRelevantAttributes says that the caller neither saves the plan
	// nor renders it as JSON, the only readers of its relevant attributes
	// (plan.Options.SkipRelevantAttributes). The CLI's plan without -json
	// and -out and its apply without -json set it.
	DropRelevantAttributes
)

// Has reports whether d includes all of what.
func (d Drop) Has(what Drop) bool { return d&what == what }

// Result is what an operation produced. Diagnostics hold every problem,
// with Files to print their source lines.
type Result struct {
	Plan        *plans.Plan
	Diagnostics hcl.Diagnostics
	Files       map[string]*hcl.File
	// Cancelled is set when the Approver declined the plan.
	Cancelled bool
	// Applied is set when apply ran; State and Counts are then its result,
	// and SaveErr is set when the backend refused the final state (it was
	// written to errored.tfstate).
	Applied bool
	SaveErr error
	State   *state.State
	Counts  plans.Counts
	// GeneratedFile is the file -generate-config-out wrote, "" when none.
	GeneratedFile string
}

// LockLease is how long a state lock lasts unless renewed; the holder
// renews it every quarter lease while it runs. A lock whose holder died
// (kill -9) blocks other runs of a remote backend for up to this long;
// the CLI sets it from TRUEUP_LOCK_LEASE.
var LockLease = 2 * time.Minute

// Approver decides, after seeing the plan, whether to apply it.
type Approver func(p *plans.Plan) (bool, error)

// Plan makes a plan and releases the lock.
func Plan(ctx context.Context, env Env, req Request) *Result {
	return execute(ctx, env, req, nil)
}

// PlanAndApply plans, asks approve, and applies under the same lock. With
// a nil approve, it applies whenever the plan has changes.
func PlanAndApply(ctx context.Context, env Env, req Request, approve Approver) *Result {
	if approve == nil {
		approve = func(*plans.Plan) (bool, error) { return true, nil }
	}
	return execute(ctx, env, req, approve)
}

func execute(ctx context.Context, env Env, req Request, approve Approver) *Result {
	res := &Result{Files: map[string]*hcl.File{}}
	env, req = withDefaults(env, req)
	if res.Diagnostics = checkGenerateTarget(req); res.Diagnostics.HasErrors() {
		return res
	}
	cfg, vals, ok := load(req, res, func(root *config.Module) hcl.Diagnostics {
		if req.NoConfigOK {
			return nil
		}
		return requireConfig(req.Mode, root, approve != nil)
	})
	if !ok {
		return res
	}
	targets, replace, diags := parseAddrs(req.Targets, req.Replace)
	excludes, ds := parseExcludes(req.Targets, req.Excludes)
	diags = append(diags, ds...)
	if res.Diagnostics = append(res.Diagnostics, diags...); diags.HasErrors() {
		return res
	}
	provs := eval.NewProviders(env.Providers)
	defer provs.Close()
	// The providers the configuration names are configured while the
	// state is opened, locked and read (plan.StartEarly); the plan reports
	// how that went where it always has. When the run stops before it
	// plans, their configuration is cut short and forgotten.
	var early *plan.Early
	if req.GenerateConfigOut == "" {
		earlyCtx, cancelEarly := context.WithCancel(ctx)
		early = plan.StartEarly(earlyCtx, plan.Options{Config: cfg, Vars: vals, Providers: provs, Workspace: req.Workspace, Hook: req.Hook})
		defer func() {
			if res.Plan == nil {
				cancelEarly() // the run stopped before it planned
			}
			early.Wait()
			early.Close(ctx)
		}()
	}
	withState(ctx, env, req, cfg.Module, res, func(b state.Backend, stored *state.State) {
		var generated map[addrs.ResourceInstance]string
		if req.GenerateConfigOut != "" {
			gen, diags := generateConfig(ctx, env, req, cfg, vals, stored)
			res.GeneratedFile = gen.path
			maps.Copy(res.Files, gen.cfg.Files())
			if res.Diagnostics = append(res.Diagnostics, diags...); diags.HasErrors() {
				return
			}
			cfg, generated = gen.cfg, gen.blocks
		}
		var planGraph *eval.ModuleGraph // for the apply, which walks it again
		p, diags := plan.Plan(ctx, plan.Options{
			Config: cfg, Vars: vals, State: stored, Providers: provs, Mode: req.Mode,
			Targets: targets, Excludes: excludes, Replace: replace, SkipRefresh: req.SkipRefresh, RefreshChanged: req.RefreshChanged, Parallelism: req.Parallelism,
			Hook: req.Hook, Log: env.Log, Commit: req.Commit, Source: req.Source, Workspace: req.Workspace,
			GeneratedConfig: generated, ReleaseConfig: req.Drop.Has(DropConfig),
			Graph:                  func(g *eval.ModuleGraph) { planGraph = g },
			CarryPrepared:          approve != nil,
			SkipRelevantAttributes: req.Drop.Has(DropRelevantAttributes),
			Early:                  early,
		})
		res.Plan = p
		if approve != nil && !diags.HasErrors() && stored != nil && env.staleEncryption() {
			if err := b.Write(ctx, stored); err != nil {
				res.fail("Failed to re-encrypt the state", err)
				return
			}
		}
		if approve != nil && !diags.HasErrors() {
			diags = eval.WithoutCheckDiagnostics(diags) // apply reports the checks again
		}
		if res.Diagnostics = append(res.Diagnostics, diags...); diags.HasErrors() || approve == nil {
			return
		}
		if !p.HasChanges() {
			// Nothing to do but record what refresh found (drift, data
			// sources), as Terraform does since 0.15.4: no approval is
			// needed for that, and nothing is written when nothing changed.
			// Callers show such a plan after the run: its values stay.
			req.Drop &^= DropPlanValues | DropConfig
			res.apply(ctx, env, req, cfg, provs, b, stored, p, planGraph)
			return
		}
		ok, err := approve(p)
		switch {
		case err != nil:
			res.fail("Apply not approved", err)
		case !ok:
			res.Cancelled = true
		default:
			res.apply(ctx, env, req, cfg, provs, b, stored, p, planGraph)
		}
	})
	return res
}

// withState opens the stack's backend, locks it, reads the state, calls fn,
// and releases the lock.
func withState(ctx context.Context, env Env, req Request, mod *config.Module, res *Result, fn func(b state.Backend, stored *state.State)) {
	b, err := env.OpenBackend(ctx, req.Dir, mod)
	if err != nil {
		res.fail("Failed to open the state backend", err)
		return
	}
	// A lock taken over from a holder that died is told as a warning.
	noticed := state.WithLockNotice(ctx, func(msg string) {
		res.Diagnostics = append(res.Diagnostics, &hcl.Diagnostic{Severity: hcl.DiagWarning, Summary: "State lock taken over", Detail: msg})
	})
	unlock, err := Lock(noticed, b, req.Operation, !req.NoLock, req.LockTimeout, env.Log)
	if err != nil {
		res.fail("Failed to lock the state", err)
		return
	}
	defer func() {
		if err := unlock(); err != nil {
			res.fail("Failed to release the state lock", err)
		}
	}()
	// A state journal of another state version is set aside, not
	// applied (docs/state.md, "The journal"): told as a warning.
	journalNoticed := state.WithLockNotice(ctx, func(msg string) {
		res.Diagnostics = append(res.Diagnostics, &hcl.Diagnostic{Severity: hcl.DiagWarning, Summary: "State journal not applied", Detail: msg})
	})
	stored, err := b.Read(journalNoticed)
	if err != nil {
		res.fail("Failed to read the state", err)
		return
	}
	if req.StateRead != nil && stored != nil {
		req.StateRead(stored)
	}
	fn(b, stored)
}

// apply executes p and records the outcome. provs are the plan's
// providers: a provider configured alike for the plan is not started and
// configured again.
func (r *Result) apply(ctx context.Context, env Env, req Request, cfg *config.Config, provs *eval.Providers, b state.Backend, stored *state.State, p *plans.Plan, g *eval.ModuleGraph) {
	ar, diags := apply.Apply(ctx, apply.Options{
		Plan: p, Config: cfg, Providers: provs, Backend: b, Stored: stored,
		Parallelism: req.Parallelism, Hook: req.Hook, Log: env.Log, Version: version.Version,
		Codec: env.stateCodec(), ReleaseValues: req.Drop.Has(DropPlanValues), PlanRead: req.PlanRead,
		ReleaseConfig: req.Drop.Has(DropConfig), Graph: g,
	})
	r.Diagnostics = append(r.Diagnostics, diags...)
	if ar != nil {
		r.Applied, r.State, r.Counts, r.SaveErr = true, ar.State, ar.Counts, ar.SaveErr
	}
}

// load reads the configuration tree of req.Dir, checks its root module
// with check (nil: no check) before the variables, whose values would
// otherwise be refused as undeclared, and collects the root variables.
func load(req Request, res *Result, check func(root *config.Module) hcl.Diagnostics) (*config.Config, map[string]cty.Value, bool) {
	cfg, diags := req.Config, hcl.Diagnostics(nil)
	if cfg == nil {
		cfg, diags = LoadConfigModules(req.Dir, req.ModulesDir)
	}
	if cfg != nil {
		maps.Copy(res.Files, cfg.Files())
	}
	if res.Diagnostics = append(res.Diagnostics, diags...); diags.HasErrors() {
		return nil, nil, false
	}
	if diags := requiredVersionWarnings(cfg); len(diags) > 0 {
		if res.Diagnostics = append(res.Diagnostics, diags...); diags.HasErrors() {
			return nil, nil, false
		}
	}
	mod := cfg.Module
	if check != nil {
		if diags := check(mod); diags.HasErrors() {
			res.Diagnostics = append(res.Diagnostics, diags...)
			return nil, nil, false
		}
	}
	raw, diags := vars.Collect(req.Dir, req.Environ, req.Vars)
	maps.Copy(res.Files, raw.Files)
	if res.Diagnostics = append(res.Diagnostics, diags...); diags.HasErrors() {
		return nil, nil, false
	}
	vals, diags := vars.Finalize(mod, raw, (&lang.Scope{BaseDir: mod.SourceDir}).Functions())
	if req.AllowUnsetVariables {
		// Finalize left each of them unknown.
		diags = slices.DeleteFunc(diags, func(d *hcl.Diagnostic) bool { return d.Summary == vars.NoValueSummary })
	}
	res.Diagnostics = append(res.Diagnostics, diags...)
	return cfg, vals, !diags.HasErrors()
}

func parseAddrs(targets, replace []string) ([]addrs.Target, []addrs.ResourceInstance, hcl.Diagnostics) {
	var diags hcl.Diagnostics
	var ts []addrs.Target
	var rs []addrs.ResourceInstance
	for _, s := range targets {
		t, ds := addrs.ParseTarget(s)
		diags = append(diags, ds...)
		ts = append(ts, t)
	}
	for _, s := range replace {
		r, ds := addrs.ParseResourceInstance(s)
		diags = append(diags, ds...)
		rs = append(rs, r)
	}
	return ts, rs, diags
}

func (r *Result) fail(summary string, err error) *Result {
	detail := err.Error()
	var own *DiagnosticError
	if errors.As(err, &own) {
		summary, detail = own.Summary, own.Detail
	}
	r.Diagnostics = append(r.Diagnostics, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: summary, Detail: detail})
	return r
}

// DiagnosticError is an error that says how a run reports it, for the
// functions of Env to return one that tells the user what to do (the
// CLI's OpenBackend: "Backend initialization required") under its own
// summary rather than the step's ("Failed to open the state backend").
type DiagnosticError struct {
	Summary, Detail string
}

func (e *DiagnosticError) Error() string { return e.Summary + "\n\n" + e.Detail }

func withDefaults(env Env, req Request) (Env, Request) {
	if env.Log == nil {
		env.Log = hclog.NewNullLogger()
	}
	if req.Hook == nil {
		req.Hook = hook.Nop{}
	}
	if req.Operation == "" {
		req.Operation = "apply"
	}
	return env, req
}
