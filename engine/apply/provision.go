package apply

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/engine/config"
	"github.com/trueup/trueup/engine/eval"
	"github.com/trueup/trueup/engine/lang"
	"github.com/trueup/trueup/engine/provisioners"
)

// suppressedOutput is what replaces every output line of a provisioner
// whose configuration holds a sensitive or an ephemeral value, in
// Terraform's words ("(output suppressed due to sensitive, ephemeral
// value in config)"); "" when it holds neither.
func suppressedOutput(marks cty.ValueMarks) string {
	_, sensitive := marks[lang.Sensitive]
	_, ephemeral := marks[lang.Ephemeral]
	switch {
	case sensitive && ephemeral:
		return "(output suppressed due to sensitive, ephemeral value in config)"
	case sensitive:
		return "(output suppressed due to sensitive value in config)"
	case ephemeral:
		return "(output suppressed due to ephemeral value in config)"
	}
	return ""
}

// provision runs res's provisioners of kind when, in order, for the object
// self (marked) at addr. A failure of a provisioner with on_failure = fail
// is an error diagnostic and stops the rest; with continue it is ignored.
func (x *executor) provision(ctx context.Context, res *config.Resource, addr addrs.ResourceInstance, self, each cty.Value, when config.ProvisionerWhen) hcl.Diagnostics {
	if res == nil || res.Managed == nil {
		return nil
	}
	var diags hcl.Diagnostics
	for _, p := range res.Managed.Provisioners {
		if p.When != when {
			continue
		}
		ds := x.runProvisioner(ctx, res, p, addr, self, each)
		if ds.HasErrors() && p.OnFailure == config.ProvisionerContinue {
			x.opts.Log.Warn("provisioner failed; on_failure = continue", "address", addr.String(), "provisioner", p.Type)
			continue
		}
		diags = append(diags, ds...)
		if ds.HasErrors() {
			break
		}
	}
	return diags
}

// hasProvisioners reports whether res has provisioners that run when.
func hasProvisioners(res *config.Resource, when config.ProvisionerWhen) bool {
	if res == nil || res.Managed == nil {
		return false
	}
	for _, p := range res.Managed.Provisioners {
		if p.When == when {
			return true
		}
	}
	return false
}

// runProvisioner evaluates one provisioner and its connection with self
// and runs it, streaming its output through the hook.
func (x *executor) runProvisioner(ctx context.Context, res *config.Resource, p *config.Provisioner, addr addrs.ResourceInstance, self, each cty.Value) hcl.Diagnostics {
	scope := x.ev.InstanceScope(addr.Resource.Module, addr.Key, each)
	cfg, diags := scope.EvalBlockSelf(p.Config, provisioners.Schema(p.Type), self)
	conn := p.Connection
	if conn == nil {
		conn = res.Managed.Connection
	}
	connSchema := provisioners.ConnectionSchema()
	connVal := cty.NullVal(connSchema.ImpliedType())
	if conn != nil {
		var ds hcl.Diagnostics
		connVal, ds = scope.EvalBlockSelf(conn.Config, connSchema, self)
		diags = append(diags, ds...)
	}
	if diags.HasErrors() {
		return diags
	}
	if !cfg.IsWhollyKnown() || !connVal.IsWhollyKnown() {
		return append(diags, provisionerDiag(p, "Provisioner configuration not known",
			fmt.Sprintf("The configuration of this %s provisioner of %s depends on values that are not known yet.", p.Type, addr)))
	}
	plain, marks := cfg.UnmarkDeep()
	plainConn, _ := connVal.UnmarkDeep()
	for _, d := range provisioners.Validate(p.Type, plain) {
		diags = append(diags, eval.ProviderDiag(d, p.DeclRange.Ptr(), addr.String()))
	}
	if diags.HasErrors() {
		return diags
	}

	name := addr.String()
	output := func(line string) { x.opts.Hook.ProvisionOutput(name, p.Type, line) }
	if suppressed := suppressedOutput(marks); suppressed != "" {
		output = func(string) { x.opts.Hook.ProvisionOutput(name, p.Type, suppressed) }
	}
	x.opts.Hook.PreProvision(name, p.Type)
	err := provisioners.Run(ctx, provisioners.Request{Type: p.Type, Config: plain, Connection: plainConn, Output: output})
	if err != nil && len(marks) > 0 {
		// The error may quote the command, and with it the secret.
		err = errors.New("The provisioner failed; its configuration holds sensitive values, so the error is not shown.")
	}
	x.opts.Hook.PostProvision(name, p.Type, err)
	if err != nil {
		return append(diags, provisionerDiag(p, fmt.Sprintf("%s provisioner error", p.Type), err.Error()))
	}
	return diags
}

func provisionerDiag(p *config.Provisioner, summary, detail string) *hcl.Diagnostic {
	return &hcl.Diagnostic{Severity: hcl.DiagError, Summary: summary, Detail: detail, Subject: p.DeclRange.Ptr()}
}
