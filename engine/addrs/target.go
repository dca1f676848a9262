package addrs

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// Target is an address given on the command line (-target, -replace, state
// show/rm/mv): a whole Resource (all its instances) or one
// ResourceInstance.
type Target struct {
	// Module is the path of module call names from the root module to the
	// one holding the resource; it is empty for the root module (the only
	// module supported so far).
	Module []string
	// Subject is a Resource or a ResourceInstance.
	Subject Targetable
	// SourceRange is where the address was found in its input.
	SourceRange hcl.Range
}

// Targetable is a Resource or a ResourceInstance.
type Targetable interface {
	targetableSigil()
	String() string
}

func (Resource) targetableSigil()         {}
func (ResourceInstance) targetableSigil() {}

// String returns the target's address as the user writes it.
func (t Target) String() string {
	s := ""
	for _, m := range t.Module {
		s += "module." + m + "."
	}
	return s + t.Subject.String()
}

// Resource returns the resource the target names or holds.
func (t Target) Resource() Resource {
	switch s := t.Subject.(type) {
	case ResourceInstance:
		return s.Resource
	case Resource:
		return s
	}
	return Resource{}
}

// Instance returns the instance the target names, and false when the
// target names a whole resource.
func (t Target) Instance() (ResourceInstance, bool) {
	ri, ok := t.Subject.(ResourceInstance)
	return ri, ok
}

// Contains reports whether ri is the target or one of its instances.
func (t Target) Contains(ri ResourceInstance) bool {
	switch s := t.Subject.(type) {
	case ResourceInstance:
		return s == ri
	case Resource:
		return s == ri.Resource
	}
	return false
}

// ParseTarget parses a resource or resource instance address:
// aws_s3_bucket.logs, null_resource.a[0], x.y["k"], data.a.b.
func ParseTarget(s string) (Target, hcl.Diagnostics) {
	traversal, diags := hclsyntax.ParseTraversalAbs([]byte(s), "", hcl.InitialPos)
	if diags.HasErrors() {
		return Target{}, invalidAddress(s, diags[0].Subject, "The address could not be parsed: "+diags[0].Detail)
	}
	if traversal.RootName() == "module" {
		return Target{}, invalidAddress(s, traversal.SourceRange().Ptr(), "Modules are not supported yet, so a module.NAME prefix cannot be used.")
	}
	mode := ManagedResourceMode
	rest := traversal
	if traversal.RootName() == "data" {
		mode = DataResourceMode
		rest = traversal[1:]
	}
	if len(rest) < 2 {
		return Target{}, invalidAddress(s, traversal.SourceRange().Ptr(), "A resource address is a resource type and a name separated by a dot, like aws_s3_bucket.logs, optionally prefixed by data. and followed by an instance key in brackets.")
	}
	typeName, ok1 := stepName(rest[0])
	nameStep, ok2 := rest[1].(hcl.TraverseAttr)
	if !ok1 || !ok2 {
		return Target{}, invalidAddress(s, traversal.SourceRange().Ptr(), "A resource address is a resource type and a name separated by a dot.")
	}
	res := Resource{Mode: mode, Type: typeName, Name: nameStep.Name}
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
	return ResourceInstance{}, invalidAddress(s, nil, "Not a resource instance address.")
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
