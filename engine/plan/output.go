package plan

import (
	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/engine/config"
	"github.com/trueup/trueup/engine/lang"
	"github.com/trueup/trueup/engine/plans"
	"github.com/zclconf/go-cty/cty"
)

// planOutput compares a root output, evaluated by the walk, with the
// stored value.
func (p *planner) planOutput(o *config.Output) {
	v, ok := p.ev.Output(addrs.RootModuleInstance, o.Name)
	if !ok {
		return
	}
	p.addOutput(o.Name, v, o.Sensitive)
}

func (p *planner) addOutput(name string, after cty.Value, sensitive bool) {
	before := cty.NullVal(cty.DynamicPseudoType)
	if p.opts.State != nil {
		if old := p.opts.State.Outputs[name]; old != nil {
			before = old.Value
			sensitive = sensitive || old.Sensitive
		}
	}
	oc := &plans.OutputChange{Name: name, Before: before, After: after, Sensitive: sensitive}
	ua, _ := lang.UnmarkDeep(after)
	switch {
	case after.IsNull() && before.IsNull():
		oc.Action = plans.NoOp
	case before.IsNull():
		oc.Action = plans.Create
	case after.IsNull():
		oc.Action = plans.Delete
	case ua.IsWhollyKnown() && ua.RawEquals(before):
		oc.Action = plans.NoOp
	default:
		oc.Action = plans.Update
	}
	p.mu.Lock()
	p.outputs = append(p.outputs, oc)
	p.mu.Unlock()
}
