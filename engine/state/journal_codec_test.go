package state_test

import (
	"bytes"
	"testing"

	"github.com/trueup/trueup/engine/state"
)

// TestJournalEntriesCodecRebuildsTheChangedState is what a backend other
// than Local does with the codec: keep each append's bytes, decode them
// together, replay them on the document they are relative to.
func TestJournalEntriesCodecRebuildsTheChangedState(t *testing.T) {
	for _, enc := range []bool{false, true} {
		t.Run(map[bool]string{false: "plain", true: "encrypted"}[enc], func(t *testing.T) {
			var codec state.Codec
			if enc {
				codec = mustCodec(t)
			}
			_, work := journaled(t, codec)
			base := work.SnapshotCopy()
			var stored []byte
			for round := 1; round <= 2; round++ {
				change(work, round)
				work.Serial++
				b, err := state.EncodeJournalEntries(append(work.TakeChanges(), state.JournalEntry{Op: state.JournalSerial, Serial: work.Serial}), codec)
				if err != nil {
					t.Fatal(err)
				}
				stored = append(stored, b...)
			}
			if enc && bytes.Contains(stored, []byte("s3cr3t")) {
				t.Fatalf("encoded entries of an encrypted state hold a secret in clear:\n%s", stored)
			}
			entries, err := state.DecodeJournalEntries(stored, codec)
			if err != nil {
				t.Fatal(err)
			}
			state.ReplayJournal(base, entries, base.Serial)
			if !base.SameContent(work) || base.Serial != work.Serial {
				t.Fatalf("replayed (serial %d) differs from the changed state (serial %d):\n%s\n%s", base.Serial, work.Serial, mustEncode(t, base), mustEncode(t, work))
			}
			if _, err := state.DecodeJournalEntries(stored[:len(stored)-1], codec); err == nil {
				t.Fatal("a torn last line was read")
			}
		})
	}
}

func TestReplayJournalRaisesTheSerialPastTheBase(t *testing.T) {
	s := state.New()
	s.Serial = 3
	state.ReplayJournal(s, nil, 3)
	if s.Serial != 4 {
		t.Fatalf("serial %d after replaying entries without a serial over serial 3, want 4", s.Serial)
	}
}
