package graph

import (
	"context"
	"testing"
)

func benchWalk(b *testing.B, g *Graph[int]) {
	b.ReportAllocs()
	for b.Loop() {
		res := g.Walk(context.Background(), 10, func(context.Context, int) error { return nil })
		if len(res.Completed) != g.Len() {
			b.Fatalf("completed %d of %d", len(res.Completed), g.Len())
		}
	}
}

// BenchmarkWalk10000Chain walks one chain of 10,000 nodes: no parallelism
// to be had, so it measures per-node scheduling overhead.
func BenchmarkWalk10000Chain(b *testing.B) {
	g := New[int]()
	g.Add(0)
	for i := 1; i < 10000; i++ {
		g.Connect(i, i-1)
	}
	benchWalk(b, g)
}

// BenchmarkWalk10000Wide walks 10,000 nodes that all depend on one root and
// are all depended on by one sink: the widest fan-out and fan-in.
func BenchmarkWalk10000Wide(b *testing.B) {
	g := New[int]()
	for i := 1; i <= 10000; i++ {
		g.Connect(i, 0)
		g.Connect(10001, i)
	}
	benchWalk(b, g)
}
