package state

import (
	"context"
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
// journal: "BASE/N", the journal of the version it replaced and how many
// appends of it the document holds. Appends of that journal up to N left
// behind (the writer stopped before removing them) are folded leftovers,
// removed without a warning.
const JournalFoldedMeta = "trueup-journal-folded"

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

// FoldedJournal formats the JournalFoldedMeta value of a document written
// over n appends of the journal of base.
func FoldedJournal(base string, n uint64) string { return base + "/" + strconv.FormatUint(n, 10) }

// ParseFoldedJournal reads a JournalFoldedMeta value ("" and n 0 when
// absent or malformed).
func ParseFoldedJournal(v string) (base string, n uint64) {
	b, ns, ok := strings.Cut(v, "/")
	if !ok {
		return "", 0
	}
	n, err := strconv.ParseUint(ns, 10, 64)
	if err != nil {
		return "", 0
	}
	return b, n
}

// ObjectJournal is one journal found under JournalObjectPrefix: the
// appends relative to one document version.
type ObjectJournal struct {
	Base string
	// Names and Seqs are its objects and their numbers, in order.
	Names []string
	Seqs  []uint64
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

// FoldedBy reports whether every append is one a document written over
// its first n appends of base holds (JournalFoldedMeta).
func (j *ObjectJournal) FoldedBy(base string, n uint64) bool {
	return base != "" && j.Base == base && len(j.Seqs) > 0 && j.Seqs[len(j.Seqs)-1] <= n
}

// GroupJournalObjects sorts the object names listed under
// JournalObjectPrefix(key) into journals, by base, in base order. Names
// not of the form KEY.journal/BASE/SEQ are left out.
func GroupJournalObjects(key string, names []string) []*ObjectJournal {
	prefix := JournalObjectPrefix(key)
	by := map[string]*ObjectJournal{}
	for _, name := range names {
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
}

// NoticeJournalMismatch tells ctx's lock notice (WithLockNotice) that the
// journal where (a location: "s3://bucket/KEY.journal/BASE/") was written
// after another version of the state than s, the one stored, so its
// records were not applied: moved to aside when aside is set, else left
// in place because this client does not hold the state lock.
func NoticeJournalMismatch(ctx context.Context, where string, appends int, s *State, aside string) {
	if aside != "" {
		lockNotice(ctx, fmt.Sprintf("Warning: the state journal %s (%d appends) was written after another version of the state "+
			"than the one stored (%s): its records were not applied, and it was moved to %s. Inspect it before deleting it: "+
			"it may name objects that exist but that the state does not record.", where, appends, storedName(s), aside))
		return
	}
	lockNotice(ctx, fmt.Sprintf("Warning: the state journal %s (%d appends) was written after another version of the state "+
		"than the one read (%s): its records were not applied. This command does not hold the state lock, so the journal "+
		"was left in place (an apply may be writing it); the next command that takes the lock moves it aside if it "+
		"still does not match.", where, appends, storedName(s)))
}
