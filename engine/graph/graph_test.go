package graph

import (
	"maps"
	"slices"
	"testing"
)

// build returns a graph with the given nodes and "from→to" edges.
func build(nodes []string, edges ...[2]string) *Graph[string] {
	g := New[string]()
	for _, n := range nodes {
		g.Add(n)
	}
	for _, e := range edges {
		g.Connect(e[0], e[1])
	}
	return g
}

// diamond: d depends on b and c, which both depend on a; x is independent.
func diamond() *Graph[string] {
	return build([]string{"x"}, [2]string{"b", "a"}, [2]string{"c", "a"}, [2]string{"d", "b"}, [2]string{"d", "c"})
}

func keys(m map[string]struct{}) []string { return slices.Sorted(maps.Keys(m)) }

func TestBuilding(t *testing.T) {
	g := New[string]()
	g.Add("a")
	g.Add("a")
	g.Connect("b", "a")
	g.Connect("b", "a")
	if got := g.Len(); got != 2 {
		t.Fatalf("Add and Connect are idempotent: Len = %d, want 2", got)
	}
	if !g.Has("a") || !g.Has("b") || g.Has("c") {
		t.Fatalf("Has: a=%v b=%v c=%v", g.Has("a"), g.Has("b"), g.Has("c"))
	}
	if got := g.Nodes(); !slices.Equal(got, []string{"a", "b"}) {
		t.Fatalf("Nodes = %v", got)
	}
}

func TestNeighbours(t *testing.T) {
	g := diamond()
	tests := []struct {
		name string
		got  []string
		want []string
	}{
		{"dependencies of d are b and c, sorted", g.DependenciesOf("d"), []string{"b", "c"}},
		{"dependents of a are b and c, sorted", g.DependentsOf("a"), []string{"b", "c"}},
		{"a root has no dependencies", g.DependenciesOf("a"), nil},
		{"a leaf has no dependents", g.DependentsOf("d"), nil},
		{"an unknown node has no dependencies", g.DependenciesOf("zz"), nil},
		{"ancestors of d are a, b and c", keys(g.Ancestors("d")), []string{"a", "b", "c"}},
		{"ancestors of b and x are a", keys(g.Ancestors("b", "x")), []string{"a"}},
		{"ancestors of d and b include b", keys(g.Ancestors("d", "b")), []string{"a", "b", "c"}},
		{"descendants of a are b, c and d", keys(g.Descendants("a")), []string{"b", "c", "d"}},
		{"descendants of an independent node are none", keys(g.Descendants("x")), nil},
		{"descendants of an unknown node are none", keys(g.Descendants("zz")), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !slices.Equal(tt.got, tt.want) {
				t.Errorf("got %v, want %v", tt.got, tt.want)
			}
		})
	}
}

func TestRemoveDropsNodeAndEdges(t *testing.T) {
	g := diamond()
	g.Remove("b")
	g.Remove("nope")
	if g.Has("b") || g.Len() != 4 {
		t.Fatalf("b still present or wrong Len %d", g.Len())
	}
	if got := g.DependenciesOf("d"); !slices.Equal(got, []string{"c"}) {
		t.Errorf("d dependencies = %v, want [c]", got)
	}
	if got := g.DependentsOf("a"); !slices.Equal(got, []string{"c"}) {
		t.Errorf("a dependents = %v, want [c]", got)
	}
}

func TestSubgraphKeepsOnlyEdgesBetweenKeptNodes(t *testing.T) {
	g := diamond()
	s := g.Subgraph(map[string]struct{}{"a": {}, "b": {}, "d": {}, "unknown": {}})
	want := "a\nb\n  a\nd\n  b\n"
	if got := s.String(); got != want {
		t.Errorf("subgraph:\n%s\nwant:\n%s", got, want)
	}
	if g.Len() != 5 {
		t.Errorf("Subgraph changed the original: Len = %d", g.Len())
	}
}

func TestReverseTurnsEveryEdge(t *testing.T) {
	r := diamond().Reverse()
	want := "a\n  b\n  c\nb\n  d\nc\n  d\nd\nx\n"
	if got := r.String(); got != want {
		t.Errorf("reverse:\n%s\nwant:\n%s", got, want)
	}
	order, err := r.TopoOrder()
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"d", "b", "c", "a", "x"}; !slices.Equal(order, want) {
		t.Errorf("reverse topo order = %v, want %v (dependents first)", order, want)
	}
}

// TestManyEdges checks a node whose edges outgrow the small set (a slice)
// and move to a map: connecting twice adds one edge, removals and both
// directions stay consistent, and every reader sees the same edges.
func TestManyEdges(t *testing.T) {
	g := New[string]()
	var want []string
	for i := range 3 * smallEdges {
		d := string(rune('a' + i))
		g.Connect("hub", d)
		g.Connect("hub", d)
		g.Connect(d, "root")
		want = append(want, d)
	}
	if got := g.DependenciesOf("hub"); !slices.Equal(got, want) {
		t.Fatalf("DependenciesOf(hub) = %v, want %v", got, want)
	}
	if got := g.DependentsOf("root"); !slices.Equal(got, want) {
		t.Fatalf("DependentsOf(root) = %v, want %v", got, want)
	}
	g.Remove("c")
	g.Remove("hub")
	want = slices.DeleteFunc(want, func(s string) bool { return s == "c" })
	if got := g.DependentsOf("root"); !slices.Equal(got, want) {
		t.Fatalf("after Remove: DependentsOf(root) = %v, want %v", got, want)
	}
	for _, d := range want {
		if got := g.DependentsOf(d); got != nil {
			t.Fatalf("after Remove(hub): DependentsOf(%s) = %v, want none", d, got)
		}
	}
	if got := keys(g.Descendants("root")); !slices.Equal(got, want) {
		t.Fatalf("Descendants(root) = %v, want %v", got, want)
	}
	order, err := g.TopoOrder()
	if err != nil || order[0] != "root" || len(order) != len(want)+1 {
		t.Fatalf("TopoOrder = %v, %v", order, err)
	}
	// A self-loop on a large node is a cycle, and removing the node
	// removes it.
	g.Connect("root", "root")
	if err := g.Validate(); err == nil {
		t.Fatal("Validate: no cycle for a self-loop")
	}
	g.Remove("root")
	if err := g.Validate(); err != nil || g.Has("root") {
		t.Fatalf("after Remove(root): Validate = %v, Has = %v", err, g.Has("root"))
	}
}
