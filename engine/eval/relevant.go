package eval

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/engine/config"
	"github.com/trueup/trueup/engine/lang"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

// RelevantAttributes returns the resource attributes that the plan's
// changes depend on, directly or through variables, module calls, module
// outputs, count and for_each: the plan JSON's relevant_attributes, by
// which Terraform decides which drift matters. The analysis is
// Terraform 1.11's (internal/lang/globalref), on purpose with its limits:
// it starts from every resource instance with an action other than no-op
// and every output with a change (child module outputs always count as
// created, as Terraform plans them), does not follow local values, and
// narrows a resource reference to the argument it names.
func RelevantAttributes(ctx context.Context, root *config.Config, provs *Providers, changed []addrs.ResourceInstance, outputs []OutputRef) []ResourceAttr {
	a := &refAnalyzer{ctx: ctx, root: root, provs: provs}
	var start []globalRef
	for _, ri := range changed {
		c := root.Descendant(ri.Resource.Module.Module())
		if c == nil {
			continue
		}
		local := ri.Resource.Local()
		start = append(start, a.metaResource(ri.Resource.Module, local, ri.String(), nil)...)
	}
	for _, o := range outputs {
		c := root.Descendant(o.Module.Module())
		if c == nil || c.Module.Outputs[o.Name] == nil {
			continue
		}
		start = append(start, a.exprRefs(o.Module, "", c.Module.Outputs[o.Name].Expr)...)
	}
	return a.contributing(start)
}

// ResourceAttr is one resource attribute the changes depend on: the
// resource instance's address and the path into its value (attribute
// names, index keys), as plan JSON's relevant_attributes lists them.
type ResourceAttr struct {
	Resource string
	Attr     []any
}

// OutputRef names one output value of a module instance.
type OutputRef struct {
	Module addrs.ModuleInstance
	Name   string
}

// globalRef is a reference found in module instance mi; for count.* and
// each.* also the resource instance whose repetition they stand for.
type globalRef struct {
	mi  addrs.ModuleInstance
	res *config.Resource
	ri  string
	ref *addrs.Reference
}

// key identifies what the reference names, source location aside.
func (r globalRef) key() string {
	return fmt.Sprintf("%s|%s|%T|%s%s", r.mi, r.ri, r.ref.Subject, r.ref.Subject, addrs.TraversalString(r.ref.Remaining))
}

type refAnalyzer struct {
	ctx   context.Context
	root  *config.Config
	provs *Providers
	// bodies holds each resource's body once read: a released body is
	// parsed again by Body, and every instance of a counted resource
	// asks for the same one.
	bodies map[*config.Resource]hcl.Body
}

// body returns rc's body (the walk may have released rc.Config), parsed
// again at most once.
func (a *refAnalyzer) body(rc *config.Resource) hcl.Body {
	if b, ok := a.bodies[rc]; ok {
		return b
	}
	if a.bodies == nil {
		a.bodies = map[*config.Resource]hcl.Body{}
	}
	b := rc.Body()
	a.bodies[rc] = b
	return b
}

// contributing follows refs through everything they name and returns the
// resource references met on the way.
func (a *refAnalyzer) contributing(refs []globalRef) []ResourceAttr {
	found := map[string]globalRef{}
	visited := map[string]bool{}
	queue := slices.Clone(refs)
	for len(queue) > 0 {
		r := queue[0]
		queue = queue[1:]
		k := r.key()
		if isResourceRef(r.ref.Subject) {
			found[k] = r
		}
		if visited[k] {
			continue
		}
		visited[k] = true
		queue = append(queue, a.meta(r)...)
	}
	out := make([]ResourceAttr, 0, len(found))
	for _, k := range slices.Sorted(maps.Keys(found)) {
		out = append(out, resourceAttr(found[k]))
	}
	slices.SortFunc(out, func(x, y ResourceAttr) int {
		if c := strings.Compare(x.Resource, y.Resource); c != 0 {
			return c
		}
		return strings.Compare(fmt.Sprint(x.Attr), fmt.Sprint(y.Attr))
	})
	return slices.CompactFunc(out, func(x, y ResourceAttr) bool {
		return x.Resource == y.Resource && fmt.Sprint(x.Attr) == fmt.Sprint(y.Attr)
	})
}

func isResourceRef(s addrs.Referenceable) bool {
	switch s.(type) {
	case addrs.Resource, addrs.ResourceInstance:
		return true
	}
	return false
}

// resourceAttr turns a resource reference into the instance it names (no
// key for a whole resource, as Terraform writes it) and the path of the
// rest of the traversal.
func resourceAttr(r globalRef) ResourceAttr {
	var ri addrs.ResourceInstance
	switch s := r.ref.Subject.(type) {
	case addrs.Resource:
		ri = s.InModule(r.mi).Instance(addrs.NoKey)
	case addrs.ResourceInstance:
		ri = s.Resource.InModule(r.mi).Instance(s.Key)
	}
	path := []any{}
	for _, step := range r.ref.Remaining {
		switch st := step.(type) {
		case hcl.TraverseAttr:
			path = append(path, st.Name)
		case hcl.TraverseIndex:
			path = append(path, indexJSON(st.Key))
		}
	}
	return ResourceAttr{Resource: ri.String(), Attr: path}
}

func indexJSON(k cty.Value) any {
	if !k.IsKnown() || k.IsNull() {
		return nil
	}
	switch k.Type() {
	case cty.String:
		return k.AsString()
	case cty.Number:
		f, _ := k.AsBigFloat().Float64()
		return f
	}
	return nil
}

// meta returns the references of the object r names, as found in its
// configuration: a child module variable's argument in the call, a module
// output's expression, every output of a module call, a resource's
// argument (or whole body), a count or for_each expression.
func (a *refAnalyzer) meta(r globalRef) []globalRef {
	switch s := r.ref.Subject.(type) {
	case addrs.InputVariable:
		return a.metaVariable(r.mi, s.Name)
	case addrs.ModuleCall:
		return a.metaModuleCall(r.mi, s.Name, r.ref.Remaining)
	case addrs.CountAttr, addrs.ForEachAttr:
		if r.res == nil {
			return nil
		}
		return a.exprRefs(r.mi, "", r.res.Count, r.res.ForEach)
	case addrs.Resource:
		return a.metaResource(r.mi, s, s.InModule(r.mi).Instance(addrs.NoKey).String(), r.ref.Remaining)
	case addrs.ResourceInstance:
		return a.metaResource(r.mi, s.Resource, s.Resource.InModule(r.mi).Instance(s.Key).String(), r.ref.Remaining)
	}
	return nil
}

func (a *refAnalyzer) metaVariable(mi addrs.ModuleInstance, name string) []globalRef {
	if mi.IsRoot() {
		return nil
	}
	caller, step := mi.Parent()
	c := a.root.Descendant(caller.Module())
	if c == nil || c.Module.ModuleCalls[step.Name] == nil {
		return nil
	}
	content, _, _ := c.Module.ModuleCalls[step.Name].Config.PartialContent(&hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: name}}})
	if attr := content.Attributes[name]; attr != nil {
		return a.exprRefs(caller, "", attr.Expr)
	}
	return nil
}

// metaModuleCall follows module.NAME, module.NAME[KEY], module.NAME.OUT
// and module.NAME[KEY].OUT to the outputs they name: all of them for a
// call or instance.
func (a *refAnalyzer) metaModuleCall(mi addrs.ModuleInstance, name string, rest hcl.Traversal) []globalRef {
	var key addrs.InstanceKey = addrs.NoKey
	if len(rest) > 0 {
		if idx, ok := rest[0].(hcl.TraverseIndex); ok {
			k, err := addrs.KeyFromValue(idx.Key)
			if err != nil {
				return nil
			}
			key, rest = k, rest[1:]
		}
	}
	callee := mi.Child(name, key)
	c := a.root.Descendant(callee.Module())
	if c == nil {
		return nil
	}
	names := slices.Sorted(maps.Keys(c.Module.Outputs))
	if len(rest) > 0 {
		attr, ok := rest[0].(hcl.TraverseAttr)
		if !ok {
			return nil
		}
		names = []string{attr.Name}
	}
	var out []globalRef
	for _, n := range names {
		if o := c.Module.Outputs[n]; o != nil {
			out = append(out, a.exprRefs(callee, "", o.Expr)...)
		}
	}
	return out
}

// metaResource returns the references in resource res of module instance
// mi that the traversal rest into it can depend on: those of the argument
// it names, of the nested blocks of the type it names, or of the whole
// body when it names nothing.
func (a *refAnalyzer) metaResource(mi addrs.ModuleInstance, res addrs.Resource, ri string, rest hcl.Traversal) []globalRef {
	c := a.root.Descendant(mi.Module())
	if c == nil {
		return nil
	}
	var rc *config.Resource
	if res.Mode == addrs.DataResourceMode {
		rc = c.Module.DataResources[res.String()]
	} else {
		rc = c.Module.ManagedResources[res.String()]
	}
	if rc == nil {
		return nil
	}
	rs, err := a.provs.ResourceSchema(a.ctx, rc.ProviderKey(), rc.Addr())
	if err != nil || rs == nil || rs.Block == nil {
		return nil
	}
	var refs []*addrs.Reference
	body := a.body(rc)
	if name, ok := firstStepName(rest); !ok {
		refs, _ = lang.ReferencesInBlock(body, rs.Block)
	} else if _, isAttr := rs.Block.Attributes[name]; isAttr {
		content, _, _ := body.PartialContent(&hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: name}}})
		if attr := content.Attributes[name]; attr != nil {
			refs, _ = lang.ReferencesInExpr(attr.Expr)
		}
	} else if bt, isBlock := rs.Block.BlockTypes[name]; isBlock {
		content, _, _ := body.PartialContent(&hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{{Type: name}}})
		for _, b := range content.Blocks {
			more, _ := lang.ReferencesInBlock(b.Body, &bt.Block)
			refs = append(refs, more...)
		}
	}
	return a.absolute(mi, rc, ri, refs)
}

func firstStepName(rest hcl.Traversal) (string, bool) {
	if len(rest) == 0 {
		return "", false
	}
	switch st := rest[0].(type) {
	case hcl.TraverseAttr:
		return st.Name, true
	case hcl.TraverseIndex:
		if v, err := convert.Convert(st.Key, cty.String); err == nil && v.IsKnown() && !v.IsNull() {
			return v.AsString(), true
		}
	}
	return "", false
}

func (a *refAnalyzer) exprRefs(mi addrs.ModuleInstance, ri string, exprs ...hcl.Expression) []globalRef {
	var refs []*addrs.Reference
	for _, e := range exprs {
		if e == nil {
			continue
		}
		more, _ := lang.ReferencesInExpr(e)
		refs = append(refs, more...)
	}
	return a.absolute(mi, nil, ri, refs)
}

// absolute places refs in module instance mi; count.* and each.* keep the
// resource they were found in.
func (a *refAnalyzer) absolute(mi addrs.ModuleInstance, res *config.Resource, ri string, refs []*addrs.Reference) []globalRef {
	out := make([]globalRef, 0, len(refs))
	for _, ref := range refs {
		g := globalRef{mi: mi, ref: ref}
		switch ref.Subject.(type) {
		case addrs.CountAttr, addrs.ForEachAttr:
			g.res, g.ri = res, ri
		}
		out = append(out, g)
	}
	return out
}
