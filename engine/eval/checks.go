package eval

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/engine/config"
	"github.com/zclconf/go-cty/cty"
)

// SetCheckDataResult records whether the scoped data source of check chk
// in module instance mi could be read: when diags hold errors, the check
// fails with their messages ("Summary: Detail", as Terraform records
// them) and its assertions are not evaluated.
func (e *Evaluator) SetCheckDataResult(mi addrs.ModuleInstance, chk *config.Check, diags hcl.Diagnostics) {
	var msgs []string
	for _, d := range diags {
		if d.Severity == hcl.DiagError {
			msgs = append(msgs, d.Summary+": "+d.Detail)
		}
	}
	key := callKey{parent: mi, name: chk.Name}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.checkData == nil {
		e.checkData = map[callKey][]string{}
	}
	if len(msgs) == 0 {
		delete(e.checkData, key)
		return
	}
	e.checkData[key] = msgs
}

// EvalCheck evaluates the assertions of check chk in module instance mi:
// failures are warnings. A check whose scoped data source could not be
// read fails with the read's errors, which were reported already.
func (e *Evaluator) EvalCheck(mi addrs.ModuleInstance, chk *config.Check) (ConditionResult, hcl.Diagnostics) {
	e.mu.RLock()
	failed := e.checkData[callKey{parent: mi, name: chk.Name}]
	e.mu.RUnlock()
	if len(failed) > 0 {
		return ConditionResult{Status: CheckFail, FailureMessages: failed}, nil
	}
	res, diags := EvalConditions(CheckAssertion, chk.Asserts, e.Scope(mi), cty.NilVal)
	for _, d := range diags {
		d.Severity = hcl.DiagWarning
	}
	return res, MarkCheckDiagnostics(diags)
}
