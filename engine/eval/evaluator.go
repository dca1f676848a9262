package eval

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"sync"

	"github.com/hashicorp/hcl/v2"
	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/engine/config"
	"github.com/trueup/trueup/engine/lang"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
)

// EachMode says how a resource's instances are keyed.
type EachMode int

const (
	// NoEach is a resource with neither count nor for_each.
	NoEach EachMode = iota
	// CountEach is a resource with count: IntKey instances.
	CountEach
	// ForEachEach is a resource with for_each: StringKey instances.
	ForEachEach
)

// Evaluator answers the references of expressions (it implements lang.Data
// for the whole module) from the values known so far in a plan or apply
// walk. It is safe for concurrent use: the walk sets values as nodes
// complete and evaluates dependents in parallel.
type Evaluator struct {
	Module *config.Module
	// Vars are the root input variable values, marked sensitive where
	// declared so.
	Vars map[string]cty.Value
	// PureOnly makes impure functions unknown (during plan).
	PureOnly bool

	// funcs is the function table, built once and shared by every scope.
	funcs map[string]function.Function

	mu        sync.RWMutex
	locals    map[string]cty.Value
	resources map[addrs.Resource]*resourceValues
}

type resourceValues struct {
	each EachMode
	// known is false when the set of instances is not known yet (count or
	// for_each unknown during plan): the resource's value is then unknown.
	known     bool
	instances map[addrs.InstanceKey]cty.Value
	// whole caches the resource's value as references see it (cty.NilVal
	// when stale); gen counts changes, so that a value built from an older
	// generation is never cached. Without the cache, every instance of a
	// counted resource referring to another's [count.index] would rebuild
	// the whole tuple: quadratic in the count.
	whole cty.Value
	gen   uint64
}

// changed invalidates the cached whole value.
func (rv *resourceValues) changed() {
	rv.whole = cty.NilVal
	rv.gen++
}

// NewEvaluator returns an Evaluator for mod with the given variables.
func NewEvaluator(mod *config.Module, vars map[string]cty.Value, pureOnly bool) *Evaluator {
	return &Evaluator{
		Module:    mod,
		Vars:      vars,
		PureOnly:  pureOnly,
		funcs:     (&lang.Scope{BaseDir: mod.SourceDir, PureOnly: pureOnly}).Functions(),
		locals:    map[string]cty.Value{},
		resources: map[addrs.Resource]*resourceValues{},
	}
}

// SetLocal records a local value.
func (e *Evaluator) SetLocal(name string, v cty.Value) {
	e.mu.Lock()
	e.locals[name] = v
	e.mu.Unlock()
}

// SetExpansion records how r expands: its each mode, and whether its
// instance keys are known. It keeps instance values already set.
func (e *Evaluator) SetExpansion(r addrs.Resource, each EachMode, known bool) {
	e.mu.Lock()
	rv := e.resources[r]
	if rv == nil {
		rv = &resourceValues{instances: map[addrs.InstanceKey]cty.Value{}}
		e.resources[r] = rv
	}
	rv.each, rv.known = each, known
	rv.changed()
	e.mu.Unlock()
}

// SetInstance records the value of one resource instance; a null value
// removes it.
func (e *Evaluator) SetInstance(ri addrs.ResourceInstance, v cty.Value) {
	e.mu.Lock()
	rv := e.resources[ri.Resource]
	if rv == nil {
		rv = &resourceValues{known: true, instances: map[addrs.InstanceKey]cty.Value{}}
		rv.each = eachModeOfKey(ri.Key)
		e.resources[ri.Resource] = rv
	}
	if v == cty.NilVal || v.IsNull() {
		delete(rv.instances, ri.Key)
	} else {
		rv.instances[ri.Key] = v
	}
	rv.changed()
	e.mu.Unlock()
}

// Instance returns the recorded value of one resource instance.
func (e *Evaluator) Instance(ri addrs.ResourceInstance) (cty.Value, bool) {
	e.mu.RLock()
	defer e.mu.RUnlock()
	rv := e.resources[ri.Resource]
	if rv == nil {
		return cty.NilVal, false
	}
	v, ok := rv.instances[ri.Key]
	return v, ok
}

func eachModeOfKey(k addrs.InstanceKey) EachMode {
	switch k.(type) {
	case addrs.IntKey:
		return CountEach
	case addrs.StringKey:
		return ForEachEach
	}
	return NoEach
}

// Scope returns a scope for evaluating module-level expressions (locals,
// outputs, provider blocks).
func (e *Evaluator) Scope() *lang.Scope {
	return &lang.Scope{Data: e, BaseDir: e.Module.SourceDir, PureOnly: e.PureOnly, FunctionTable: e.funcs}
}

// InstanceScope returns a scope for evaluating one resource instance's
// expressions, where count.index or each.key/each.value refer to key and
// eachValue.
func (e *Evaluator) InstanceScope(key addrs.InstanceKey, eachValue cty.Value) *lang.Scope {
	return &lang.Scope{Data: &instanceData{Evaluator: e, key: key, each: eachValue}, BaseDir: e.Module.SourceDir, PureOnly: e.PureOnly, FunctionTable: e.funcs}
}

// GetResource returns the whole value of a resource: an object for a single
// instance, a tuple for count, an object keyed by for_each key.
func (e *Evaluator) GetResource(r addrs.Resource, rng hcl.Range) (cty.Value, hcl.Diagnostics) {
	if e.Module.ResourceByAddr(r) == nil {
		return cty.DynamicVal, hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "Reference to undeclared resource",
			Detail:   fmt.Sprintf("A resource %q has not been declared in the root module.", r.String()),
			Subject:  rng.Ptr(),
		}}
	}
	e.mu.RLock()
	rv := e.resources[r]
	if rv == nil || !rv.known {
		e.mu.RUnlock()
		return cty.DynamicVal, nil
	}
	if rv.whole != cty.NilVal {
		v := rv.whole
		e.mu.RUnlock()
		return v, nil
	}
	v, gen := rv.value(), rv.gen
	e.mu.RUnlock()

	e.mu.Lock()
	if rv.gen == gen {
		rv.whole = v
	}
	e.mu.Unlock()
	return v, nil
}

// value builds the resource's value: a tuple for count, an object keyed by
// for_each key, or the single instance's object.
func (rv *resourceValues) value() cty.Value {
	switch rv.each {
	case CountEach:
		keys := make([]int, 0, len(rv.instances))
		for k := range rv.instances {
			keys = append(keys, int(k.(addrs.IntKey)))
		}
		sort.Ints(keys)
		vals := make([]cty.Value, 0, len(keys))
		for _, k := range keys {
			vals = append(vals, rv.instances[addrs.IntKey(k)])
		}
		return cty.TupleVal(vals)
	case ForEachEach:
		vals := make(map[string]cty.Value, len(rv.instances))
		for k, v := range rv.instances {
			vals[string(k.(addrs.StringKey))] = v
		}
		return cty.ObjectVal(vals)
	default:
		if v, ok := rv.instances[addrs.NoKey]; ok {
			return v
		}
		return cty.DynamicVal
	}
}

// GetLocalValue returns a local value computed earlier in the walk.
func (e *Evaluator) GetLocalValue(l addrs.LocalValue, rng hcl.Range) (cty.Value, hcl.Diagnostics) {
	if _, ok := e.Module.Locals[l.Name]; !ok {
		return cty.DynamicVal, undeclared("local value", "local."+l.Name, rng)
	}
	e.mu.RLock()
	v, ok := e.locals[l.Name]
	e.mu.RUnlock()
	if !ok {
		return cty.DynamicVal, nil
	}
	return v, nil
}

// GetInputVariable returns a root input variable's value.
func (e *Evaluator) GetInputVariable(v addrs.InputVariable, rng hcl.Range) (cty.Value, hcl.Diagnostics) {
	val, ok := e.Vars[v.Name]
	if !ok {
		if _, declared := e.Module.Variables[v.Name]; !declared {
			return cty.DynamicVal, undeclared("input variable", "var."+v.Name, rng)
		}
		return cty.DynamicVal, nil
	}
	return val, nil
}

// GetCountAttr reports count.index used outside a counted resource.
func (e *Evaluator) GetCountAttr(a addrs.CountAttr, rng hcl.Range) (cty.Value, hcl.Diagnostics) {
	return cty.DynamicVal, hcl.Diagnostics{{
		Severity: hcl.DiagError, Summary: `Reference to "count" in non-counted context`,
		Detail:  "The \"count\" object can only be used in a resource block that has the count argument set.",
		Subject: rng.Ptr(),
	}}
}

// GetForEachAttr reports each.* used outside a for_each resource.
func (e *Evaluator) GetForEachAttr(a addrs.ForEachAttr, rng hcl.Range) (cty.Value, hcl.Diagnostics) {
	return cty.DynamicVal, hcl.Diagnostics{{
		Severity: hcl.DiagError, Summary: `Reference to "each" in context without for_each`,
		Detail:  "The \"each\" object can only be used in a resource block that has the for_each argument set.",
		Subject: rng.Ptr(),
	}}
}

// GetPathAttr returns path.module, path.root and path.cwd.
func (e *Evaluator) GetPathAttr(a addrs.PathAttr, rng hcl.Range) (cty.Value, hcl.Diagnostics) {
	switch a.Name {
	case "module", "root":
		return cty.StringVal(e.Module.SourceDir), nil
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
func (e *Evaluator) GetTerraformAttr(a addrs.TerraformAttr, rng hcl.Range) (cty.Value, hcl.Diagnostics) {
	if a.Name == "workspace" {
		return cty.StringVal("default"), nil
	}
	return cty.DynamicVal, hcl.Diagnostics{{
		Severity: hcl.DiagError, Summary: `Invalid "terraform" attribute`,
		Detail:  fmt.Sprintf("The \"terraform\" object has no attribute %q: only terraform.workspace is available.", a.Name),
		Subject: rng.Ptr(),
	}}
}

func undeclared(what, name string, rng hcl.Range) hcl.Diagnostics {
	return hcl.Diagnostics{{
		Severity: hcl.DiagError,
		Summary:  "Reference to undeclared " + what,
		Detail:   fmt.Sprintf("%s has not been declared in the root module.", name),
		Subject:  rng.Ptr(),
	}}
}

// instanceData answers count.index and each.* for one resource instance
// and delegates everything else to the Evaluator.
type instanceData struct {
	*Evaluator
	key  addrs.InstanceKey
	each cty.Value
}

func (d *instanceData) GetCountAttr(a addrs.CountAttr, rng hcl.Range) (cty.Value, hcl.Diagnostics) {
	k, ok := d.key.(addrs.IntKey)
	if !ok || a.Name != "index" {
		return d.Evaluator.GetCountAttr(a, rng)
	}
	return cty.NumberIntVal(int64(k)), nil
}

func (d *instanceData) GetForEachAttr(a addrs.ForEachAttr, rng hcl.Range) (cty.Value, hcl.Diagnostics) {
	if _, ok := d.key.(unknownKey); ok {
		return cty.DynamicVal, nil
	}
	k, ok := d.key.(addrs.StringKey)
	if !ok {
		return d.Evaluator.GetForEachAttr(a, rng)
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

var _ lang.Data = (*Evaluator)(nil)
var _ lang.Data = (*instanceData)(nil)
