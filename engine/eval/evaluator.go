package eval

import (
	"sort"
	"sync"

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

// Evaluator answers the references of expressions (lang.Data, through
// the scopes it hands out per module instance) from the values known so
// far in a plan or apply walk, for the whole configuration tree. It is
// safe for concurrent use: the walk sets values as nodes complete and
// evaluates dependents in parallel.
type Evaluator struct {
	// Config is the root of the configuration tree.
	Config *config.Config
	// Vars are the root input variable values, marked sensitive where
	// declared so.
	Vars map[string]cty.Value
	// PureOnly makes impure functions unknown (during plan).
	PureOnly bool
	// Workspace is terraform.workspace in every module; "" is "default".
	Workspace string
	// Ephemerals opens the ephemeral resources of a plan or an apply; nil
	// in the commands that open none (console, import, validate), where
	// a provider block may then not refer to one.
	Ephemerals *Ephemerals

	// funcs is the function table, built once and shared by every scope.
	funcs map[string]function.Function

	mu        sync.RWMutex
	modules   map[addrs.ModuleInstance]*moduleValues
	calls     map[callKey]Expansion
	resources map[addrs.Resource]*resourceValues
	// checkData holds the failures of check blocks' scoped data sources
	// (engine/eval/checks.go).
	checkData map[callKey][]string
	// types caches ImpliedType: *schema.Block -> cty.Type.
	types sync.Map
}

// moduleValues are the values of one module instance's named objects.
type moduleValues struct {
	vars, locals, outputs map[string]cty.Value
}

// callKey names a module call in one instance of its calling module.
type callKey struct {
	parent addrs.ModuleInstance
	name   string
}

type resourceValues struct {
	each EachMode
	// known is false when the set of instances is not known yet (count or
	// for_each unknown during plan): the resource's value is then unknown.
	known bool
	// single is the value of the instance without a key (cty.NilVal: none)
	// and instances those of count and for_each keys, made on first use: a
	// map for every single-instance resource cost about 400 bytes each,
	// tens of megabytes in a 100,000-resource stack.
	single    cty.Value
	instances map[addrs.InstanceKey]cty.Value
	// whole caches the resource's value as references see it (cty.NilVal
	// when stale); gen counts changes, so that a value built from an older
	// generation is never cached. Without the cache, every instance of a
	// counted resource referring to another's [count.index] would rebuild
	// the whole tuple: quadratic in the count.
	whole cty.Value
	gen   uint64
}

// get returns the value of the instance with key k.
func (rv *resourceValues) get(k addrs.InstanceKey) (cty.Value, bool) {
	if k == addrs.NoKey {
		return rv.single, rv.single != cty.NilVal
	}
	v, ok := rv.instances[k]
	return v, ok
}

// set records the value of the instance with key k; cty.NilVal removes it.
func (rv *resourceValues) set(k addrs.InstanceKey, v cty.Value) {
	switch {
	case k == addrs.NoKey:
		rv.single = v
	case v == cty.NilVal:
		delete(rv.instances, k)
	default:
		if rv.instances == nil {
			rv.instances = map[addrs.InstanceKey]cty.Value{}
		}
		rv.instances[k] = v
	}
}

// changed invalidates the cached whole value.
func (rv *resourceValues) changed() {
	rv.whole = cty.NilVal
	rv.gen++
}

// NewEvaluator returns an Evaluator for the configuration tree cfg with
// the given root variables.
func NewEvaluator(cfg *config.Config, vars map[string]cty.Value, pureOnly bool) *Evaluator {
	return &Evaluator{
		Config:    cfg,
		Vars:      vars,
		PureOnly:  pureOnly,
		funcs:     (&lang.Scope{BaseDir: cfg.Module.SourceDir, PureOnly: pureOnly}).Functions(),
		modules:   map[addrs.ModuleInstance]*moduleValues{},
		calls:     map[callKey]Expansion{},
		resources: map[addrs.Resource]*resourceValues{},
	}
}

// Functions returns the function table every scope shares.
func (e *Evaluator) Functions() map[string]function.Function { return e.funcs }

// values returns mi's named values, creating them; e.mu must be held for
// writing.
func (e *Evaluator) values(mi addrs.ModuleInstance) *moduleValues {
	mv := e.modules[mi]
	if mv == nil {
		mv = &moduleValues{vars: map[string]cty.Value{}, locals: map[string]cty.Value{}, outputs: map[string]cty.Value{}}
		e.modules[mi] = mv
	}
	return mv
}

// SetLocal records a local value of module instance mi.
func (e *Evaluator) SetLocal(mi addrs.ModuleInstance, name string, v cty.Value) {
	e.mu.Lock()
	e.values(mi).locals[name] = v
	e.mu.Unlock()
}

// SetVariable records an input variable's value in a child module
// instance (root variables are given to NewEvaluator).
func (e *Evaluator) SetVariable(mi addrs.ModuleInstance, name string, v cty.Value) {
	e.mu.Lock()
	e.values(mi).vars[name] = v
	e.mu.Unlock()
}

// SetOutput records an output value of module instance mi.
func (e *Evaluator) SetOutput(mi addrs.ModuleInstance, name string, v cty.Value) {
	e.mu.Lock()
	e.values(mi).outputs[name] = v
	e.mu.Unlock()
}

// Output returns a recorded output value.
func (e *Evaluator) Output(mi addrs.ModuleInstance, name string) (cty.Value, bool) {
	return e.named(mi, func(mv *moduleValues) map[string]cty.Value { return mv.outputs }, name)
}

func (e *Evaluator) named(mi addrs.ModuleInstance, pick func(*moduleValues) map[string]cty.Value, name string) (cty.Value, bool) {
	e.mu.RLock()
	defer e.mu.RUnlock()
	mv := e.modules[mi]
	if mv == nil {
		return cty.NilVal, false
	}
	v, ok := pick(mv)[name]
	return v, ok
}

// SetExpansion records how r expands: its each mode, and whether its
// instance keys are known. It keeps instance values already set.
func (e *Evaluator) SetExpansion(r addrs.Resource, each EachMode, known bool) {
	e.mu.Lock()
	rv := e.resources[r]
	if rv == nil {
		rv = &resourceValues{}
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
		rv = &resourceValues{known: true}
		rv.each = eachModeOfKey(ri.Key)
		e.resources[ri.Resource] = rv
	}
	if v == cty.NilVal || v.IsNull() {
		rv.set(ri.Key, cty.NilVal)
	} else {
		rv.set(ri.Key, v)
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
	return rv.get(ri.Key)
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
// outputs, provider blocks, module call arguments) in module instance mi.
func (e *Evaluator) Scope(mi addrs.ModuleInstance) *lang.Scope {
	return e.scope(&moduleData{ev: e, mi: mi, cfg: e.configOf(mi)})
}

// InstanceScope returns a scope for evaluating one resource instance's
// (or module call instance's) expressions in module instance mi, where
// count.index or each.key/each.value refer to key and eachValue.
func (e *Evaluator) InstanceScope(mi addrs.ModuleInstance, key addrs.InstanceKey, eachValue cty.Value) *lang.Scope {
	return e.scope(&instanceData{moduleData: &moduleData{ev: e, mi: mi, cfg: e.configOf(mi)}, key: key, each: eachValue})
}

func (e *Evaluator) scope(d lang.Data) *lang.Scope {
	return &lang.Scope{Data: d, BaseDir: e.Config.Module.SourceDir, PureOnly: e.PureOnly, FunctionTable: e.funcs}
}

// configOf returns the configuration of mi's module.
func (e *Evaluator) configOf(mi addrs.ModuleInstance) *config.Config {
	if mi.IsRoot() {
		return e.Config
	}
	return e.Config.Descendant(mi.Module())
}

// resourceValue returns the whole value of an absolute resource: an
// object for a single instance, a tuple for count, an object keyed by
// for_each key; unknown while its expansion is not known.
func (e *Evaluator) resourceValue(r addrs.Resource) cty.Value {
	e.mu.RLock()
	rv := e.resources[r]
	if rv == nil || !rv.known {
		e.mu.RUnlock()
		return cty.DynamicVal
	}
	if rv.whole != cty.NilVal {
		v := rv.whole
		e.mu.RUnlock()
		return v
	}
	v, gen := rv.value(), rv.gen
	e.mu.RUnlock()

	e.mu.Lock()
	if rv.gen == gen {
		rv.whole = v
	}
	e.mu.Unlock()
	return v
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
		if v, ok := rv.get(addrs.NoKey); ok {
			return v
		}
		return cty.DynamicVal
	}
}
