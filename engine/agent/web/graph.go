package web

import (
	"sort"
	"strings"

	"github.com/trueup/trueup/engine/agent/store"
)

// depGraph is a stack's dependency graph as the dashboard draws it: its
// resources (data sources included) and, for each, the resources it
// depends on, with the action the plan takes on each.
type depGraph struct {
	Nodes []*depNode
	byID  map[string]*depNode
	// dashed marks the edges {user, dependency} drawn dashed (nil: none).
	dashed map[[2]*depNode]bool
}

// depNode is one resource of the configuration (all its instances), or
// one the plan destroys that the configuration no longer has.
type depNode struct {
	// Address is the resource's address without instance keys:
	// "module.net.aws_subnet.a".
	Address string
	// Action is the most consequential action the plan takes on its
	// instances ("" when none: the plan leaves it alone).
	Action string
	// Instances counts the instances the plan changes.
	Instances int
	// Deps are the resources it refers to or names in depends_on.
	Deps []*depNode
	// Users are the resources that depend on it.
	Users []*depNode
	// Class is an extra CSS class for the node ("" for none).
	Class string

	layer, order int
	x, y, w      float64
}

// severity ranks actions, so that a resource whose instances are created
// and destroyed shows as destroyed.
var severity = map[string]int{"": 0, actionNoop: 0, actionRead: 1, actionCreate: 2, actionUpdate: 3, actionReplace: 4, actionDelete: 5}

// planGraph builds the graph of a recorded plan: from the engine's
// resource graph stored with it (plan.Graph), which has every edge,
// through locals too; for a plan recorded without one, from its JSON. It
// returns nil when the plan has neither.
func planGraph(p store.Plan) *depGraph {
	d := parsePlan(p.JSON)
	if p.Graph != nil {
		return engineGraph(p.Graph, d)
	}
	return graphOf(d)
}

// engineGraph builds the graph from the engine's resource edges and
// highlights what the JSON plan d (possibly nil) changes.
func engineGraph(edges map[string][]string, d *planDoc) *depGraph {
	g := &depGraph{byID: map[string]*depNode{}}
	for addr := range edges {
		g.node(addr)
	}
	for addr, deps := range edges {
		for _, dep := range deps {
			g.addEdge(g.node(addr), g.node(dep))
		}
	}
	g.mark(d)
	return g
}

// graphOf builds the graph from a JSON plan's configuration (the
// references and depends_on of each resource, followed through module
// inputs and outputs but not locals) and highlights what the plan
// changes. It returns nil when the plan has no configuration.
func graphOf(d *planDoc) *depGraph {
	if d == nil || d.Configuration == nil {
		return nil
	}
	g := &depGraph{byID: map[string]*depNode{}}
	g.addModule("", &d.Configuration.RootModule)
	b := &edgeBuilder{g: g}
	b.module("", &d.Configuration.RootModule, nil)
	g.mark(d)
	return g
}

// mark sets each node's action from the plan's resource changes (adding
// the resources it destroys that the configuration no longer has), then
// sorts nodes and edges by address.
func (g *depGraph) mark(d *planDoc) {
	if d != nil {
		for _, c := range d.ResourceChanges {
			a := action(c.Change.Actions)
			if a == actionNoop {
				continue
			}
			n := g.node(resourceOf(c.Address))
			n.Instances++
			if severity[a] > severity[n.Action] {
				n.Action = a
			}
		}
	}
	sort.Slice(g.Nodes, func(i, j int) bool { return g.Nodes[i].Address < g.Nodes[j].Address })
	for _, n := range g.Nodes {
		sortNodes(n.Deps)
		sortNodes(n.Users)
	}
}

func sortNodes(ns []*depNode) {
	sort.Slice(ns, func(i, j int) bool { return ns[i].Address < ns[j].Address })
}

// node returns the node of an address, adding it when new.
func (g *depGraph) node(addr string) *depNode {
	if n := g.byID[addr]; n != nil {
		return n
	}
	n := &depNode{Address: addr}
	g.byID[addr] = n
	g.Nodes = append(g.Nodes, n)
	return n
}

func (g *depGraph) addModule(prefix string, m *configModule) {
	for _, r := range m.Resources {
		g.node(prefix + r.Address)
	}
	for name, call := range m.ModuleCalls {
		g.addModule(prefix+"module."+name+".", &call.Module)
	}
}

// addEdge records that user depends on dep.
func (g *depGraph) addEdge(user, dep *depNode) {
	if user == dep {
		return
	}
	for _, d := range user.Deps {
		if d == dep {
			return
		}
	}
	user.Deps = append(user.Deps, dep)
	dep.Users = append(dep.Users, user)
}

// Edges counts the graph's edges.
func (g *depGraph) Edges() int {
	n := 0
	for _, x := range g.Nodes {
		n += len(x.Deps)
	}
	return n
}

// String lists each resource with its action and dependencies, one a
// line, for tests.
func (g *depGraph) String() string {
	var b strings.Builder
	for _, n := range g.Nodes {
		b.WriteString(n.Address)
		if n.Action != "" {
			b.WriteString(" (" + n.Action + ")")
		}
		for i, d := range n.Deps {
			if i == 0 {
				b.WriteString(" ->")
			}
			b.WriteString(" " + d.Address)
		}
		b.WriteString("\n")
	}
	return b.String()
}

// resourceOf strips instance keys from a resource instance's address:
// `module.a["x"].aws_s3_bucket.b[0]` is `module.a.aws_s3_bucket.b`.
func resourceOf(addr string) string {
	var b strings.Builder
	depth := 0
	var quote bool
	for i := 0; i < len(addr); i++ {
		c := addr[i]
		switch {
		case quote:
			if c == '\\' {
				i++
			} else if c == '"' {
				quote = false
			}
		case c == '"' && depth > 0:
			quote = true
		case c == '[':
			depth++
		case c == ']':
			depth--
		case depth == 0:
			b.WriteByte(c)
		}
	}
	return b.String()
}
