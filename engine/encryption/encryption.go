package encryption

import (
	"context"
	"fmt"
	"sort"

	"github.com/hashicorp/hcl/v2"
)

// Encryption is a stack's configured encryption: one Target for state,
// one for saved plans and those for terraform_remote_state reads. A nil
// *Encryption, or a nil Target, encrypts nothing.
type Encryption struct {
	state, plan   *Target
	remoteDefault *Target
}

// New builds cfg's key providers, methods and targets, evaluating their
// arguments in evalCtx (var.* and functions; nothing from state). It
// makes no key yet: the first encryption or decryption does (for aws_kms,
// a request to KMS). cfg nil means no encryption.
func New(cfg *Config, evalCtx *hcl.EvalContext) (*Encryption, hcl.Diagnostics) {
	if cfg == nil {
		return nil, nil
	}
	var diags hcl.Diagnostics
	keys := map[string]*keySource{}
	for _, kpc := range cfg.KeyProviders {
		decode, ok := keyProviderTypes[kpc.Type]
		if !ok {
			diags = append(diags, unknownType("key_provider", kpc.Type, kpc.DeclRange, keyProviderTypes))
			continue
		}
		kp, d := decode(kpc.Body, evalCtx)
		diags = append(diags, d...)
		keys[kpc.Addr()] = &keySource{cfg: kpc, kp: kp}
	}
	methods := map[string]method{}
	for _, mc := range cfg.Methods {
		decode, ok := methodTypes[mc.Type]
		if !ok {
			diags = append(diags, unknownType("method", mc.Type, mc.DeclRange, methodTypes))
			continue
		}
		if mc.Type == "unencrypted" {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagWarning, Summary: "Unencrypted method configured",
				Detail:  "Method unencrypted is present in configuration. This is a security risk and should only be enabled during migrations.",
				Subject: mc.DeclRange.Ptr()})
		}
		m, d := decode(mc.Body, evalCtx, keys)
		diags = append(diags, d...)
		methods[mc.Addr()] = m
	}
	if diags.HasErrors() {
		return nil, diags
	}
	enc := &Encryption{}
	var d hcl.Diagnostics
	enc.state, d = newTarget("state", stateKind, cfg.State, methods)
	diags = append(diags, d...)
	enc.plan, d = newTarget("plan", planKind, cfg.Plan, methods)
	diags = append(diags, d...)
	if cfg.Remote != nil {
		enc.remoteDefault, d = newTarget("remote_state_data_sources.default", stateKind, cfg.Remote.Default, methods)
		diags = append(diags, d...)
		for name, t := range cfg.Remote.Targets {
			diags = append(diags, perDataSourceTarget(name, t))
		}
	}
	if diags.HasErrors() {
		return nil, diags
	}
	return enc, diags
}

func unknownType[T any](what, typ string, rng hcl.Range, known map[string]T) *hcl.Diagnostic {
	names := make([]string, 0, len(known))
	for n := range known {
		names = append(names, n)
	}
	sort.Strings(names)
	return &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Unknown " + what + " type",
		Detail: fmt.Sprintf("trueup has no %s of type %q; the types are %q.", what, typ, names), Subject: rng.Ptr()}
}

// State is the target for the stack's state, nil when not encrypted.
func (e *Encryption) State() *Target {
	if e == nil {
		return nil
	}
	return e.state
}

// Plan is the target for saved plans, nil when not encrypted.
func (e *Encryption) Plan() *Target {
	if e == nil {
		return nil
	}
	return e.plan
}

// RemoteState is the target for what terraform_remote_state reads
// (remote_state_data_sources { default { ... } }), nil when not
// encrypted.
func (e *Encryption) RemoteState() *Target {
	if e == nil {
		return nil
	}
	return e.remoteDefault
}

// background is the context KMS requests run in: Sealer's methods take
// no context, and each KMS call is bounded by kmsCallTimeout instead.
var background = context.Background()

// Validate checks cfg without evaluating it (no variable values are
// needed, and no key is made): block types are known, every target names
// a declared method, enforced targets have no unencrypted method, and
// remote targets are the default one. `trueup validate` runs it.
func Validate(cfg *Config) hcl.Diagnostics {
	if cfg == nil {
		return nil
	}
	var diags hcl.Diagnostics
	for _, kpc := range cfg.KeyProviders {
		if _, ok := keyProviderTypes[kpc.Type]; !ok {
			diags = append(diags, unknownType("key_provider", kpc.Type, kpc.DeclRange, keyProviderTypes))
		}
	}
	methods := map[string]method{}
	for _, mc := range cfg.Methods {
		switch _, ok := methodTypes[mc.Type]; {
		case !ok:
			diags = append(diags, unknownType("method", mc.Type, mc.DeclRange, methodTypes))
		case mc.Type == "unencrypted":
			methods[mc.Addr()] = unencrypted{}
		default:
			methods[mc.Addr()] = &aesGCM{}
		}
	}
	_, d := newTarget("state", stateKind, cfg.State, methods)
	diags = append(diags, d...)
	_, d = newTarget("plan", planKind, cfg.Plan, methods)
	diags = append(diags, d...)
	if cfg.Remote != nil {
		_, d = newTarget("remote_state_data_sources.default", stateKind, cfg.Remote.Default, methods)
		diags = append(diags, d...)
		for name, t := range cfg.Remote.Targets {
			diags = append(diags, perDataSourceTarget(name, t))
		}
	}
	return diags
}

func perDataSourceTarget(name string, t *TargetConfig) *hcl.Diagnostic {
	// The terraform provider is not told which data source it reads for,
	// so a per-data-source target cannot be honoured: say so rather than
	// decrypt with the wrong method.
	return &hcl.Diagnostic{Severity: hcl.DiagError,
		Summary: "Per-data-source remote state encryption is not supported",
		Detail: fmt.Sprintf("trueup reads every terraform_remote_state with remote_state_data_sources { default { ... } }; "+
			"move the method of remote_state_data_source %q into the default block (a fallback there can hold a second method).", name),
		Subject: t.DeclRange.Ptr()}
}
