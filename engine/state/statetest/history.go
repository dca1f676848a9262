package statetest

import (
	"testing"

	"github.com/trueup/trueup/engine/state"
)

var historyTests = []conformanceTest{
	{"history is retrievable", testHistory},
}

func testHistory(t *testing.T, client func() state.Backend) {
	c := client()
	if _, ok := c.(state.Historian); !ok {
		t.Skipf("%s does not implement state.Historian", c)
	}
	mustRead(t, c)
	first := Sample(state.New().Lineage, 1, "first")
	second := Sample(first.Lineage, 2, "second")
	mustWrite(t, c, first)
	// The second version is the next command's, as a user makes them:
	// the local backend keeps no backup of a state the same client
	// created, as Terraform's does not.
	c = client()
	h := c.(state.Historian)
	mustRead(t, c)
	mustWrite(t, c, second)

	versions, err := h.History(ctx(t))
	if err != nil {
		t.Fatalf("History: %v", err)
	}
	if len(versions) < 2 || versions[0].Serial != 2 {
		t.Fatalf("History = %+v, want the current serial 2 first and the previous version after it", versions)
	}
	for _, v := range versions[1:] {
		if v.Serial != 1 {
			continue
		}
		got, err := h.ReadVersion(ctx(t), v.ID)
		if err != nil {
			t.Fatalf("ReadVersion(%s): %v", v.ID, err)
		}
		if got.Serial != 1 || !got.SameContent(first) {
			t.Fatalf("ReadVersion(%s) = serial %d, want the first state", v.ID, got.Serial)
		}
		return
	}
	t.Fatalf("History = %+v has no version with serial 1", versions)
}
