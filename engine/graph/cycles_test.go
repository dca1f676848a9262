package graph

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
)

func TestCycles(t *testing.T) {
	tests := []struct {
		name  string
		graph *Graph[string]
		want  [][]string
	}{
		{"acyclic graph has none", diamond(), nil},
		{"self-loop is a cycle of one", build(nil, [2]string{"a", "a"}, [2]string{"b", "a"}), [][]string{{"a"}}},
		{
			"simple cycle follows edges from its smallest member",
			build(nil, [2]string{"c", "a"}, [2]string{"a", "b"}, [2]string{"b", "c"}, [2]string{"z", "c"}),
			[][]string{{"a", "b", "c"}},
		},
		{
			"two cycles are sorted by first member",
			build(nil, [2]string{"y", "x"}, [2]string{"x", "y"}, [2]string{"b", "a"}, [2]string{"a", "b"}, [2]string{"x", "a"}),
			[][]string{{"a", "b"}, {"x", "y"}},
		},
		{
			"strongly connected component lists every member once",
			build(nil, [2]string{"a", "b"}, [2]string{"b", "a"}, [2]string{"b", "c"}, [2]string{"c", "b"}, [2]string{"c", "d"}, [2]string{"d", "a"}),
			[][]string{{"a", "b", "c", "d"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.graph.Cycles(); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Cycles = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestValidateNamesEveryAddressInEachCycle(t *testing.T) {
	g := build(nil,
		[2]string{"aws_subnet.a", "aws_vpc.main"}, [2]string{"aws_vpc.main", "aws_route.r"}, [2]string{"aws_route.r", "aws_subnet.a"},
		[2]string{"null_resource.x", "null_resource.x"},
		[2]string{"output.ok", "aws_vpc.main"})
	err := g.Validate()
	var ce *CycleError[string]
	if !errors.As(err, &ce) {
		t.Fatalf("Validate = %v, want *CycleError", err)
	}
	want := "Cycle: aws_route.r, aws_subnet.a, aws_vpc.main\nCycle: null_resource.x"
	if err.Error() != want {
		t.Errorf("error:\n%s\nwant:\n%s", err, want)
	}
	if strings.Contains(err.Error(), "output.ok") {
		t.Errorf("error names a node outside any cycle: %s", err)
	}
	if err := diamond().Validate(); err != nil {
		t.Errorf("acyclic graph: Validate = %v", err)
	}
}

func TestTopoOrder(t *testing.T) {
	tests := []struct {
		name  string
		graph *Graph[string]
		want  []string
	}{
		{"diamond: dependencies first, smallest ready first", diamond(), []string{"a", "b", "c", "d", "x"}},
		{"chain built backwards comes out forwards", build(nil, [2]string{"a", "b"}, [2]string{"b", "c"}), []string{"c", "b", "a"}},
		{"empty graph gives empty order", New[string](), []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for range 20 { // map iteration is random; the order must not be
				got, err := tt.graph.TopoOrder()
				if err != nil || !slices.Equal(got, tt.want) {
					t.Fatalf("TopoOrder = %v, %v; want %v", got, err, tt.want)
				}
			}
		})
	}
}

func TestTopoOrderOfCyclicGraphIsCycleError(t *testing.T) {
	g := build(nil, [2]string{"a", "b"}, [2]string{"b", "a"}, [2]string{"c", "a"})
	order, err := g.TopoOrder()
	var ce *CycleError[string]
	if !errors.As(err, &ce) || order != nil {
		t.Fatalf("TopoOrder = %v, %v; want nil, *CycleError", order, err)
	}
	if err.Error() != "Cycle: a, b" {
		t.Errorf("error = %q", err)
	}
}

func TestCyclesOnLongChainDoNotExhaustStack(t *testing.T) {
	g := New[int]()
	const n = 200000
	for i := 1; i < n; i++ {
		g.Connect(i, i-1)
	}
	g.Connect(0, n-1)
	cycles := g.Cycles()
	if len(cycles) != 1 || len(cycles[0]) != n || cycles[0][0] != 0 || cycles[0][1] != n-1 {
		t.Fatalf("want one cycle of %d starting 0, %d; got %d cycles", n, n-1, len(cycles))
	}
}
