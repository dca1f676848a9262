package eval

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/engine/config"
	"github.com/trueup/trueup/engine/lang"
	"github.com/trueup/trueup/engine/provisioners"
	"github.com/trueup/trueup/schema"
)

// provisionerReferences returns what a resource's provisioner and
// connection blocks refer to besides self: the resource depends on those
// too, since its provisioners run as part of creating it.
func provisionerReferences(res *config.Resource) ([]*addrs.Reference, hcl.Diagnostics) {
	if res.Managed == nil || (res.Managed.Connection == nil && len(res.Managed.Provisioners) == 0) {
		return nil, nil // the common case: no schema to build
	}
	var refs []*addrs.Reference
	var diags hcl.Diagnostics
	add := func(body hcl.Body, b *schema.Block) {
		rs, ds := lang.ReferencesInSelfBlock(body, b)
		refs, diags = append(refs, rs...), append(diags, ds...)
	}
	conn := provisioners.ConnectionSchema()
	if res.Managed.Connection != nil {
		add(res.Managed.Connection.Config, conn)
	}
	for _, p := range res.Managed.Provisioners {
		add(p.Config, provisioners.Schema(p.Type))
		if p.Connection != nil {
			add(p.Connection.Config, conn)
		}
	}
	return refs, diags
}

// ValidateProvisioners evaluates the provisioner and connection blocks of
// res with self and every unknown value unknown, and checks them against
// their schemas, as validate and plan do before anything is created.
func (ev *Evaluator) ValidateProvisioners(scope *lang.Scope, res *config.Resource, self cty.Value) hcl.Diagnostics {
	if res.Managed == nil || (res.Managed.Connection == nil && len(res.Managed.Provisioners) == 0) {
		return nil // most resources: no schema to build for every instance
	}
	var diags hcl.Diagnostics
	connSchema := provisioners.ConnectionSchema()
	checkConn := func(c *config.Connection) {
		v, ds := scope.EvalBlockSelf(c.Config, connSchema, self)
		diags = append(diags, ds...)
		if ds.HasErrors() {
			return
		}
		plain, _ := v.UnmarkDeep()
		for _, d := range provisioners.ValidateConnection(plain) {
			rng := AttributeRange(c.Config, d.Attribute, c.DeclRange)
			diags = append(diags, ProviderDiag(d, &rng, res.Addr().String()))
		}
	}
	if res.Managed.Connection != nil {
		checkConn(res.Managed.Connection)
	}
	for _, p := range res.Managed.Provisioners {
		b := provisioners.Schema(p.Type)
		if b == nil {
			continue // reported by the loader
		}
		cfg, ds := scope.EvalBlockSelf(p.Config, b, self)
		diags = append(diags, ds...)
		if !ds.HasErrors() {
			plain, _ := cfg.UnmarkDeep()
			for _, d := range provisioners.Validate(p.Type, plain) {
				diags = append(diags, ProviderDiag(d, p.DeclRange.Ptr(), res.Addr().String()))
			}
		}
		if p.Connection != nil {
			checkConn(p.Connection)
		}
	}
	return diags
}
