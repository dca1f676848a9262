package drift

import (
	"fmt"
	"regexp"
	"strings"
	"sync"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/trueup/trueup/engine/addrs"
	"github.com/zclconf/go-cty/cty"
)

// Rule ignores drift of one resource (or every instance of it), or of one
// attribute path inside it: `aws_s3_bucket.logs`, `local_file.f["a"]`,
// `aws_s3_bucket.logs.tags["LastScanned"]`. A type or name of `*` matches
// any: `*.*.tags["LastScanned"]`. A rule without a module prefix applies
// in every module; `module.app.…` only inside instances of that call
// (every instance when the call step has no key), `module.app["eu"].…`
// only inside that instance.
type Rule struct {
	// Module are the module steps the rule starts with; none matches
	// resources of every module.
	Module     []addrs.ModuleInstanceStep
	Type, Name string
	// Key is the instance key, or NoKey for every instance.
	Key addrs.InstanceKey
	// Path is the attribute path; empty ignores the whole resource.
	Path cty.Path
	raw  string
}

// String returns the rule as written.
func (r Rule) String() string { return r.raw }

// anyName stands for `*` while a rule is parsed.
const anyName = "__trueup_any__"

// wildcardRE finds a `*` standing as a whole step: at the start or after a
// dot, and followed by a dot, an index or the end.
var wildcardRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?:^|\.)(\*)(?:\.|\[|$)`) })

// ParseRule parses an ignore rule.
func ParseRule(s string) (Rule, error) {
	r := Rule{raw: s}
	// HCL traversals cannot hold `*`: stand in an identifier for it.
	src := strings.TrimSpace(s)
	for {
		loc := wildcardRE().FindStringSubmatchIndex(src)
		if loc == nil {
			break
		}
		src = src[:loc[2]] + anyName + src[loc[3]:]
	}
	tr, diags := hclsyntax.ParseTraversalAbs([]byte(src), "ignore rule", hcl.InitialPos)
	if diags.HasErrors() {
		return r, fmt.Errorf("invalid ignore rule %q: %s", s, strings.TrimSpace(diags.Error()))
	}
	for len(tr) >= 3 && tr.RootName() == "module" {
		call, ok := tr[1].(hcl.TraverseAttr)
		if !ok {
			break
		}
		step := addrs.ModuleInstanceStep{Name: call.Name}
		next := tr[2:]
		if idx, ok := next[0].(hcl.TraverseIndex); ok {
			k, err := addrs.KeyFromValue(idx.Key)
			if err != nil {
				return r, fmt.Errorf("invalid ignore rule %q: %v", s, err)
			}
			step.Key, next = k, next[1:]
		}
		if len(next) == 0 {
			return r, fmt.Errorf("invalid ignore rule %q: a module prefix must be followed by TYPE.NAME", s)
		}
		first, ok := next[0].(hcl.TraverseAttr)
		if !ok {
			return r, fmt.Errorf("invalid ignore rule %q: a module prefix must be followed by TYPE.NAME", s)
		}
		r.Module = append(r.Module, step)
		tr = append(hcl.Traversal{hcl.TraverseRoot{Name: first.Name, SrcRange: first.SrcRange}}, next[1:]...)
	}
	if len(tr) < 2 || tr.RootName() == "module" {
		return r, fmt.Errorf("invalid ignore rule %q: it must start with TYPE.NAME, after any module.NAME prefix", s)
	}
	r.Type = tr.RootName()
	name, ok := tr[1].(hcl.TraverseAttr)
	if !ok {
		return r, fmt.Errorf("invalid ignore rule %q: it must start with TYPE.NAME", s)
	}
	r.Name = name.Name
	if r.Type == anyName {
		r.Type = "*"
	}
	if r.Name == anyName {
		r.Name = "*"
	}
	rest := tr[2:]
	if len(rest) > 0 {
		if idx, ok := rest[0].(hcl.TraverseIndex); ok {
			k, err := addrs.KeyFromValue(idx.Key)
			if err != nil {
				return r, fmt.Errorf("invalid ignore rule %q: %v", s, err)
			}
			r.Key, rest = k, rest[1:]
		}
	}
	for _, step := range rest {
		switch st := step.(type) {
		case hcl.TraverseAttr:
			r.Path = r.Path.GetAttr(st.Name)
		case hcl.TraverseIndex:
			r.Path = r.Path.Index(st.Key)
		default:
			return r, fmt.Errorf("invalid ignore rule %q: unsupported step", s)
		}
	}
	return r, nil
}

// matches reports whether the rule applies to an instance.
func (r Rule) matches(ri addrs.ResourceInstance) bool {
	if !r.inModule(ri.Resource.Module) {
		return false
	}
	if r.Type != "*" && r.Type != ri.Resource.Type {
		return false
	}
	if r.Name != "*" && r.Name != ri.Resource.Name {
		return false
	}
	return r.Key == addrs.NoKey || r.Key == ri.Key
}

// inModule reports whether the rule's module prefix admits module
// instance m.
func (r Rule) inModule(m addrs.ModuleInstance) bool {
	if len(r.Module) == 0 {
		return true
	}
	steps := m.Steps()
	if len(steps) != len(r.Module) {
		return false
	}
	for i, want := range r.Module {
		if steps[i].Name != want.Name || (want.Key != addrs.NoKey && steps[i].Key != want.Key) {
			return false
		}
	}
	return true
}

// covers reports whether the rule's path is p or a prefix of it.
func (r Rule) covers(p cty.Path) bool {
	if len(r.Path) > len(p) {
		return false
	}
	for i, step := range r.Path {
		if !stepEqual(step, p[i]) {
			return false
		}
	}
	return true
}

func stepEqual(a, b cty.PathStep) bool {
	switch a := a.(type) {
	case cty.GetAttrStep:
		b, ok := b.(cty.GetAttrStep)
		return ok && a.Name == b.Name
	case cty.IndexStep:
		b, ok := b.(cty.IndexStep)
		if !ok || !a.Key.Type().Equals(b.Key.Type()) {
			// tags["x"] written in a rule may meet an object attribute step.
			if g, isAttr := any(b).(cty.GetAttrStep); isAttr && a.Key.Type() == cty.String {
				return g.Name == a.Key.AsString()
			}
			return false
		}
		return a.Key.RawEquals(b.Key)
	}
	return false
}
