package graph

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestMinHeapPopsInOrder: whatever the order of pushes, interleaved with
// pops, the heap always gives back its smallest index.
func TestMinHeapPopsInOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for round := range 200 {
		var h minHeap
		var model []int
		for range rng.IntN(50) {
			if len(model) > 0 && rng.IntN(3) == 0 {
				slices.Sort(model)
				if got := h.pop(); got != model[0] {
					t.Fatalf("round %d: pop = %d, want %d", round, got, model[0])
				}
				model = model[1:]
				continue
			}
			i := rng.IntN(20)
			h.push(i)
			model = append(model, i)
		}
		slices.Sort(model)
		for _, want := range model {
			if got := h.pop(); got != want {
				t.Fatalf("round %d: pop = %d, want %d", round, got, want)
			}
		}
		if h.Len() != 0 {
			t.Fatalf("round %d: %d left", round, h.Len())
		}
	}
}
