package state

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// The naming of a journal kept in an object store (S3, GCS), which has no
// append: each append is one object, created only if absent, named
//
//	KEY.journal/BASE/SEQ
//
// where KEY is the state object, BASE names the document version the
// journal is relative to (S3: its ETag; GCS: its generation) and SEQ is
// the append's number from 1, zero-padded so that a listing is in append
// order. A journal of one document version never shares a prefix with
// another's, and listing every journal of the state is one prefix LIST
// (docs/state.md, "The journal").

// journalSeqWidth is how many digits an append's number has.
const journalSeqWidth = 10

// JournalFoldedMeta is the metadata key of a state object written over a
// journal: which appends of the journal of the version it replaced the
// document holds, by identity (FoldedJournal). Appends of that journal
// left behind (the writer stopped before removing them) that are exactly
// those objects are folded leftovers, removed without a warning; any
// other object (a stale client's append that took a name freed by the
// removal) is foreign.
const JournalFoldedMeta = "trueup-journal-folded"

// foldedIDsMax bounds the identities listed in a JournalFoldedMeta value
// (S3 allows 2 KB of user metadata in all); above it the value holds
// their digest.
const foldedIDsMax = 1400

// JournalObjectPrefix returns the prefix of every journal object of the
// state object key: KEY.journal/.
func JournalObjectPrefix(key string) string { return key + ".journal/" }

// JournalObjectName returns the name of append seq (from 1) of the journal
// of key relative to the version base.
func JournalObjectName(key, base string, seq uint64) string {
	return fmt.Sprintf("%s%s/%0*d", JournalObjectPrefix(key), base, journalSeqWidth, seq)
}

// JournalBase turns a token naming a document version (an ETag, with its
// quotes, or a generation) into a BASE: the token without quotes when it
// is letters, digits, '-' and '_' only, else its SHA-256 in hex.
func JournalBase(token string) string {
	t := strings.Trim(token, `"`)
	ok := t != "" && len(t) <= 128
	for _, c := range t {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '-' || c == '_') {
			ok = false
			break
		}
	}
	if ok {
		return t
	}
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// JournalObject is one object listed under JournalObjectPrefix: its name
// and identity, a token that differs between two writes of the name (S3:
// the ETag without quotes; GCS: the generation).
type JournalObject struct {
	Name, ID string
}

// JournalObjectNames returns the names of objs.
func JournalObjectNames(objs []JournalObject) []string {
	names := make([]string, len(objs))
	for i, o := range objs {
		names[i] = o.Name
	}
	return names
}

// Folded is what a JournalFoldedMeta value says: the document holds the
// appends 1..N of the journal of Base, whose identities are IDs (IDs[i]
// is append i+1's) or, when too many to list, hash to Digest.
type Folded struct {
	Base   string
	N      uint64
	IDs    []string
	Digest string
}

// FoldedJournal formats the JournalFoldedMeta value of a document written
// over the appends of the journal of base whose identities are ids (ids[i]
// of append i+1): "BASE/N/ID1,ID2,…", or "BASE/N/#DIGEST" when the list
// would be too long for object metadata.
func FoldedJournal(base string, ids []string) string {
	head := base + "/" + strconv.FormatUint(uint64(len(ids)), 10) + "/"
	list := strings.Join(ids, ",")
	if len(head)+len(list) <= foldedIDsMax {
		return head + list
	}
	return head + "#" + journalDigest(ids)
}

// journalDigest hashes identities in append order.
func journalDigest(ids []string) string {
	h := sha256.New()
	for i, id := range ids {
		fmt.Fprintf(h, "%d:%s\n", i+1, id)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// ParseFoldedJournal reads a JournalFoldedMeta value (the zero Folded
// when absent or malformed; a value of the earlier form "BASE/N", which
// names no identities, folds nothing: its leftovers are set aside with a
// warning rather than deleted).
func ParseFoldedJournal(v string) Folded {
	b, rest, ok := strings.Cut(v, "/")
	if !ok || b == "" {
		return Folded{}
	}
	ns, list, ok := strings.Cut(rest, "/")
	if !ok {
		return Folded{}
	}
	n, err := strconv.ParseUint(ns, 10, 64)
	if err != nil || n == 0 {
		return Folded{}
	}
	f := Folded{Base: b, N: n}
	if d, ok := strings.CutPrefix(list, "#"); ok {
		f.Digest = d
		return f
	}
	f.IDs = strings.Split(list, ",")
	if uint64(len(f.IDs)) != n {
		return Folded{}
	}
	return f
}

// ObjectJournal is one journal found under JournalObjectPrefix: the
// appends relative to one document version.
type ObjectJournal struct {
	Base string
	// Names and Seqs are its objects and their numbers, in order, and
	// IDs their identities (JournalObject).
	Names []string
	Seqs  []uint64
	IDs   []string
}

// Whole reports whether its appends are numbered 1..n without a gap.
func (j *ObjectJournal) Whole() bool {
	for i, s := range j.Seqs {
		if s != uint64(i)+1 {
			return false
		}
	}
	return true
}

// FoldedBy reports whether every object of j is one of the very appends
// the document whose JournalFoldedMeta is f holds: same base, number and
// identity. When f has only a digest, that is when j is all N appends
// (none removed yet) and they hash to it; a part of them is not known to
// be folded, and is treated as foreign (a warning, never a silent delete).
func (j *ObjectJournal) FoldedBy(f Folded) bool {
	if f.Base == "" || j.Base != f.Base || len(j.Seqs) == 0 || len(j.IDs) != len(j.Seqs) {
		return false
	}
	if f.IDs == nil {
		return f.Digest != "" && uint64(len(j.Seqs)) == f.N && j.Whole() && journalDigest(j.IDs) == f.Digest
	}
	for i, s := range j.Seqs {
		if s > f.N || j.IDs[i] == "" || f.IDs[s-1] != j.IDs[i] {
			return false
		}
	}
	return true
}

// Is reports whether j (nil: no journal) is exactly the appends whose
// identities are ids (ids[i] of append i+1): what a client read and
// appended.
func (j *ObjectJournal) Is(ids []string) bool {
	if j == nil {
		return len(ids) == 0
	}
	if len(j.Seqs) != len(ids) || !j.Whole() {
		return false
	}
	for i, id := range ids {
		if id == "" || j.IDs[i] != id {
			return false
		}
	}
	return true
}

// Next reports whether j is the appends whose identities are ids and one
// more, and returns that one's name and identity.
func (j *ObjectJournal) Next(ids []string) (name, id string, ok bool) {
	if j == nil || len(j.Seqs) != len(ids)+1 {
		return "", "", false
	}
	head := &ObjectJournal{Base: j.Base, Names: j.Names[:len(ids)], Seqs: j.Seqs[:len(ids)], IDs: j.IDs[:len(ids)]}
	if !head.Is(ids) || j.Seqs[len(ids)] != uint64(len(ids))+1 {
		return "", "", false
	}
	return j.Names[len(ids)], j.IDs[len(ids)], true
}

// GroupJournalObjects sorts the objects listed under
// JournalObjectPrefix(key) into journals, by base, in base order. Names
// not of the form KEY.journal/BASE/SEQ are left out.
func GroupJournalObjects(key string, objs []JournalObject) []*ObjectJournal {
	prefix := JournalObjectPrefix(key)
	by := map[string]*ObjectJournal{}
	for _, o := range objs {
		name := o.Name
		rest, ok := strings.CutPrefix(name, prefix)
		if !ok {
			continue
		}
		base, seqs, ok := strings.Cut(rest, "/")
		if !ok || base == "" || len(seqs) != journalSeqWidth {
			continue
		}
		seq, err := strconv.ParseUint(seqs, 10, 64)
		if err != nil || seq == 0 {
			continue
		}
		j := by[base]
		if j == nil {
			j = &ObjectJournal{Base: base}
			by[base] = j
		}
		j.Names = append(j.Names, name)
		j.Seqs = append(j.Seqs, seq)
		j.IDs = append(j.IDs, o.ID)
	}
	out := make([]*ObjectJournal, 0, len(by))
	for _, j := range by {
		sort.Sort(bySeq{j})
		out = append(out, j)
	}
	sort.Slice(out, func(a, b int) bool { return out[a].Base < out[b].Base })
	return out
}

type bySeq struct{ j *ObjectJournal }

func (s bySeq) Len() int           { return len(s.j.Seqs) }
func (s bySeq) Less(a, b int) bool { return s.j.Seqs[a] < s.j.Seqs[b] }
func (s bySeq) Swap(a, b int) {
	s.j.Seqs[a], s.j.Seqs[b] = s.j.Seqs[b], s.j.Seqs[a]
	s.j.Names[a], s.j.Names[b] = s.j.Names[b], s.j.Names[a]
	s.j.IDs[a], s.j.IDs[b] = s.j.IDs[b], s.j.IDs[a]
}
