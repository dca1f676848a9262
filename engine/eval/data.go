package eval

import (
	"fmt"
	"os"
	"path"
	"path/filepath"

	"github.com/hashicorp/hcl/v2"
	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/engine/config"
	"github.com/trueup/trueup/engine/lang"
	"github.com/zclconf/go-cty/cty"
)

// moduleData answers the references of expressions written in one module
// instance: addresses in them are relative to mi.
type moduleData struct {
	ev  *Evaluator
	mi  addrs.ModuleInstance
	cfg *config.Config
}

// GetResource returns the whole value of a resource of this module.
func (d *moduleData) GetResource(r addrs.Resource, rng hcl.Range) (cty.Value, hcl.Diagnostics) {
	if d.cfg.Module.ResourceByAddr(r) == nil {
		return cty.DynamicVal, hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "Reference to undeclared resource",
			Detail:   lang.UndeclaredResource(r, moduleName(d.cfg.Path)),
			Subject:  rng.Ptr(),
		}}
	}
	return d.ev.resourceValue(r.InModule(d.mi)), nil
}

// GetLocalValue returns a local value computed earlier in the walk.
func (d *moduleData) GetLocalValue(l addrs.LocalValue, rng hcl.Range) (cty.Value, hcl.Diagnostics) {
	if _, ok := d.cfg.Module.Locals[l.Name]; !ok {
		return cty.DynamicVal, undeclared("local value", fmt.Sprintf("A local value with the name %q has not been declared.", l.Name), rng)
	}
	if v, ok := d.ev.named(d.mi, func(mv *moduleValues) map[string]cty.Value { return mv.locals }, l.Name); ok {
		return v, nil
	}
	return cty.DynamicVal, nil
}

// GetInputVariable returns an input variable's value: the root's from
// the Evaluator, a child module's as its call gave it.
func (d *moduleData) GetInputVariable(v addrs.InputVariable, rng hcl.Range) (cty.Value, hcl.Diagnostics) {
	decl, declared := d.cfg.Module.Variables[v.Name]
	if !declared {
		return cty.DynamicVal, undeclared("input variable", fmt.Sprintf("An input variable with the name %q has not been declared. This variable can be declared with a variable %q {} block.", v.Name, v.Name), rng)
	}
	if d.mi.IsRoot() {
		if val, ok := d.ev.Vars[v.Name]; ok {
			return val, nil
		}
		return cty.DynamicVal, nil
	}
	if val, ok := d.ev.named(d.mi, func(mv *moduleValues) map[string]cty.Value { return mv.vars }, v.Name); ok {
		return val, nil
	}
	return cty.UnknownVal(decl.Type), nil
}

// GetModuleCall returns the outputs of a module call's instances: an
// object for a call without count or for_each, a tuple for count, an
// object keyed by for_each key.
func (d *moduleData) GetModuleCall(c addrs.ModuleCall, rng hcl.Range) (cty.Value, hcl.Diagnostics) {
	child := d.cfg.Children[c.Name]
	if child == nil {
		return cty.DynamicVal, undeclared("module", fmt.Sprintf("No module call named %q is declared in %s.", c.Name, moduleName(d.cfg.Path)), rng)
	}
	return d.ev.moduleCallValue(d.mi, child), nil
}

// GetCountAttr reports count.index used outside a counted block.
func (d *moduleData) GetCountAttr(a addrs.CountAttr, rng hcl.Range) (cty.Value, hcl.Diagnostics) {
	return cty.DynamicVal, hcl.Diagnostics{{
		Severity: hcl.DiagError, Summary: `Reference to "count" in non-counted context`,
		Detail:  "The \"count\" object can only be used in module, resource, and data blocks, and only when the \"count\" argument is set.",
		Subject: rng.Ptr(),
	}}
}

// GetForEachAttr reports each.* used outside a for_each block.
func (d *moduleData) GetForEachAttr(a addrs.ForEachAttr, rng hcl.Range) (cty.Value, hcl.Diagnostics) {
	return cty.DynamicVal, hcl.Diagnostics{{
		Severity: hcl.DiagError, Summary: `Reference to "each" in context without for_each`,
		Detail:  "The \"each\" object can be used only in \"module\" or \"resource\" blocks, and only when the \"for_each\" argument is set.",
		Subject: rng.Ptr(),
	}}
}

// GetPathAttr returns path.module (this module's directory), path.root
// and path.cwd.
func (d *moduleData) GetPathAttr(a addrs.PathAttr, rng hcl.Range) (cty.Value, hcl.Diagnostics) {
	root := d.ev.Config.Module.SourceDir
	switch a.Name {
	case "root":
		return cty.StringVal(root), nil
	case "module":
		if d.cfg.Dir == "." {
			return cty.StringVal(root), nil
		}
		return cty.StringVal(path.Join(filepath.ToSlash(root), d.cfg.Dir)), nil
	case "cwd":
		wd, err := os.Getwd()
		if err != nil {
			return cty.DynamicVal, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Cannot read the working directory", Detail: err.Error(), Subject: rng.Ptr()}}
		}
		return cty.StringVal(filepath.ToSlash(wd)), nil
	}
	return cty.DynamicVal, hcl.Diagnostics{{
		Severity: hcl.DiagError, Summary: `Invalid "path" attribute`,
		Detail:  fmt.Sprintf("The \"path\" object has no attribute %q: use path.module, path.root or path.cwd.", a.Name),
		Subject: rng.Ptr(),
	}}
}

// GetTerraformAttr returns terraform.workspace.
func (d *moduleData) GetTerraformAttr(a addrs.TerraformAttr, rng hcl.Range) (cty.Value, hcl.Diagnostics) {
	switch a.Name {
	case "workspace":
		if d.ev.Workspace == "" {
			return cty.StringVal("default"), nil
		}
		return cty.StringVal(d.ev.Workspace), nil
	case "applying":
		// True only while applying (the evaluator of a plan is pure), and
		// ephemeral, as in Terraform: nothing persisted may depend on it.
		return cty.BoolVal(!d.ev.PureOnly).Mark(lang.Ephemeral), nil
	}
	return cty.DynamicVal, hcl.Diagnostics{{
		Severity: hcl.DiagError, Summary: `Invalid "terraform" attribute`,
		Detail: fmt.Sprintf("The \"terraform\" object does not have an attribute named %q. The only supported attributes are terraform.workspace, "+
			"the name of the currently-selected workspace, and terraform.applying, a boolean which is true only during apply.", a.Name),
		Subject: rng.Ptr(),
	}}
}

func moduleName(p addrs.Module) string {
	if p.IsRoot() {
		return "the root module"
	}
	return p.String()
}

// undeclared is the error of a reference to something the module does
// not declare, in Terraform's words (detail).
func undeclared(what, detail string, rng hcl.Range) hcl.Diagnostics {
	return hcl.Diagnostics{{
		Severity: hcl.DiagError,
		Summary:  "Reference to undeclared " + what,
		Detail:   detail,
		Subject:  rng.Ptr(),
	}}
}

// instanceData answers count.index and each.* for one resource or module
// call instance and delegates everything else to its module's data.
type instanceData struct {
	*moduleData
	key  addrs.InstanceKey
	each cty.Value
}

func (d *instanceData) GetCountAttr(a addrs.CountAttr, rng hcl.Range) (cty.Value, hcl.Diagnostics) {
	k, ok := d.key.(addrs.IntKey)
	if !ok || a.Name != "index" {
		return d.moduleData.GetCountAttr(a, rng)
	}
	return cty.NumberIntVal(int64(k)), nil
}

func (d *instanceData) GetForEachAttr(a addrs.ForEachAttr, rng hcl.Range) (cty.Value, hcl.Diagnostics) {
	if _, ok := d.key.(unknownKey); ok {
		return cty.DynamicVal, nil
	}
	k, ok := d.key.(addrs.StringKey)
	if !ok {
		return d.moduleData.GetForEachAttr(a, rng)
	}
	switch a.Name {
	case "key":
		return cty.StringVal(string(k)), nil
	case "value":
		return d.each, nil
	}
	return cty.DynamicVal, hcl.Diagnostics{{
		Severity: hcl.DiagError, Summary: `Invalid "each" attribute`,
		Detail:  fmt.Sprintf("The \"each\" object has no attribute %q: use each.key or each.value.", a.Name),
		Subject: rng.Ptr(),
	}}
}

var _ lang.Data = (*moduleData)(nil)
var _ lang.Data = (*instanceData)(nil)
