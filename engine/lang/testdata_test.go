package lang

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/engine/addrs"
)

// testData is a Data backed by maps, standing in for the planner. It
// records which resources were asked for.
type testData struct {
	resources map[addrs.Resource]cty.Value
	vars      map[string]cty.Value
	locals    map[string]cty.Value
	modules   map[string]cty.Value
	countIdx  cty.Value
	each      map[string]cty.Value
	asked     []addrs.Resource
}

var _ Data = (*testData)(nil)

func (d *testData) GetResource(r addrs.Resource, rng hcl.Range) (cty.Value, hcl.Diagnostics) {
	d.asked = append(d.asked, r)
	if v, ok := d.resources[r]; ok {
		return v, nil
	}
	return cty.DynamicVal, notFound(r.String(), rng)
}

func (d *testData) GetLocalValue(l addrs.LocalValue, rng hcl.Range) (cty.Value, hcl.Diagnostics) {
	return lookup(d.locals, l.Name, l.String(), rng)
}

func (d *testData) GetInputVariable(v addrs.InputVariable, rng hcl.Range) (cty.Value, hcl.Diagnostics) {
	return lookup(d.vars, v.Name, v.String(), rng)
}

func (d *testData) GetCountAttr(a addrs.CountAttr, rng hcl.Range) (cty.Value, hcl.Diagnostics) {
	if d.countIdx == cty.NilVal {
		return cty.DynamicVal, notFound(a.String(), rng)
	}
	return d.countIdx, nil
}

func (d *testData) GetForEachAttr(a addrs.ForEachAttr, rng hcl.Range) (cty.Value, hcl.Diagnostics) {
	return lookup(d.each, a.Name, a.String(), rng)
}

func (d *testData) GetPathAttr(a addrs.PathAttr, rng hcl.Range) (cty.Value, hcl.Diagnostics) {
	return cty.StringVal("/stack"), nil
}

func (d *testData) GetTerraformAttr(a addrs.TerraformAttr, rng hcl.Range) (cty.Value, hcl.Diagnostics) {
	return cty.StringVal("default"), nil
}

func (d *testData) GetModuleCall(c addrs.ModuleCall, rng hcl.Range) (cty.Value, hcl.Diagnostics) {
	return lookup(d.modules, c.Name, "module", rng)
}

func lookup(m map[string]cty.Value, name, what string, rng hcl.Range) (cty.Value, hcl.Diagnostics) {
	if v, ok := m[name]; ok {
		return v, nil
	}
	return cty.DynamicVal, notFound(what, rng)
}

func notFound(what string, rng hcl.Range) hcl.Diagnostics {
	return hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "No value", Detail: fmt.Sprintf("%s has no value in this test.", what), Subject: rng.Ptr()}}
}
