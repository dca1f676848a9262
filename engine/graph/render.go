package graph

import (
	"fmt"
	"strings"
)

// String renders the graph as text, for golden tests: one node per line in
// sorted order, each followed by its direct dependencies, sorted and
// indented by two spaces.
func (g *Graph[K]) String() string {
	var b strings.Builder
	for _, k := range g.Nodes() {
		fmt.Fprintln(&b, k)
		for _, d := range g.DependenciesOf(k) {
			fmt.Fprintf(&b, "  %v\n", d)
		}
	}
	return b.String()
}

// DOT renders the graph in the Graphviz DOT language, as `trueup graph`
// prints it. An edge points from a node to a dependency of it. label gives a
// node's displayed label; when it is nil the key itself is shown. Nodes and
// edges are listed in sorted order, so the output is deterministic.
func (g *Graph[K]) DOT(name string, label func(K) string) string {
	if label == nil {
		label = func(k K) string { return fmt.Sprint(k) }
	}
	var b strings.Builder
	fmt.Fprintf(&b, "digraph %s {\n", dotQuote(name))
	b.WriteString("  compound = \"true\"\n  newrank = \"true\"\n")
	nodes := g.Nodes()
	for _, k := range nodes {
		fmt.Fprintf(&b, "  %s [label = %s, shape = \"box\"]\n", dotQuote(fmt.Sprint(k)), dotQuote(label(k)))
	}
	for _, k := range nodes {
		for _, d := range g.DependenciesOf(k) {
			fmt.Fprintf(&b, "  %s -> %s\n", dotQuote(fmt.Sprint(k)), dotQuote(fmt.Sprint(d)))
		}
	}
	b.WriteString("}\n")
	return b.String()
}

// dotQuote returns s as a DOT double-quoted string.
func dotQuote(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\r", ``)
	return `"` + r.Replace(s) + `"`
}
