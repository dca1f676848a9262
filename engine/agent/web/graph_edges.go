package web

import "strings"

// edgeBuilder turns a configuration's references into edges between
// resources. A reference to a variable of a child module leads to what the
// module call passes it; a reference to a module's output leads to what
// the output refers to; locals and root variables, which the JSON plan does
// not describe, lead nowhere.
type edgeBuilder struct {
	g *depGraph
}

// scope is one module instance: its address prefix, its configuration and
// how it was called (nil for the root).
type scope struct {
	prefix string
	mod    *configModule
	call   *moduleCall
	parent *scope
}

func (b *edgeBuilder) module(prefix string, m *configModule, call *moduleCall) {
	b.walk(&scope{prefix: prefix, mod: m, call: call})
}

func (b *edgeBuilder) walk(s *scope) {
	for _, r := range s.mod.Resources {
		user := b.g.node(s.prefix + r.Address)
		refs := append(exprRefs(r.Expressions), r.DependsOn...)
		refs = append(refs, exprRefsOf(r.CountExpression)...)
		refs = append(refs, exprRefsOf(r.ForEachExpression)...)
		for _, dep := range b.resolve(s, refs, 0) {
			b.g.addEdge(user, dep)
		}
	}
	for name, call := range s.mod.ModuleCalls {
		b.walk(&scope{prefix: s.prefix + "module." + name + ".", mod: &call.Module, call: &call, parent: s})
	}
}

// maxHops bounds how far references are followed through module inputs
// and outputs.
const maxHops = 16

// resolve finds the resources the references of scope s lead to.
func (b *edgeBuilder) resolve(s *scope, refs []string, hops int) []*depNode {
	if hops > maxHops {
		return nil
	}
	var out []*depNode
	for _, ref := range refs {
		parts := strings.Split(resourceOf(ref), ".")
		switch {
		case parts[0] == "var" && len(parts) > 1 && s.call != nil && s.parent != nil:
			e, ok := s.call.Expressions[parts[1]]
			if ok {
				out = append(out, b.resolve(s.parent, exprRefs(map[string]any{"v": e}), hops+1)...)
			}
		case parts[0] == "module" && len(parts) > 2:
			out = append(out, b.output(s, parts[1], parts[2], hops)...)
		case parts[0] == "data" && len(parts) > 2:
			out = append(out, b.existing(s.prefix+"data."+parts[1]+"."+parts[2])...)
		case len(parts) > 1 && !reservedRoot[parts[0]]:
			out = append(out, b.existing(s.prefix+parts[0]+"."+parts[1])...)
		}
	}
	return out
}

// reservedRoot are the reference roots that are not resource types.
var reservedRoot = map[string]bool{"var": true, "local": true, "module": true, "data": true, "each": true,
	"count": true, "self": true, "path": true, "terraform": true}

// output resolves module.NAME.OUTPUT from scope s.
func (b *edgeBuilder) output(s *scope, name, output string, hops int) []*depNode {
	call, ok := s.mod.ModuleCalls[name]
	if !ok {
		return nil
	}
	child := &scope{prefix: s.prefix + "module." + name + ".", mod: &call.Module, call: &call, parent: s}
	o, ok := call.Module.Outputs[output]
	if !ok {
		return nil
	}
	return b.resolve(child, append(append([]string{}, o.Expression.References...), o.DependsOn...), hops+1)
}

func (b *edgeBuilder) existing(addr string) []*depNode {
	if n := b.g.byID[addr]; n != nil {
		return []*depNode{n}
	}
	return nil
}

// exprRefs collects the references of a resource's expressions, which nest
// as blocks: maps of expressions and lists of such maps.
func exprRefs(exprs map[string]any) []string {
	var out []string
	var visit func(v any)
	visit = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			if refs, ok := x["references"].([]any); ok {
				for _, r := range refs {
					if s, ok := r.(string); ok {
						out = append(out, s)
					}
				}
			}
			for k, e := range x {
				if k != "references" && k != "constant_value" {
					visit(e)
				}
			}
		case []any:
			for _, e := range x {
				visit(e)
			}
		}
	}
	visit(map[string]any(exprs))
	return out
}

func exprRefsOf(e *configExpr) []string {
	if e == nil {
		return nil
	}
	return e.References
}
