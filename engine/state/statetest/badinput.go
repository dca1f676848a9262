package statetest

import (
	"errors"
	"net"
	"testing"

	"github.com/trueup/trueup/engine/state"
)

// Storage is one place a backend keeps its state, as the bad-input checks
// reach it: through the backend, and behind its back.
type Storage struct {
	// Client returns a NEW client on the storage.
	Client func() state.Backend
	// AssertNamed fails the test unless err names this storage (backend,
	// bucket, object) and says want, and shows no secret.
	AssertNamed func(t *testing.T, err error, want string)
	// Put stores body as the state document behind the backend's back.
	// Only the checks on stored documents use it.
	Put func(t *testing.T, body string)
	// Get returns the stored state document and its version (ETag,
	// generation) as the store reports them. Only the checks on stored
	// documents use it.
	Get func(t *testing.T) (body, version string)
}

// RunEveryCallIsNamed fails unless Read, Write and Lock on a client of s
// (a missing bucket, an unreachable endpoint) each fail with an error that
// names the storage and says want.
func RunEveryCallIsNamed(t *testing.T, s Storage, want string) {
	t.Helper()
	b := s.Client()
	_, err := b.Read(ctx(t))
	s.AssertNamed(t, err, want)
	err = b.Write(ctx(t), Sample(state.New().Lineage, 1, "x"))
	s.AssertNamed(t, err, want)
	_, err = b.Lock(ctx(t), state.NewLockInfo("OperationTypeApply"))
	s.AssertNamed(t, err, want)
}

// RunReadIsNamed fails unless Read on a client of s fails with an error
// that names the storage and says want.
func RunReadIsNamed(t *testing.T, s Storage, want string) {
	t.Helper()
	_, err := s.Client().Read(ctx(t))
	s.AssertNamed(t, err, want)
}

// ClosedEndpoint returns the URL of a loopback port that nothing listens
// on, for a client whose endpoint is unreachable.
func ClosedEndpoint(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + l.Addr().String()
	l.Close()
	return closed
}

// invalidDocuments are stored documents that are not state: broken JSON
// that looks like state, and no JSON at all.
var invalidDocuments = []string{`{"not": "a state"`, "garbage"}

// RunInvalidDocumentIsRefusedAndKept stores documents that are not state
// in the fresh storage s and fails unless a client's Read names the
// storage and says "state object is not valid state", its following Write
// is refused as stale, and the stored document is left as it was.
func RunInvalidDocumentIsRefusedAndKept(t *testing.T, s Storage) {
	t.Helper()
	for _, doc := range invalidDocuments {
		s.Put(t, doc)
		b := s.Client()
		_, err := b.Read(ctx(t))
		s.AssertNamed(t, err, "state object is not valid state")
		err = b.Write(ctx(t), Sample(state.New().Lineage, 1, "over-garbage"))
		if !errors.Is(err, state.ErrStale) {
			t.Errorf("write over an unreadable state object: %v, want ErrStale", err)
		}
		if got, _ := s.Get(t); got != doc {
			t.Errorf("object after the refused write = %q, want it unchanged", got)
		}
	}
}

// RunForeignLineageIsRefusedAndKept writes a state to the fresh storage s
// and fails unless the same client's write of another lineage is refused
// as stale with an error that names the storage and the lineage, and the
// stored document and its version are left as they were.
func RunForeignLineageIsRefusedAndKept(t *testing.T, s Storage) {
	t.Helper()
	b := s.Client()
	if _, err := b.Read(ctx(t)); err != nil {
		t.Fatal(err)
	}
	if err := b.Write(ctx(t), Sample(state.New().Lineage, 3, "mine")); err != nil {
		t.Fatal(err)
	}
	before, version := s.Get(t)
	other := Sample(state.New().Lineage, 9, "theirs")
	err := b.Write(ctx(t), other)
	s.AssertNamed(t, err, "lineage "+other.Lineage)
	if !errors.Is(err, state.ErrStale) {
		t.Errorf("lineage mismatch error %v does not wrap ErrStale", err)
	}
	if got, v := s.Get(t); got != before || v != version {
		t.Error("state object changed after a refused write")
	}
}
