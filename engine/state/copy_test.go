package state

import (
	"bytes"
	"testing"

	"github.com/trueup/trueup/engine/addrs"
)

// TestSnapshotCopyIsIndependentInStructure: changing the working state
// after a snapshot (recording, replacing and removing objects, as apply
// does) leaves the snapshot as it was, and it encodes as the original did.
func TestSnapshotCopyIsIndependentInStructure(t *testing.T) {
	s := New()
	s.SetInstance(addrN(1), "p", &Instance{Attributes: []byte(`{"id":"1"}`)})
	s.SetInstance(addrN(2), "p", &Instance{Attributes: []byte(`{"id":"2"}`)})
	want := mustEncode(t, s)
	snap := s.SnapshotCopy()

	s.SetInstance(addrN(1), "p", &Instance{Attributes: []byte(`{"id":"changed"}`)})
	s.RemoveInstance(addrN(2), addrs.NoKey, "")
	s.SetInstance(addrN(3), "p", &Instance{Attributes: []byte(`{"id":"3"}`)})
	s.FindResource(addrN(1)).Instances[0].Status = "tainted"
	s.Serial++

	if got := mustEncode(t, snap); !bytes.Equal(got, want) {
		t.Errorf("the snapshot changed with the working state:\n%s\nwant:\n%s", got, want)
	}
	if snap.FindResource(addrN(3)) != nil || snap.FindResource(addrN(2)) == nil {
		t.Error("the snapshot's index follows the working state")
	}
}
