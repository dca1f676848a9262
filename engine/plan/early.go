package plan

import (
	"context"

	"github.com/hashicorp/hcl/v2"
	"github.com/trueup/trueup/engine/config"
	"github.com/trueup/trueup/engine/eval"
)

// Early is the part of a plan that needs the configuration but not the
// state, begun while the caller opens, locks and reads the state
// (StartEarly): the configuration's validations, then the configuration
// of the providers its resources use (the AWS provider's
// LoadDefaultConfig and its credentials check, a round trip to STS).
// Plan takes it up through Options.Early, and reports what it found
// where it would have found it itself (docs/engine.md, "Providers
// configured while the state is read").
type Early struct {
	config *config.Config
	ev     *eval.Evaluator
	done   chan struct{}
	// diags are the validations'; configured is nil when they failed.
	diags      hcl.Diagnostics
	configured eval.Configured
}

// StartEarly starts, on a goroutine of its own, the validations and the
// provider configuration that Plan with opts would begin with, and
// returns at once. opts.Providers must not be used until Wait returns
// (Plan waits); a caller that does not go on to Plan (the state could not
// be locked or read) calls Wait before closing them, after cancelling ctx
// to cut a provider's configuration short. ctx is the context providers
// are configured with, as Plan's would be.
func StartEarly(ctx context.Context, opts Options) *Early {
	e := &Early{config: opts.Config, ev: newEvaluator(opts), done: make(chan struct{})}
	go func() {
		defer close(e.done)
		if e.diags = validate(ctx, opts); e.diags.HasErrors() {
			return
		}
		keys, ds := eval.ProviderKeys(opts.Config, nil)
		if ds.HasErrors() {
			return // Plan reports them, with the state's keys
		}
		e.configured = eval.ConfigureEach(ctx, e.ev, opts.Providers, keys)
	}()
	return e
}

// Wait returns once what StartEarly began is done. A nil Early is done.
func (e *Early) Wait() {
	if e != nil {
		<-e.done
	}
}

// Close closes the ephemeral resources a provider block needed, when no
// plan took up what e began (Plan closes them otherwise). It waits for e.
func (e *Early) Close(ctx context.Context) {
	e.Wait()
	if e != nil && e.ev != nil {
		e.ev.Ephemerals.Close(context.WithoutCancel(ctx))
	}
}

// validate is what a plan checks of its configuration before it
// configures any provider.
func validate(ctx context.Context, opts Options) hcl.Diagnostics {
	var diags hcl.Diagnostics
	diags = append(diags, eval.ValidateReferences(opts.Config)...)
	diags = append(diags, eval.ValidateModuleCalls(opts.Config)...)
	return append(diags, eval.ValidateResourceTypes(ctx, opts.Config, opts.Providers)...)
}

// newEvaluator is the plan's evaluator of opts' configuration.
func newEvaluator(opts Options) *eval.Evaluator {
	ev := eval.NewEvaluator(opts.Config, eval.MarkVariables(opts.Config.Module, opts.Vars), true)
	ev.Workspace = opts.Workspace
	ev.Ephemerals = eval.NewEphemerals(ev, opts.Providers, opts.Hook)
	return ev
}
