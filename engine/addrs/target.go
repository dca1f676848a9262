package addrs

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// Target is an address given on the command line (-target, -replace,
// -exclude, state show/rm/mv): a whole module (ModuleInstance: every
// resource in it and its descendants), a whole Resource (all its
// instances) or one ResourceInstance, each absolute (with its module).
type Target struct {
	// Subject is a ModuleInstance, a Resource or a ResourceInstance.
	Subject Targetable
	// SourceRange is where the address was found in its input.
	SourceRange hcl.Range
}

// Targetable is a ModuleInstance, a Resource or a ResourceInstance.
type Targetable interface {
	targetableSigil()
	String() string
}

func (ModuleInstance) targetableSigil()   {}
func (Resource) targetableSigil()         {}
func (ResourceInstance) targetableSigil() {}

// String returns the target's address as the user writes it.
func (t Target) String() string { return t.Subject.String() }

// Resource returns the resource the target names or holds; the zero
// Resource for a module target.
func (t Target) Resource() Resource {
	switch s := t.Subject.(type) {
	case ResourceInstance:
		return s.Resource
	case Resource:
		return s
	}
	return Resource{}
}

// Module returns the module instance the target is in, or names.
func (t Target) Module() ModuleInstance {
	if m, ok := t.Subject.(ModuleInstance); ok {
		return m
	}
	return t.Resource().Module
}

// IsModule reports whether the target names a whole module.
func (t Target) IsModule() bool {
	_, ok := t.Subject.(ModuleInstance)
	return ok
}

// Instance returns the instance the target names, and false when the
// target names a whole resource or module.
func (t Target) Instance() (ResourceInstance, bool) {
	ri, ok := t.Subject.(ResourceInstance)
	return ri, ok
}

// Contains reports whether ri is the target, one of its instances, or in
// the module it names. A module step written without a key matches every
// instance of that module call.
func (t Target) Contains(ri ResourceInstance) bool {
	switch s := t.Subject.(type) {
	case ModuleInstance:
		return s.Contains(ri.Resource.Module)
	case ResourceInstance:
		return s.Resource.Local() == ri.Resource.Local() && s.Key == ri.Key && moduleMatches(s.Resource.Module, ri.Resource.Module)
	case Resource:
		return s.Local() == ri.Resource.Local() && moduleMatches(s.Module, ri.Resource.Module)
	}
	return false
}

// moduleMatches reports whether a target's module t names module m: the
// same steps, where a step of t without a key matches any key.
func moduleMatches(t, m ModuleInstance) bool {
	if t == m {
		return true
	}
	ts, ms := t.Steps(), m.Steps()
	if len(ts) != len(ms) {
		return false
	}
	for i := range ts {
		if ts[i].Name != ms[i].Name || (ts[i].Key != NoKey && ts[i].Key != ms[i].Key) {
			return false
		}
	}
	return true
}

// ParseTarget parses a module, resource or resource instance address:
// module.net, module.app["eu"], aws_s3_bucket.logs, null_resource.a[0],
// module.net.x.y["k"], data.a.b, ephemeral.a.b.
func ParseTarget(s string) (Target, hcl.Diagnostics) {
	if t, ok := parseDotted(s); ok {
		return t, nil
	}
	return parseTargetHCL(s)
}

// parseTargetHCL is ParseTarget through hcl's traversal parser.
func parseTargetHCL(s string) (Target, hcl.Diagnostics) {
	traversal, diags := hclsyntax.ParseTraversalAbs([]byte(s), "", hcl.InitialPos)
	if diags.HasErrors() {
		return Target{}, invalidAddress(s, diags[0].Subject, "The address could not be parsed: "+diags[0].Detail)
	}
	return parseTarget(s, traversal)
}

// ParseTargetTraversal parses an address written in configuration as a
// traversal (moved, removed and import blocks).
func ParseTargetTraversal(traversal hcl.Traversal) (Target, hcl.Diagnostics) {
	return parseTarget(TraversalString(traversal), traversal)
}

func parseTarget(s string, traversal hcl.Traversal) (Target, hcl.Diagnostics) {
	steps, rest, diags := parseModuleSteps(traversal)
	if diags.HasErrors() {
		return Target{}, invalidAddress(s, diags[0].Subject, diags[0].Detail)
	}
	module := instanceOfSteps(steps)
	if len(rest) == 0 {
		return Target{Subject: module, SourceRange: traversal.SourceRange()}, nil
	}
	mode := ManagedResourceMode
	switch name, _ := stepName(rest[0]); name {
	case "data":
		mode, rest = DataResourceMode, rest[1:]
	case "ephemeral":
		mode, rest = EphemeralResourceMode, rest[1:]
	}
	if len(rest) < 2 {
		return Target{}, invalidAddress(s, traversal.SourceRange().Ptr(), "A resource address is a resource type and a name separated by a dot, like aws_s3_bucket.logs, optionally prefixed by module.NAME. and data. and followed by an instance key in brackets.")
	}
	typeName, ok1 := stepName(rest[0])
	nameStep, ok2 := rest[1].(hcl.TraverseAttr)
	if !ok1 || !ok2 {
		return Target{}, invalidAddress(s, traversal.SourceRange().Ptr(), "A resource address is a resource type and a name separated by a dot.")
	}
	res := Resource{Module: module, Mode: mode, Type: typeName, Name: nameStep.Name}
	t := Target{Subject: res, SourceRange: traversal.SourceRange()}
	rest = rest[2:]
	if len(rest) == 0 {
		return t, nil
	}
	idx, ok := rest[0].(hcl.TraverseIndex)
	if !ok {
		return Target{}, invalidAddress(s, rest[0].SourceRange().Ptr(), "Only an instance key in brackets may follow a resource name in an address.")
	}
	key, err := KeyFromValue(idx.Key)
	if err != nil {
		return Target{}, invalidAddress(s, idx.SrcRange.Ptr(), fmt.Sprintf("Invalid instance key: %s.", err))
	}
	if len(rest) > 1 {
		return Target{}, invalidAddress(s, rest[1].SourceRange().Ptr(), "Unexpected extra operators after the instance key.")
	}
	t.Subject = res.Instance(key)
	return t, nil
}

// ParseResourceInstance parses the address of one resource instance. An
// address without a key (null_resource.a) is the instance with NoKey.
func ParseResourceInstance(s string) (ResourceInstance, hcl.Diagnostics) {
	t, diags := ParseTarget(s)
	if diags.HasErrors() {
		return ResourceInstance{}, diags
	}
	switch sub := t.Subject.(type) {
	case ResourceInstance:
		return sub, nil
	case Resource:
		return sub.Instance(NoKey), nil
	}
	return ResourceInstance{}, invalidAddress(s, t.SourceRange.Ptr(), "Not a resource instance address: this names a whole module.")
}

func stepName(step hcl.Traverser) (string, bool) {
	switch st := step.(type) {
	case hcl.TraverseRoot:
		return st.Name, true
	case hcl.TraverseAttr:
		return st.Name, true
	}
	return "", false
}

func invalidAddress(s string, subject *hcl.Range, detail string) hcl.Diagnostics {
	return hcl.Diagnostics{{
		Severity: hcl.DiagError,
		Summary:  "Invalid address",
		Detail:   fmt.Sprintf("%q: %s", s, detail),
		Subject:  subject,
	}}
}

// parseDotted parses, without hcl's lexer, an address that is only ASCII
// identifiers joined by dots and names a module or a resource: the form
// of every dependency in a state, read once per object. It returns false
// for anything else (instance keys, other characters, an address hcl
// would refuse), which ParseTarget hands to hcl; what it returns is what
// hcl's path returns, range included.
func parseDotted(s string) (Target, bool) {
	if s == "" {
		return Target{}, false
	}
	var parts [8]string // enough for most addresses without allocating
	names := parts[:0]
	for start, i := 0, 0; i <= len(s); i++ {
		if i < len(s) && s[i] != '.' {
			continue
		}
		if !asciiIdent(s[start:i]) {
			return Target{}, false
		}
		names = append(names, s[start:i])
		start = i + 1
	}
	rng := hcl.Range{Start: hcl.InitialPos, End: hcl.Pos{Line: 1, Column: len(s) + 1, Byte: len(s)}}
	module, moduleLen := RootModuleInstance, 0
	for len(names) >= 2 && names[0] == "module" {
		moduleLen += len("module.") + len(names[1]) + 1
		names = names[2:]
	}
	if moduleLen > 0 {
		module = ModuleInstance(s[:moduleLen-1])
	}
	if len(names) == 0 {
		return Target{Subject: module, SourceRange: rng}, true
	}
	mode := ManagedResourceMode
	switch names[0] {
	case "data":
		mode, names = DataResourceMode, names[1:]
	case "ephemeral":
		mode, names = EphemeralResourceMode, names[1:]
	}
	if len(names) != 2 {
		return Target{}, false
	}
	return Target{Subject: Resource{Module: module, Mode: mode, Type: names[0], Name: names[1]}, SourceRange: rng}, true
}

// asciiIdent reports whether s is an identifier made of ASCII letters,
// digits, underscores and dashes, not starting with a digit or dash.
func asciiIdent(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c == '_':
		case (c >= '0' && c <= '9') || c == '-':
			if i == 0 {
				return false
			}
		default:
			return false
		}
	}
	return true
}
