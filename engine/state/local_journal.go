package state

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

var _ Journaler = (*Local)(nil)

// localJournal is what a client knows of the journal beside the state
// file: what it read, plus what it appended since.
type localJournal struct {
	exists bool
	size   int64
	sum    hash.Hash // of the journal's bytes so far
	// header says the journal has a whole header line to append after.
	header bool
	// read is how much of it the client read (Read): the part in the
	// state the client started from, which the backup holds.
	read int64
	// whole is where its last whole line ends, and wholeSum the hash of
	// the bytes before: a journal read with a torn last line (an append
	// cut short by a crash) is cut back to them before the next append,
	// which would otherwise be glued to the fragment. wholeSum is nil
	// once that is done (or when there is nothing to cut).
	whole    int64
	wholeSum hash.Hash
}

// JournalPath returns where the journal of the state file is kept:
// PATH.journal.
func (l *Local) JournalPath() string { return l.path + ".journal" }

// AppendJournal appends entries to the journal beside the state file,
// creating it with a header that names the document this client last read
// or wrote (lineage, serial and the file's SHA-256), and fsyncs it. With
// state encryption the entries are sealed (docs/state.md, "The journal").
func (l *Local) AppendJournal(ctx context.Context, entries []JournalEntry) error {
	if len(entries) == 0 {
		return nil
	}
	data, err := encodeJournal(entries, l.codec)
	if err != nil {
		return fmt.Errorf("%s: journal: %w", l, err)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.seen.known || !l.seen.hasData || l.journalBroken || (l.seen.journal.exists && !l.seen.journal.header) {
		return ErrNoJournalBase
	}
	fi, err := os.Stat(l.path)
	if err != nil || !sameFile(fi, l.seen.stat) {
		return &StaleError{Backend: l.String(), Reason: "the state file changed since this client read or wrote it"}
	}
	j := &l.seen.journal
	if !j.exists {
		h, err := marshalHeader(journalHeader{Format: journalFormat, Lineage: l.seen.lineage, Serial: l.seen.serial,
			StateSHA256: hex.EncodeToString(l.seen.hash[:])})
		if err != nil {
			return fmt.Errorf("%s: journal: %w", l, err)
		}
		f, err := os.OpenFile(l.JournalPath(), os.O_WRONLY|os.O_CREATE|os.O_EXCL, fi.Mode().Perm())
		if errors.Is(err, fs.ErrExist) {
			return &StaleError{Backend: l.String(), Reason: fmt.Sprintf("the journal %s appeared since this client read the state", l.JournalPath())}
		}
		if err != nil {
			return fmt.Errorf("%s: journal: %w", l, err)
		}
		all := append(h, data...)
		if err := writeSync(f, all, 0); err != nil {
			f.Close()
			os.Remove(l.JournalPath())
			return fmt.Errorf("%s: journal: %w", l, err)
		}
		if err := syncDir(filepath.Dir(l.path)); err != nil {
			return fmt.Errorf("%s: journal: %w", l, err)
		}
		sum := sha256.New()
		sum.Write(all)
		*j = localJournal{exists: true, size: int64(len(all)), sum: sum, header: true}
		return nil
	}
	f, err := os.OpenFile(l.JournalPath(), os.O_WRONLY, 0)
	if err != nil {
		return &StaleError{Backend: l.String(), Reason: fmt.Sprintf("the journal %s cannot be opened: %v", l.JournalPath(), err)}
	}
	if cur, err := f.Stat(); err != nil || cur.Size() != j.size {
		f.Close()
		return &StaleError{Backend: l.String(), Reason: fmt.Sprintf("the journal %s changed since this client read or appended to it", l.JournalPath())}
	}
	if j.wholeSum != nil && j.whole < j.size {
		// A torn last line: cut it off, once the file is checked to be
		// what this client read, before appending after the whole lines.
		if sum, ok := hashFile(l.JournalPath()); !ok || !bytes.Equal(sum[:], j.sum.Sum(nil)) {
			f.Close()
			return &StaleError{Backend: l.String(), Reason: fmt.Sprintf("the journal %s changed since this client read it", l.JournalPath())}
		}
		if err := f.Truncate(j.whole); err != nil {
			f.Close()
			return fmt.Errorf("%s: journal: cutting off a torn last line: %w", l, err)
		}
		if err := f.Sync(); err != nil {
			// The file may be either length now: only a whole write goes on.
			l.journalBroken = true
			f.Close()
			return fmt.Errorf("%s: journal: cutting off a torn last line: %w", l, err)
		}
		j.size, j.sum, j.wholeSum = j.whole, j.wholeSum, nil
	}
	if err := writeSync(f, data, j.size); err != nil {
		// Cut back what was written, so that the next append does not
		// follow half a line; when even that fails, only a whole write
		// (which removes the journal) goes on.
		if f.Truncate(j.size) != nil || f.Sync() != nil {
			l.journalBroken = true
		}
		f.Close()
		return fmt.Errorf("%s: journal: %w", l, err)
	}
	j.sum.Write(data)
	j.size += int64(len(data))
	return nil
}

// writeSync writes data at off, fsyncs and closes f.
func writeSync(f *os.File, data []byte, off int64) error {
	if _, err := f.WriteAt(data, off); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	return f.Close()
}

// sameFile reports whether a and b describe the same file, unchanged.
func sameFile(a, b fs.FileInfo) bool {
	return a != nil && b != nil && os.SameFile(a, b) && a.Size() == b.Size() && a.ModTime().Equal(b.ModTime())
}

// readJournal applies the journal beside the state file, read as jb (err
// its read's error), to s, read from the file's bytes doc, and records it
// in l.seen. A journal relative to another document is never applied: a
// client holding the state lock moves it aside, one without leaves it in
// place (it may be a live apply's, whose document this client read before
// it was replaced); either says so through ctx's notice (WithLockNotice).
func (l *Local) readJournal(ctx context.Context, doc []byte, s *State, jb []byte, err error) (*State, error) {
	if errors.Is(err, fs.ErrNotExist) {
		return s, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%s: journal: %w", l, err)
	}
	h, err := parseJournalHeader(jb)
	if errors.Is(err, errNoHeader) {
		// Its first append never completed: it holds no record.
		l.seen.journal = localJournal{exists: true, size: int64(len(jb)), sum: sumOf(jb)}
		return s, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%s: the journal %s is corrupt: %w", l, l.JournalPath(), err)
	}
	docSum := sha256.Sum256(doc)
	if s == nil || h.StateSHA256 != hex.EncodeToString(docSum[:]) {
		if !l.holdsLock() {
			// l.seen.journal stays "none": a write by this client is
			// refused while the journal is there.
			NoticeJournalMismatch(ctx, l.journalWhat(h), s, "")
			return s, nil
		}
		if err := l.setJournalAside(ctx, h, s); err != nil {
			return nil, err
		}
		return s, nil
	}
	if _, err := replayJournal(s, jb, l.codec); err != nil {
		return nil, fmt.Errorf("%s: the journal %s is corrupt: %w", l, l.JournalPath(), err)
	}
	l.seen.serial, l.seen.empty = s.Serial, s.Empty()
	whole := int64(bytes.LastIndexByte(jb, '\n') + 1)
	l.seen.journal = localJournal{exists: true, size: int64(len(jb)), sum: sumOf(jb), header: true, read: whole, whole: whole}
	if whole < int64(len(jb)) {
		l.seen.journal.wholeSum = sumOf(jb[:whole])
	}
	return s, nil
}

// replayJournal applies the journal jb to s, the document it is relative
// to. The serial is the last append's (its JournalSerial entry), never
// less than the header's serial + 1 (a journal whose appends carry none).
func replayJournal(s *State, jb []byte, c Codec) (journalHeader, error) {
	h, entries, err := parseJournal(jb, c)
	if err != nil {
		return h, err
	}
	ReplayJournal(s, entries, h.Serial)
	return h, nil
}

func sumOf(b []byte) hash.Hash {
	h := sha256.New()
	h.Write(b)
	return h
}

// setJournalAside renames a journal that does not belong to the stored
// state to PATH.journal.unreplayed-TIME and says so.
func (l *Local) setJournalAside(ctx context.Context, h journalHeader, s *State) error {
	aside := fmt.Sprintf("%s.unreplayed-%s", l.JournalPath(), time.Now().UTC().Format(setAsideTimeFormat))
	err := os.Rename(l.JournalPath(), aside)
	if errors.Is(err, fs.ErrNotExist) {
		return nil // removed meanwhile by the writer that folded it in
	}
	if err != nil {
		return fmt.Errorf("%s: the journal %s does not belong to the stored state, and moving it aside failed: %w", l, l.JournalPath(), err)
	}
	NoticeJournalMismatch(ctx, l.journalWhat(h), s, aside)
	return nil
}

// journalWhat names the journal beside the state file and the version it
// is relative to, for NoticeJournalMismatch.
func (l *Local) journalWhat(h journalHeader) string {
	return fmt.Sprintf("%s (lineage %s serial %d)", l.JournalPath(), h.Lineage, h.Serial)
}

// storedName names the state s read, for messages.
func storedName(s *State) string {
	if s == nil {
		return "no state"
	}
	return fmt.Sprintf("lineage %s serial %d", s.Lineage, s.Serial)
}

// holdsLock reports whether this client holds the state lock: it took it
// (Lock), and the lock file still holds it (not taken over). l.mu is held.
func (l *Local) holdsLock() bool {
	if l.lockID == "" {
		return false
	}
	_, err := l.holder(l.lockID)
	return err == nil
}

// journalChanged says how the journal differs from what this client last
// saw, or "" when it does not.
// The journal is hashed as it is read, not held: at 100,000 resources it
// is tens of MB, and the final write, which checks it, is an apply's peak.
func (l *Local) journalChanged() string {
	fi, err := os.Stat(l.JournalPath())
	exists := err == nil
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Sprintf("the journal %s cannot be read: %v", l.JournalPath(), err)
	}
	j := l.seen.journal
	switch {
	case exists && !j.exists:
		return fmt.Sprintf("the journal %s appeared since this client read the state", l.JournalPath())
	case !exists && j.exists:
		return fmt.Sprintf("the journal %s was removed since this client read it", l.JournalPath())
	case !exists:
		return ""
	}
	if fi.Size() != j.size {
		return fmt.Sprintf("the journal %s changed since this client read or appended to it", l.JournalPath())
	}
	sum, ok := hashFile(l.JournalPath())
	if !ok {
		return fmt.Sprintf("the journal %s cannot be read", l.JournalPath())
	}
	if !bytes.Equal(sum[:], j.sum.Sum(nil)) {
		return fmt.Sprintf("the journal %s changed since this client read or appended to it", l.JournalPath())
	}
	return ""
}

// replayedBackup returns the stored document cur with the journal this
// client read applied (not what it appended since), sealed as Encode
// seals, for PATH.backup: the state as it was before this client's first
// write. ok is false when there is no journal to apply.
func (l *Local) replayedBackup(cur []byte) ([]byte, bool) {
	if !l.seen.journal.exists || !l.seen.journal.header || l.seen.journal.read == 0 {
		return nil, false
	}
	s, err := l.codec.Decode(cur)
	if err != nil {
		return nil, false
	}
	// Only the part this client read: what it appended since is in the
	// document being written, and the journal may be tens of MB.
	f, err := os.Open(l.JournalPath())
	if err != nil {
		return nil, false
	}
	jb := make([]byte, l.seen.journal.read)
	_, err = io.ReadFull(f, jb)
	f.Close()
	if err != nil {
		return nil, false
	}
	if _, err := replayJournal(s, jb, l.codec); err != nil {
		return nil, false
	}
	b, err := l.codec.Encode(s)
	return b, err == nil
}

// removeJournal removes the journal once a whole document is in place.
// A journal left behind (the removal failed) no longer matches the stored
// document, and the next Read moves it aside with a warning.
func (l *Local) removeJournal() {
	if err := os.Remove(l.JournalPath()); err == nil {
		syncDir(filepath.Dir(l.path))
	}
	l.journalBroken = false
}
