package state

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/trueup/trueup/engine/addrs"
)

// The journal file: a header line, then one JSON line per entry, each
// ending in a newline (docs/state.md, "The journal"). With a Sealer, the
// entries of one append are sealed together into one line
// {"sealed":"BASE64"}: nothing the state encrypts is in clear.

// journalFormat is the header's "trueup_journal" version.
const journalFormat = 1

// journalHeader names the document a journal is relative to. StateSHA256
// is of the stored file's bytes: a journal is applied only to the very file
// it was appended after.
type journalHeader struct {
	Format      int    `json:"trueup_journal"`
	Lineage     string `json:"lineage"`
	Serial      uint64 `json:"serial"`
	StateSHA256 string `json:"state_sha256"`
}

// journalLine is one line after the header.
type journalLine struct {
	Op           string              `json:"op,omitempty"`
	Module       string              `json:"module,omitempty"`
	Mode         string              `json:"mode,omitempty"`
	Type         string              `json:"type,omitempty"`
	Name         string              `json:"name,omitempty"`
	EachMode     string              `json:"each,omitempty"`
	Provider     string              `json:"provider,omitempty"`
	Instance     *instanceV4         `json:"instance,omitempty"`
	IndexKey     jsontext.Value      `json:"index_key,omitzero"`
	Deposed      string              `json:"deposed,omitempty"`
	Outputs      map[string]outputV4 `json:"outputs,omitempty"`
	CheckResults jsontext.Value      `json:"check_results,omitzero"`
	Trueup       *trueupV4           `json:"trueup,omitempty"`
	Serial       uint64              `json:"serial,omitzero"`
	// Sealed holds the lines of one append, sealed (base64 in the file).
	Sealed []byte `json:"sealed,omitempty"`
}

const (
	opSet     = "set"
	opRemove  = "remove"
	opOutputs = "outputs"
	opChecks  = "check_results"
	opMeta    = "meta"
	opSerial  = "serial"
)

// lineOptions write one compact line: no indent, raw bodies compacted.
var lineOptions = jsonv2.JoinOptions(
	jsonv2.Deterministic(true),
	jsontext.PreserveRawStrings(true),
	jsontext.AllowInvalidUTF8(true),
)

func marshalHeader(h journalHeader) ([]byte, error) {
	b, err := jsonv2.Marshal(h, lineOptions)
	return append(b, '\n'), err
}

// journalEntryBytes is encodeJournal's guess at an entry's size.
const journalEntryBytes = 512

// encodeJournal returns the lines for entries, sealed into one line with
// a Sealer.
func encodeJournal(entries []JournalEntry, c Codec) ([]byte, error) {
	var buf bytes.Buffer
	// About what an entry takes (a null_resource's is 650 bytes): a
	// buffer grown by doubling from nothing copied the lines of a 100k
	// apply's journal about twice over (0.33 s of its CPU).
	buf.Grow(len(entries) * journalEntryBytes)
	// One encoder for every line: it ends each top-level value with a
	// newline.
	enc := jsontext.NewEncoder(&buf, lineOptions)
	for i := range entries {
		l, err := toJournalLine(&entries[i])
		if err != nil {
			return nil, err
		}
		if err := jsonv2.MarshalEncode(enc, &l); err != nil {
			return nil, fmt.Errorf("journal entry: %w", err)
		}
	}
	if c.Sealer == nil {
		return buf.Bytes(), nil
	}
	// The sealer takes a JSON object: the lines become its array.
	wrapped := make([]byte, 0, buf.Len()+32)
	wrapped = append(wrapped, `{"journal_entries":[`...)
	wrapped = append(wrapped, bytes.ReplaceAll(bytes.TrimSuffix(buf.Bytes(), []byte("\n")), []byte("\n"), []byte(","))...)
	wrapped = append(wrapped, "]}"...)
	sealed, err := c.Sealer.Seal(wrapped)
	if err != nil {
		return nil, err
	}
	b, err := jsonv2.Marshal(journalLine{Sealed: sealed}, lineOptions)
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

func toJournalLine(e *JournalEntry) (journalLine, error) {
	l := journalLine{Module: string(e.Addr.Module), Type: e.Addr.Type, Name: e.Addr.Name}
	if e.Addr.Type != "" {
		l.Mode = e.Addr.Mode.String()
	}
	switch e.Op {
	case JournalSetInstance:
		iv, err := toInstance(e.Instance)
		if err != nil {
			return l, fmt.Errorf("journal entry %s: %w", e.Addr, err)
		}
		l.Op, l.Provider, l.EachMode, l.Instance = opSet, e.Provider, e.EachMode, &iv
	case JournalRemoveInstance:
		iv, err := toInstance(&Instance{Key: e.Key})
		if err != nil {
			return l, fmt.Errorf("journal entry %s: %w", e.Addr, err)
		}
		l.Op, l.IndexKey, l.Deposed = opRemove, iv.IndexKey, e.Deposed
	case JournalOutputs:
		l.Op, l.Outputs = opOutputs, make(map[string]outputV4, len(e.Outputs))
		for name, o := range e.Outputs {
			ov, err := toOutput(o)
			if err != nil {
				return l, fmt.Errorf("journal entry: output %q: %w", name, err)
			}
			l.Outputs[name] = ov
		}
	case JournalCheckResults:
		raw, err := marshalCheckResults(e.CheckResults)
		if err != nil {
			return l, err
		}
		l.Op, l.CheckResults = opChecks, raw
	case JournalMeta:
		l.Op = opMeta
		l.Trueup = &trueupV4{Version: e.TrueupVersion, Commit: e.Meta.Commit, Source: e.Meta.Source, AppliedAt: e.Meta.AppliedAt}
	case JournalSerial:
		l.Op, l.Serial = opSerial, e.Serial
	default:
		return l, fmt.Errorf("journal entry: unknown op %d", e.Op)
	}
	return l, nil
}

func fromJournalLine(l *journalLine) (JournalEntry, error) {
	var e JournalEntry
	if l.Op == opSet || l.Op == opRemove {
		mode, ok := parseMode(l.Mode)
		if !ok || l.Type == "" || l.Name == "" {
			return e, fmt.Errorf("%s entry: no resource address", l.Op)
		}
		e.Addr.Module, e.Addr.Mode, e.Addr.Type, e.Addr.Name = addrs.ModuleInstance(l.Module), mode, l.Type, l.Name
	}
	switch l.Op {
	case opSet:
		if l.Instance == nil {
			return e, errors.New("set entry: no instance")
		}
		in, err := decodeInstance(l.Instance)
		if err != nil {
			return e, fmt.Errorf("set entry %s: %w", e.Addr, err)
		}
		e.Op, e.Provider, e.EachMode, e.Instance = JournalSetInstance, l.Provider, l.EachMode, in
	case opRemove:
		key, err := decodeKey(l.IndexKey)
		if err != nil {
			return e, fmt.Errorf("remove entry %s: %w", e.Addr, err)
		}
		e.Op, e.Key, e.Deposed = JournalRemoveInstance, key, l.Deposed
	case opOutputs:
		e.Op, e.Outputs = JournalOutputs, make(map[string]*Output, len(l.Outputs))
		for name, ov := range l.Outputs {
			o, err := decodeOutput(ov)
			if err != nil {
				return e, fmt.Errorf("outputs entry: output %q: %w", name, err)
			}
			e.Outputs[name] = o
		}
	case opChecks:
		cr, err := decodeCheckResults(l.CheckResults)
		if err != nil {
			return e, err
		}
		e.Op, e.CheckResults = JournalCheckResults, cr
	case opMeta:
		e.Op = JournalMeta
		if t := l.Trueup; t != nil {
			e.TrueupVersion, e.Meta = t.Version, Meta{Commit: t.Commit, Source: t.Source, AppliedAt: t.AppliedAt}
		}
	case opSerial:
		e.Op, e.Serial = JournalSerial, l.Serial
	default:
		return e, fmt.Errorf("unknown entry op %q", l.Op)
	}
	return e, nil
}

// parseJournal reads a journal's header and entries. A last line without
// its newline is an append cut short by a crash and is ignored; any other
// line that does not read is an error naming its line number.
func parseJournal(b []byte, c Codec) (journalHeader, []JournalEntry, error) {
	h, err := parseJournalHeader(b)
	if err != nil {
		return h, nil, err
	}
	if end := bytes.LastIndexByte(b, '\n'); end+1 < len(b) {
		b = b[:end+1] // a torn last append
	}
	first := bytes.IndexByte(b, '\n') + 1
	out, err := parseJournalLines(b[first:], 2, c)
	return h, out, err
}

// parseJournalLines reads entry lines, each ending in a newline, the
// first of them numbered line in errors.
func parseJournalLines(b []byte, line int, c Codec) ([]JournalEntry, error) {
	var out []JournalEntry
	for i, text := range bytes.SplitAfter(b, []byte("\n")) {
		if len(text) == 0 {
			continue
		}
		n := line + i
		var l journalLine
		if err := jsonv2.Unmarshal(text, &l); err != nil {
			return nil, fmt.Errorf("line %d: %v", n, err)
		}
		if l.Sealed == nil {
			// A line in clear under encryption was written before the
			// state was encrypted: it is read as a document in clear is,
			// through the sealer, which accepts it only while the
			// configuration falls back to an unencrypted method (the
			// migration docs/encryption.md describes).
			if c.Sealer != nil {
				if _, err := c.Sealer.Open(text); err != nil {
					return nil, fmt.Errorf("line %d: an entry in clear in the journal of an encrypted state: %w", n, err)
				}
			}
			e, err := fromJournalLine(&l)
			if err != nil {
				return nil, fmt.Errorf("line %d: %w", n, err)
			}
			out = append(out, e)
			continue
		}
		if c.Sealer == nil {
			return nil, fmt.Errorf("line %d: the journal is encrypted, and no state encryption is configured", n)
		}
		inner, err := c.Sealer.Open(l.Sealed)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", n, err)
		}
		var batch struct {
			Entries []journalLine `json:"journal_entries"`
		}
		if err := jsonv2.Unmarshal(inner, &batch, lineOptions); err != nil {
			return nil, fmt.Errorf("line %d: sealed entries: %v", n, err)
		}
		for j := range batch.Entries {
			e, err := fromJournalLine(&batch.Entries[j])
			if err != nil {
				return nil, fmt.Errorf("line %d, sealed entry %d: %w", n, j+1, err)
			}
			out = append(out, e)
		}
	}
	return out, nil
}

// parseJournalHeader reads a journal's first line; errNoHeader when it is
// not whole.
func parseJournalHeader(b []byte) (journalHeader, error) {
	var h journalHeader
	end := bytes.IndexByte(b, '\n')
	if end < 0 {
		return h, errNoHeader
	}
	if err := jsonv2.Unmarshal(b[:end], &h); err != nil || h.Format == 0 || h.Lineage == "" {
		return h, fmt.Errorf("line 1: not a trueup journal header")
	}
	if h.Format != journalFormat {
		return h, fmt.Errorf("journal format %d: this trueup reads format %d", h.Format, journalFormat)
	}
	if _, err := hex.DecodeString(h.StateSHA256); err != nil || len(h.StateSHA256) != 64 {
		return h, fmt.Errorf("line 1: state_sha256 is not a SHA-256")
	}
	return h, nil
}

// errNoHeader is a journal cut short before its header was whole: its
// first append never completed, so it holds no record.
var errNoHeader = errors.New("no header")
