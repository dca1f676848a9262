package refactor

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"

	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/engine/config"
	"github.com/trueup/trueup/engine/state"
)

// Statement is one moved block made absolute for one instance of the
// module that declares it.
type Statement struct {
	From, To  addrs.Targetable
	DeclRange hcl.Range
}

// Statements returns the moved blocks of the whole configuration tree,
// made absolute for every instance of their module that state holds
// objects in, ordered so that chains (A to B, B to C) resolve: a
// statement comes before the one whose source is its destination.
func Statements(root *config.Config, st *state.State) ([]Statement, hcl.Diagnostics) {
	var out []Statement
	for _, c := range root.All() {
		if len(c.Module.Moved) == 0 {
			continue
		}
		for _, mi := range moduleInstancesIn(c.Path, st) {
			for _, mv := range c.Module.Moved {
				out = append(out, Statement{From: absolute(mi, mv.From), To: absolute(mi, mv.To), DeclRange: mv.DeclRange})
			}
		}
	}
	return order(out)
}

// moduleInstancesIn returns the instances of static module p that state
// holds objects in (or in modules below them); the root module always.
func moduleInstancesIn(p addrs.Module, st *state.State) []addrs.ModuleInstance {
	if p.IsRoot() {
		return []addrs.ModuleInstance{addrs.RootModuleInstance}
	}
	n := len(p.Names())
	seen := map[addrs.ModuleInstance]bool{}
	var out []addrs.ModuleInstance
	for _, r := range st.Resources {
		steps := r.Addr.Module.Steps()
		if len(steps) < n {
			continue
		}
		mi := addrs.RootModuleInstance
		for _, s := range steps[:n] {
			mi = mi.Child(s.Name, s.Key)
		}
		if mi.Module() == p && !seen[mi] {
			seen[mi] = true
			out = append(out, mi)
		}
	}
	return out
}

// absolute places an address written in module instance mi.
func absolute(mi addrs.ModuleInstance, t addrs.Targetable) addrs.Targetable {
	switch t := t.(type) {
	case addrs.ModuleInstance:
		return addrs.ModuleInstance(joinModule(string(mi), string(t)))
	case addrs.Resource:
		return t.InModule(addrs.ModuleInstance(joinModule(string(mi), string(t.Module))))
	case addrs.ResourceInstance:
		t.Resource = t.Resource.InModule(addrs.ModuleInstance(joinModule(string(mi), string(t.Resource.Module))))
		return t
	}
	return t
}

// order sorts statements so that each comes before any whose source is
// its destination, and reports cycles.
func order(stmts []Statement) ([]Statement, hcl.Diagnostics) {
	var out []Statement
	done := make([]bool, len(stmts))
	state := make([]int, len(stmts)) // 0 new, 1 visiting, 2 done
	var diags hcl.Diagnostics
	var visit func(i int) bool
	visit = func(i int) bool {
		switch state[i] {
		case 1:
			return false
		case 2:
			return true
		}
		state[i] = 1
		for j := range stmts {
			// i must come after j when j's destination is i's source.
			if j != i && stmts[j].To.String() == stmts[i].From.String() {
				if !visit(j) {
					if len(diags) == 0 {
						diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Cyclic dependency in move statements",
							Detail:  fmt.Sprintf("The move from %s to %s is part of a chain of moves that leads back to its start, so no object can be placed. Remove one of the moved blocks of the cycle.", stmts[i].From, stmts[i].To),
							Subject: stmts[i].DeclRange.Ptr()})
					}
					return false
				}
			}
		}
		state[i] = 2
		if !done[i] {
			done[i] = true
			out = append(out, stmts[i])
		}
		return true
	}
	for i := range stmts {
		visit(i)
	}
	return out, diags
}

// Validate checks the moved blocks of the tree as Terraform does: both
// ends of one kind and resource type, and the source no longer declared
// (except for a move between instances of one resource or module call).
func Validate(root *config.Config) hcl.Diagnostics {
	var diags hcl.Diagnostics
	for _, c := range root.All() {
		for _, mv := range c.Module.Moved {
			diags = append(diags, validateMove(c, mv)...)
		}
	}
	return diags
}

func validateMove(c *config.Config, mv *config.Moved) hcl.Diagnostics {
	bad := func(summary, detail string) hcl.Diagnostics {
		return hcl.Diagnostics{{Severity: hcl.DiagError, Summary: summary, Detail: detail, Subject: mv.DeclRange.Ptr()}}
	}
	_, fromModule := mv.From.(addrs.ModuleInstance)
	_, toModule := mv.To.(addrs.ModuleInstance)
	if fromModule != toModule {
		return bad(`Invalid "moved" addresses`, fmt.Sprintf("Cannot move %s to %s: a module moves to another module address, and a resource to another resource address.", mv.From, mv.To))
	}
	if fromModule {
		from, to := mv.From.(addrs.ModuleInstance), mv.To.(addrs.ModuleInstance)
		fromCall, toCall := lastCall(from), lastCall(to)
		if fromCall != toCall && callDeclared(c, from) {
			return bad("Moved object still exists", fmt.Sprintf("This statement declares a move from %s, but that module call is still declared in configuration.\n\nChange your configuration so that this call will be declared as %s instead.", from, to))
		}
		return nil
	}
	from, to := targetResource(mv.From), targetResource(mv.To)
	if from.Type != to.Type || from.Mode != to.Mode {
		return bad("Resource type mismatch", fmt.Sprintf("This statement declares a move from %s to %s, which is a %s of a different type.", mv.From, mv.To, resourceNoun(to)))
	}
	if from != to {
		if d := c.Descendant(from.Module.Module()); d != nil && d.Module.ResourceByAddr(from.Local()) != nil {
			res := d.Module.ResourceByAddr(from.Local())
			return bad("Moved object still exists", fmt.Sprintf("This statement declares a move from %s, but that resource is still declared at %s.\n\nChange your configuration so that this resource will be declared as %s instead.", mv.From, res.DeclRange, mv.To))
		}
	}
	return nil
}

func targetResource(t addrs.Targetable) addrs.Resource {
	switch t := t.(type) {
	case addrs.Resource:
		return t
	case addrs.ResourceInstance:
		return t.Resource
	}
	return addrs.Resource{}
}

func resourceNoun(r addrs.Resource) string {
	if r.Mode == addrs.DataResourceMode {
		return "data source"
	}
	return "resource"
}

// lastCall returns the static address of a module instance's call.
func lastCall(m addrs.ModuleInstance) addrs.Module { return m.Module() }

// callDeclared reports whether the module call m (relative to c) exists in
// configuration.
func callDeclared(c *config.Config, m addrs.ModuleInstance) bool {
	return c.Descendant(m.Module()) != nil
}

// ApplyMoves carries out the statements on st in order. A move whose
// source holds nothing is skipped; one whose destination is taken is
// blocked: nothing of it moves, and it is returned for a warning.
func ApplyMoves(st *state.State, stmts []Statement) (moved, blocked []Moved) {
	for _, s := range stmts {
		plan, err := planMove(st, s.From, s.To)
		if err != nil {
			continue // nothing at the source
		}
		if taken := occupied(st, plan); taken != nil {
			blocked = append(blocked, Moved{From: plan[0].From, To: plan[0].To})
			continue
		}
		for _, m := range plan {
			moveInstance(st, m)
		}
		moved = append(moved, plan...)
	}
	return moved, blocked
}

// Origins maps each destination of moves (in the order made) to the
// address its object had before the first of them: A to B then B to C
// gives C from A.
func Origins(moves []Moved) map[addrs.ResourceInstance]addrs.ResourceInstance {
	prev := map[addrs.ResourceInstance]addrs.ResourceInstance{}
	for _, m := range moves {
		orig, ok := prev[m.From]
		if !ok {
			orig = m.From
		}
		delete(prev, m.From)
		prev[m.To] = orig
	}
	return prev
}
