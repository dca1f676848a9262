package statetest

import (
	"bytes"
	"testing"

	"github.com/trueup/trueup/engine/state"
)

var storageTests = []conformanceTest{
	{"empty storage reads nil", testEmptyReadsNil},
	{"write then read round-trips", testRoundTrip},
	{"stale writer's conditional write fails", testStaleWriter},
	{"a client that has not read cannot overwrite stored state", testBlindWrite},
	{"write with another lineage is refused", testOtherLineage},
	{"write with a lower serial is refused", testLowerSerial},
	{"serial only grows", testSerialOnlyGrows},
}

func testEmptyReadsNil(t *testing.T, client func() state.Backend) {
	c := client()
	if s := mustRead(t, c); s != nil {
		t.Fatalf("%s: Read on empty storage = serial %d, want nil", c, s.Serial)
	}
	if info, err := c.LockInfo(ctx(t)); err != nil || info != nil {
		t.Fatalf("%s: LockInfo on empty storage = %+v, %v; want nil, nil", c, info, err)
	}
}

func testRoundTrip(t *testing.T, client func() state.Backend) {
	a := client()
	if s := mustRead(t, a); s != nil {
		t.Fatalf("%s: fresh storage holds a state", a)
	}
	want := Sample(state.New().Lineage, 1, "round-trip")
	want.Meta.Commit = "0123456789abcdef0123456789abcdef01234567"
	mustWrite(t, a, want)

	got := mustRead(t, client())
	if got == nil {
		t.Fatal("a second client reads nil after a write")
	}
	if got.Lineage != want.Lineage || got.Serial != want.Serial {
		t.Errorf("read lineage %s serial %d, want %s %d", got.Lineage, got.Serial, want.Lineage, want.Serial)
	}
	wb, _ := state.Encode(want)
	gb, err := state.Encode(got)
	if err != nil || !bytes.Equal(gb, wb) {
		t.Errorf("read state encodes differently from the written one (err %v):\n%s\nwant\n%s", err, gb, wb)
	}
	// The writer can go on writing: its write is conditional on its own.
	next := want.DeepCopy()
	next.Serial++
	mustWrite(t, a, next)
	assertStored(t, client, next)
}

func testStaleWriter(t *testing.T, client func() state.Backend) {
	base := seed(t, client, 1)
	a, b := client(), client()
	sa, sb := mustRead(t, a), mustRead(t, b)

	sb = Sample(base.Lineage, sb.Serial+1, "written-by-b")
	mustWrite(t, b, sb)

	stale := Sample(base.Lineage, sa.Serial+1, "written-by-a")
	assertStale(t, a.Write(ctx(t), stale), "A writes after B changed the state A read")
	assertStored(t, client, sb)

	// Having read again, A may write.
	fresh := mustRead(t, a)
	retry := Sample(base.Lineage, fresh.Serial+1, "a-after-reread")
	mustWrite(t, a, retry)
	assertStored(t, client, retry)
}

func testBlindWrite(t *testing.T, client func() state.Backend) {
	base := seed(t, client, 4)
	blind := client()
	err := blind.Write(ctx(t), Sample(base.Lineage, 5, "blind"))
	assertStale(t, err, "a client that never read writes over an existing state")
	assertStored(t, client, base)
}

func testOtherLineage(t *testing.T, client func() state.Backend) {
	base := seed(t, client, 1)
	a := client()
	mustRead(t, a)
	foreign := Sample(state.New().Lineage, 2, "foreign")
	assertStale(t, a.Write(ctx(t), foreign), "writing a state of another lineage")
	assertStored(t, client, base)
}

func testLowerSerial(t *testing.T, client func() state.Backend) {
	base := seed(t, client, 5)
	a := client()
	mustRead(t, a)
	older := Sample(base.Lineage, 4, "older")
	assertStale(t, a.Write(ctx(t), older), "writing serial 4 over serial 5")
	assertStored(t, client, base)
}

func testSerialOnlyGrows(t *testing.T, client func() state.Backend) {
	base := seed(t, client, 1)
	a := client()
	mustRead(t, a)
	var last *state.State
	for serial := uint64(2); serial <= 4; serial++ {
		last = Sample(base.Lineage, serial, "grow")
		mustWrite(t, a, last)
	}
	assertStale(t, a.Write(ctx(t), Sample(base.Lineage, 3, "shrink")), "writing serial 3 over serial 4")
	assertStored(t, client, last)

	// The same serial is accepted: the engine writes unchanged content
	// (new metadata) without bumping it.
	same := last.DeepCopy()
	same.Meta.Commit = "fedcba9876543210fedcba9876543210fedcba98"
	mustWrite(t, a, same)
	if got := mustRead(t, client()); got.Serial != 4 || got.Meta.Commit != same.Meta.Commit {
		t.Fatalf("after a same-serial write: serial %d commit %q", got.Serial, got.Meta.Commit)
	}
}
