package statetest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/engine/state"
)

// NewStorage makes fresh, empty storage for one subtest and returns a
// factory of clients on it. Each call of the factory returns a NEW client,
// as a separate process would have, on the SAME storage.
type NewStorage func(t *testing.T) func() state.Backend

// Run runs every conformance test against the backend that newStorage
// makes. Subtests call newStorage once each, so they never see one
// another's state or locks.
func Run(t *testing.T, newStorage NewStorage) {
	t.Helper()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.run(t, newStorage(t)) })
	}
}

// RunWithoutLeases runs the storage and lock tests, not the lease and
// history ones, for a backend whose protocol has neither (http); skip
// names the tests it cannot pass either, for a reason its caller states.
func RunWithoutLeases(t *testing.T, newStorage NewStorage, skip ...string) {
	t.Helper()
	for _, tc := range concat(storageTests, lockTests) {
		if slices.Contains(skip, tc.name) {
			continue
		}
		t.Run(tc.name, func(t *testing.T) { tc.run(t, newStorage(t)) })
	}
}

type conformanceTest struct {
	name string
	run  func(t *testing.T, client func() state.Backend)
}

// tests lists the suite in the order it runs; each file adds its own.
var tests = concat(storageTests, lockTests, leaseTests, historyTests)

func concat(lists ...[]conformanceTest) []conformanceTest {
	var all []conformanceTest
	for _, l := range lists {
		all = append(all, l...)
	}
	return all
}

// Sample returns a small state with the given lineage and serial whose
// content depends on tag: one counted resource with two instances, one of
// them with a sensitive attribute, and an output.
func Sample(lineage string, serial uint64, tag string) *state.State {
	s := state.New()
	s.Lineage = lineage
	s.Serial = serial
	addr := addrs.Resource{Mode: addrs.ManagedResourceMode, Type: "null_resource", Name: "n"}
	const provider = `provider["registry.terraform.io/hashicorp/null"]`
	for i := range 2 {
		attrs, _ := json.Marshal(map[string]any{"id": fmt.Sprintf("%s-%d", tag, i), "triggers": map[string]string{"tag": tag}})
		s.SetInstance(addr, provider, &state.Instance{Key: addrs.IntKey(i), Attributes: attrs})
	}
	return s
}

func ctx(t *testing.T) context.Context { return t.Context() }

func mustRead(t *testing.T, b state.Backend) *state.State {
	t.Helper()
	s, err := b.Read(ctx(t))
	if err != nil {
		t.Fatalf("%s: Read: %v", b, err)
	}
	return s
}

func mustWrite(t *testing.T, b state.Backend, s *state.State) {
	t.Helper()
	if err := b.Write(ctx(t), s); err != nil {
		t.Fatalf("%s: Write(lineage %s serial %d): %v", b, s.Lineage, s.Serial, err)
	}
}

func mustLock(t *testing.T, b state.Backend, info *state.LockInfo) string {
	t.Helper()
	id, err := b.Lock(ctx(t), info)
	if err != nil {
		t.Fatalf("%s: Lock: %v", b, err)
	}
	if id == "" {
		t.Fatalf("%s: Lock returned an empty lock ID", b)
	}
	return id
}

func mustUnlock(t *testing.T, b state.Backend, id string) {
	t.Helper()
	if err := b.Unlock(ctx(t), id); err != nil {
		t.Fatalf("%s: Unlock(%s): %v", b, id, err)
	}
}

// seed stores Sample(lineage, serial, "seed") through a fresh client and
// returns it.
func seed(t *testing.T, client func() state.Backend, serial uint64) *state.State {
	t.Helper()
	c := client()
	if s := mustRead(t, c); s != nil {
		t.Fatalf("%s: fresh storage holds a state (serial %d)", c, s.Serial)
	}
	s := Sample(state.New().Lineage, serial, "seed")
	mustWrite(t, c, s)
	return s
}

// assertStored fails unless a fresh client reads a state with want's
// lineage, serial and content.
func assertStored(t *testing.T, client func() state.Backend, want *state.State) {
	t.Helper()
	c := client()
	got := mustRead(t, c)
	if got == nil {
		t.Fatalf("%s: stored state is gone, want serial %d", c, want.Serial)
	}
	if got.Lineage != want.Lineage || got.Serial != want.Serial || !got.SameContent(want) {
		t.Fatalf("%s: stored state is lineage %s serial %d, want lineage %s serial %d (same content: %v)",
			c, got.Lineage, got.Serial, want.Lineage, want.Serial, got.SameContent(want))
	}
}

func assertStale(t *testing.T, err error, what string) {
	t.Helper()
	if !errors.Is(err, state.ErrStale) {
		t.Fatalf("%s: error = %v, want one wrapping state.ErrStale", what, err)
	}
}

// asLockError returns err as a *state.LockError, failing the test if it
// is not one or names no holder.
func asLockError(t *testing.T, err error, what string) *state.LockError {
	t.Helper()
	var le *state.LockError
	if !errors.As(err, &le) {
		t.Fatalf("%s: error = %v (%T), want a *state.LockError", what, err, err)
	}
	return le
}
