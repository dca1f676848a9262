package addrs

import (
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// ModuleInstance is the address of one instance of a module, in the
// canonical form Terraform writes in state and plans: "" for the root
// module, `module.net`, `module.app["eu"].module.db[0]`. Being a string,
// it is comparable and may be used as a map key; build it with Child and
// take it apart with Steps, never by hand.
type ModuleInstance string

// RootModuleInstance is the root module's address.
const RootModuleInstance ModuleInstance = ""

// ModuleInstanceStep is one module call in a ModuleInstance: the call's
// name and the instance key (NoKey for a call without count or for_each).
type ModuleInstanceStep struct {
	Name string
	Key  InstanceKey
}

// String returns `module.NAME` or `module.NAME[KEY]`.
func (s ModuleInstanceStep) String() string {
	if s.Key == NoKey {
		return "module." + s.Name
	}
	return "module." + s.Name + s.Key.String()
}

// IsRoot reports whether m is the root module.
func (m ModuleInstance) IsRoot() bool { return m == RootModuleInstance }

// String returns the address as written.
func (m ModuleInstance) String() string { return string(m) }

// Child returns the address of instance key of the module call name
// inside m.
func (m ModuleInstance) Child(name string, key InstanceKey) ModuleInstance {
	step := ModuleInstanceStep{Name: name, Key: key}.String()
	if m.IsRoot() {
		return ModuleInstance(step)
	}
	return ModuleInstance(string(m) + "." + step)
}

// Steps returns the module calls from the root to m.
func (m ModuleInstance) Steps() []ModuleInstanceStep {
	if m.IsRoot() {
		return nil
	}
	tr, diags := hclsyntax.ParseTraversalAbs([]byte(m), "", hcl.InitialPos)
	if diags.HasErrors() {
		return nil
	}
	steps, _, _ := parseModuleSteps(tr)
	return steps
}

// Module returns the static module address of m: its call names without
// instance keys.
func (m ModuleInstance) Module() Module {
	var names []string
	for _, s := range m.Steps() {
		names = append(names, s.Name)
	}
	return ModuleOf(names...)
}

// Parent returns the module instance holding m and m's last step. The
// root module has no parent: Parent returns the root and a zero step.
func (m ModuleInstance) Parent() (ModuleInstance, ModuleInstanceStep) {
	steps := m.Steps()
	if len(steps) == 0 {
		return RootModuleInstance, ModuleInstanceStep{}
	}
	parent := RootModuleInstance
	for _, s := range steps[:len(steps)-1] {
		parent = parent.Child(s.Name, s.Key)
	}
	return parent, steps[len(steps)-1]
}

// Contains reports whether other is m or a module instance inside m. A
// step of m without a key matches every instance of that call, so that
// `module.app` names all of module.app's instances, as a -target does.
func (m ModuleInstance) Contains(other ModuleInstance) bool {
	if m.IsRoot() {
		return true
	}
	if m == other {
		return true
	}
	ms, os := m.Steps(), other.Steps()
	if len(os) < len(ms) {
		return false
	}
	for i, s := range ms {
		if s.Name != os[i].Name || (s.Key != NoKey && s.Key != os[i].Key) {
			return false
		}
	}
	return true
}

// Module is the static address of a module in the configuration: the
// module call names from the root, written `module.a.module.b` ("" for
// the root module). Every instance of a module shares its Module.
type Module string

// RootModule is the root module's static address.
const RootModule Module = ""

// ModuleOf returns the static address of the module reached by the given
// call names from the root.
func ModuleOf(names ...string) Module {
	if len(names) == 0 {
		return RootModule
	}
	return Module("module." + strings.Join(names, ".module."))
}

// IsRoot reports whether m is the root module.
func (m Module) IsRoot() bool { return m == RootModule }

// String returns the address as written.
func (m Module) String() string { return string(m) }

// Names returns the module call names from the root.
func (m Module) Names() []string {
	if m.IsRoot() {
		return nil
	}
	return strings.Split(strings.TrimPrefix(string(m), "module."), ".module.")
}

// Child returns the static address of the call name inside m.
func (m Module) Child(name string) Module {
	return ModuleOf(append(m.Names(), name)...)
}

// Parent returns the module holding m and the name of m's call; the root
// returns itself and "".
func (m Module) Parent() (Module, string) {
	names := m.Names()
	if len(names) == 0 {
		return RootModule, ""
	}
	return ModuleOf(names[:len(names)-1]...), names[len(names)-1]
}

// Key returns the module's key in .terraform/modules/modules.json: the
// call names joined by dots ("" for the root).
func (m Module) Key() string { return strings.Join(m.Names(), ".") }

// Prefix returns the string that addresses of objects in m start with:
// "" for the root, "module.a." otherwise.
func (m Module) Prefix() string {
	if m.IsRoot() {
		return ""
	}
	return string(m) + "."
}

// UnkeyedInstance returns the module instance of m whose every step has
// no key: the only instance of a module no call of which expands.
func (m Module) UnkeyedInstance() ModuleInstance {
	return ModuleInstance(m)
}

// parseModuleSteps consumes the leading `module.NAME[KEY]` steps of a
// traversal and returns them with the rest of the traversal.
func parseModuleSteps(tr hcl.Traversal) ([]ModuleInstanceStep, hcl.Traversal, hcl.Diagnostics) {
	var steps []ModuleInstanceStep
	for len(tr) > 0 {
		first, ok := stepName(tr[0])
		if !ok || first != "module" {
			break
		}
		if len(tr) < 2 {
			return steps, tr, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Invalid address",
				Detail: "A module address is module. followed by the module call's name.", Subject: tr.SourceRange().Ptr()}}
		}
		name, ok := tr[1].(hcl.TraverseAttr)
		if !ok {
			return steps, tr, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Invalid address",
				Detail: "A module address is module. followed by the module call's name.", Subject: tr[1].SourceRange().Ptr()}}
		}
		step := ModuleInstanceStep{Name: name.Name}
		tr = tr[2:]
		if len(tr) > 0 {
			if idx, ok := tr[0].(hcl.TraverseIndex); ok {
				key, err := KeyFromValue(idx.Key)
				if err != nil {
					return steps, tr, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Invalid address",
						Detail: "Invalid module instance key: " + err.Error() + ".", Subject: idx.SrcRange.Ptr()}}
				}
				step.Key = key
				tr = tr[1:]
			}
		}
		steps = append(steps, step)
	}
	return steps, tr, nil
}

// ParseModuleInstance parses a module instance address such as
// `module.app["eu"].module.db`.
func ParseModuleInstance(s string) (ModuleInstance, hcl.Diagnostics) {
	if s == "" {
		return RootModuleInstance, nil
	}
	tr, diags := hclsyntax.ParseTraversalAbs([]byte(s), "", hcl.InitialPos)
	if diags.HasErrors() {
		return RootModuleInstance, invalidAddress(s, diags[0].Subject, "The address could not be parsed: "+diags[0].Detail)
	}
	steps, rest, diags := parseModuleSteps(tr)
	if diags.HasErrors() {
		return RootModuleInstance, diags
	}
	if len(rest) > 0 || len(steps) == 0 {
		return RootModuleInstance, invalidAddress(s, tr.SourceRange().Ptr(), "Not a module instance address: expected module.NAME, optionally with an instance key, repeated.")
	}
	return instanceOfSteps(steps), nil
}

func instanceOfSteps(steps []ModuleInstanceStep) ModuleInstance {
	m := RootModuleInstance
	for _, s := range steps {
		m = m.Child(s.Name, s.Key)
	}
	return m
}
