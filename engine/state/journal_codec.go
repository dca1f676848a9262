package state

import "errors"

// The journal's entry codec, for backends other than Local that store a
// journal (docs/state.md, "The journal"). A backend keeps, per append, the
// bytes EncodeJournalEntries returns, in order, beside the document they
// are relative to, and names that document (lineage, serial and something
// that tells this very version apart: a hash, a generation, a row
// version) so that a journal is never applied to another.

// EncodeJournalEntries returns one append of entries as the journal stores
// it: one JSON line per entry, or, when c has a Sealer, the entries sealed
// together into one line, so that nothing the state encrypts is in clear.
func EncodeJournalEntries(entries []JournalEntry, c Codec) ([]byte, error) {
	return encodeJournal(entries, c)
}

// DecodeJournalEntries reads appends EncodeJournalEntries returned,
// concatenated in order. Every line must be whole: a backend whose appends
// are atomic has no torn last line, and one is reported as corrupt.
func DecodeJournalEntries(b []byte, c Codec) ([]JournalEntry, error) {
	if len(b) > 0 && b[len(b)-1] != '\n' {
		return nil, errors.New("the last journal line is not whole")
	}
	return parseJournalLines(b, 1, c)
}

// ReplayJournal applies entries, a journal relative to the document s was
// read from (whose serial was baseSerial), to s. The serial is the last
// append's (its JournalSerial entry), never less than baseSerial + 1.
func ReplayJournal(s *State, entries []JournalEntry, baseSerial uint64) {
	s.ApplyJournal(entries)
	if s.Serial <= baseSerial {
		s.Serial = baseSerial + 1
	}
}
