package eval

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/engine/config"
	"github.com/trueup/trueup/engine/lang"
)

// connectConditions adds the edges of custom conditions: a condition is
// evaluated with its block, so the block waits for what its conditions
// name (self excepted).
func (g *ModuleGraph) connectConditions(from string, c *config.Config, rules ...[]*config.CheckRule) hcl.Diagnostics {
	var diags hcl.Diagnostics
	for _, list := range rules {
		for _, rule := range list {
			for _, expr := range []hcl.Expression{rule.Condition, rule.ErrorMessage} {
				refs, ds := lang.ReferencesInCondition(expr)
				diags = append(diags, ds...)
				g.connectRefs(from, c, refs)
			}
		}
	}
	return diags
}

// connectValidations adds the edges of a child module variable's
// validation rules to the module's other variables they refer to: as in
// Terraform 1.9 and later, a rule may refer to them. Rules that name other
// objects belong to the variable's validation node instead.
func (g *ModuleGraph) connectValidations(from string, c *config.Config, v *config.Variable) hcl.Diagnostics {
	var diags hcl.Diagnostics
	for _, rule := range v.Validations {
		if !rule.RefersOnlyToVariables() {
			continue
		}
		for _, expr := range []hcl.Expression{rule.Condition, rule.ErrorMessage} {
			refs, ds := lang.ReferencesInExpr(expr)
			diags = append(diags, ds...)
			for _, ref := range refs {
				if s, ok := ref.Subject.(addrs.InputVariable); ok && s.Name != v.Name {
					g.connectRefs(from, c, []*addrs.Reference{ref})
				}
			}
		}
	}
	return diags
}

// connectLifecycle adds the edges of a resource's conditions and of its
// replace_triggered_by: whether a trigger changes is known only once the
// trigger is planned.
func (g *ModuleGraph) connectLifecycle(from string, c *config.Config, res *config.Resource) hcl.Diagnostics {
	diags := g.connectConditions(from, c, res.Preconditions, res.Postconditions)
	if res.Managed != nil {
		diags = append(diags, g.connectExpr(from, c, res.Managed.ReplaceTriggeredBy...)...)
	}
	return diags
}
