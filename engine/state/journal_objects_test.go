package state

import (
	"fmt"
	"strings"
	"testing"
)

func objectJournal(base string, seqs []uint64, ids []string) *ObjectJournal {
	objs := make([]JournalObject, len(seqs))
	for i, s := range seqs {
		objs[i] = JournalObject{Name: JournalObjectName("k", base, s), ID: ids[i]}
	}
	return GroupJournalObjects("k", objs)[0]
}

// A whole write's JournalFoldedMeta names the appends it folded by
// identity: leftovers that are those objects are folded, an object that
// took a folded name afterwards (a stale client's append) is not.
func TestFoldedByMatchesIdentities(t *testing.T) {
	f := ParseFoldedJournal(FoldedJournal("E", []string{"a1", "a2", "a3"}))
	if f.Base != "E" || f.N != 3 || len(f.IDs) != 3 {
		t.Fatalf("parsed %+v", f)
	}
	for _, c := range []struct {
		seqs []uint64
		ids  []string
		want bool
	}{
		{[]uint64{1, 2, 3}, []string{"a1", "a2", "a3"}, true},
		{[]uint64{2}, []string{"a2"}, true},           // the rest removed already
		{[]uint64{2}, []string{"c2"}, false},          // a stale client's append under a freed name
		{[]uint64{1, 2}, []string{"a1", "c2"}, false}, // one of them foreign: the whole journal is
		{[]uint64{3, 4}, []string{"a3", "c4"}, false}, // beyond what was folded
	} {
		j := objectJournal("E", c.seqs, c.ids)
		if got := j.FoldedBy(f); got != c.want {
			t.Errorf("%v %v FoldedBy = %v, want %v", c.seqs, c.ids, got, c.want)
		}
	}
	if objectJournal("F", []uint64{1}, []string{"a1"}).FoldedBy(f) {
		t.Error("a journal of another base is folded")
	}
	// The earlier form names no identities: nothing is known to be folded.
	if objectJournal("E", []uint64{1}, []string{"a1"}).FoldedBy(ParseFoldedJournal("E/3")) {
		t.Error(`"E/3" folds append 1`)
	}
}

// Too many appends to list in object metadata: the value holds a digest,
// which only the complete journal matches; a part of it is foreign (a
// warning, never a silent delete).
func TestFoldedByDigest(t *testing.T) {
	var ids []string
	var seqs []uint64
	for i := range 200 {
		ids = append(ids, fmt.Sprintf("%032x", i))
		seqs = append(seqs, uint64(i)+1)
	}
	v := FoldedJournal("E", ids)
	if len(v) > foldedIDsMax+80 || !strings.Contains(v, "/200/#") {
		t.Fatalf("FoldedJournal of 200 = %d bytes %q", len(v), v)
	}
	f := ParseFoldedJournal(v)
	if !objectJournal("E", seqs, ids).FoldedBy(f) {
		t.Error("the complete journal is not folded")
	}
	if objectJournal("E", seqs[1:], ids[1:]).FoldedBy(f) {
		t.Error("a part of the journal is folded by a digest")
	}
	other := append([]string(nil), ids...)
	other[199] = "c"
	if objectJournal("E", seqs, other).FoldedBy(f) {
		t.Error("a journal with a foreign append matches the digest")
	}
}

// Is and Next compare a listed journal with what a client read and
// appended (a whole write's check).
func TestObjectJournalIsAndNext(t *testing.T) {
	var none *ObjectJournal
	if !none.Is(nil) || none.Is([]string{"a1"}) {
		t.Error("nil journal")
	}
	j := objectJournal("E", []uint64{1, 2}, []string{"a1", "a2"})
	if !j.Is([]string{"a1", "a2"}) || j.Is([]string{"a1"}) || j.Is([]string{"a1", "c2"}) {
		t.Error("Is")
	}
	if name, id, ok := j.Next([]string{"a1"}); !ok || id != "a2" || name != JournalObjectName("k", "E", 2) {
		t.Errorf("Next = %q %q %v", name, id, ok)
	}
	if _, _, ok := j.Next([]string{"c1"}); ok {
		t.Error("Next after another client's append 1")
	}
}
