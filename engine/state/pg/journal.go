package pg

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/trueup/trueup/engine/state"
)

// The state journal (docs/state.md, "The journal"; docs/pg-backend.md):
// each append is a row of SCHEMA.trueup_state_journal naming the
// workspace, the document it is relative to (the states row's id, the
// SHA-256 of its data, and its lineage and serial for messages), its
// sequence number in that journal (1, 2, ...) and the appended bytes
// (state.EncodeJournalEntries: sealed when the state is encrypted).
// Rows with set_aside_at set are journals that did not belong to the
// stored document: kept, never applied.
//
// An append is one statement: it locks the states row FOR SHARE, on the
// condition that the row's version (xmin) is the one this client read or
// wrote, and inserts the next sequence number, which a unique index
// keeps to one appender. A Write, which holds the row FOR UPDATE, checks
// that the journal is the one this client knows, and deletes it in the
// transaction that stores the document.

// xminCol selects a states row's version: PostgreSQL's xmin, which every
// UPDATE of the row (trueup's, Terraform's, a hand's) changes.
const xminCol = `xmin::text::bigint`

// journalRow is one append as Read finds it.
type journalRow struct {
	baseID  int64
	baseSum []byte
	lineage string
	serial  int64
	seq     int64
	data    []byte
}

// load reads the workspace's row and its journal in one statement (one
// snapshot), and returns the state with the journal that belongs to the
// row replayed, and what the client saw. Journal rows relative to another
// document are not applied: it says so through ctx's notice.
func (b *Backend) load(ctx context.Context) (*state.State, seenRow, error) {
	st, seen, err := b.loadWith(ctx, b.store.journal)
	var pe *pgconn.PgError
	if b.store.journal && errors.As(err, &pe) && pe.Code == insufficientPrivilege {
		// A role that reads another stack's state (terraform_remote_state)
		// may have SELECT on the states table only, as Terraform needs:
		// the document alone, said so. If the states table is what is
		// denied, this fails too.
		st, seen, err = b.loadWith(ctx, false)
		if err == nil {
			state.Notice(ctx, fmt.Sprintf("Warning: the state journal in %s cannot be read (%s): the state read is the "+
				"stored document alone, without the records an apply under way (or interrupted) appended since. "+
				"Grant SELECT on that table to this role to read them.", b.journalName(), pe.Message))
			// This client does not know the journal: no append, and a
			// write checks the journal (and fails if it cannot).
			seen.hasData = false
		}
	}
	return st, seen, err
}

// loadWith is load, reading the journal or not.
func (b *Backend) loadWith(ctx context.Context, withJournal bool) (*state.State, seenRow, error) {
	t := b.store.tables
	journal := `, NULL::bigint[], NULL::bytea[], NULL::text[], NULL::bigint[], NULL::bigint[], NULL::bytea[] FROM (SELECT 1) AS one`
	if withJournal {
		const order = ` ORDER BY base_id, base_sha256, seq)`
		journal = `, j.base_id, j.base_sha256, j.base_lineage, j.base_serial, j.seq, j.data
FROM (SELECT 1) AS one
LEFT JOIN LATERAL (SELECT array_agg(base_id` + order + ` AS base_id, array_agg(base_sha256` + order + ` AS base_sha256,
	array_agg(base_lineage` + order + ` AS base_lineage, array_agg(base_serial` + order + ` AS base_serial,
	array_agg(seq` + order + ` AS seq, array_agg(data` + order + ` AS data
	FROM ` + t.journal + ` WHERE name = $1 AND set_aside_at IS NULL) AS j ON true`
	}
	q := `SELECT s.id, s.` + xminCol + `, coalesce(s.data, '')` + journal + `
LEFT JOIN ` + t.states + ` AS s ON s.name = $1`
	var (
		id, xmin *int64
		data     []byte
		baseIDs  []int64
		sums     [][]byte
		lineages []string
		serials  []int64
		seqs     []int64
		appends  [][]byte
	)
	err := b.store.pool.QueryRow(ctx, q, b.name).Scan(&id, &xmin, &data, &baseIDs, &sums, &lineages, &serials, &seqs, &appends)
	if err != nil {
		return nil, seenRow{}, b.wrap("read state", err)
	}
	rows := make([]journalRow, len(seqs))
	for i := range rows {
		rows[i] = journalRow{baseID: baseIDs[i], baseSum: sums[i], lineage: lineages[i], serial: serials[i], seq: seqs[i], data: appends[i]}
	}
	if id == nil {
		b.unmatched(ctx, rows, nil)
		return nil, seenRow{known: true}, nil
	}
	if len(data) > maxStateSize {
		return nil, seenRow{}, b.errorf("the state row is larger than %d MiB: is the schema right?", maxStateSize>>20)
	}
	if len(data) == 0 {
		b.unmatched(ctx, rows, nil)
		return nil, seenRow{known: true, id: *id, xmin: *xmin, sum: sha256.Sum256(nil), empty: true}, nil
	}
	st, err := b.codec.Decode(data)
	if err != nil {
		return nil, seenRow{}, b.errorf("state object is not valid state (the data of row %q): %w", b.name, err)
	}
	seen := seenRow{known: true, id: *id, xmin: *xmin, sum: sha256.Sum256(data), lineage: st.Lineage, serial: st.Serial,
		base: st.Serial, empty: st.Empty(), hasData: true}
	var mine, other []journalRow
	for _, r := range rows {
		if r.baseID == seen.id && bytes.Equal(r.baseSum, seen.sum[:]) {
			mine = append(mine, r)
		} else {
			other = append(other, r)
		}
	}
	if len(mine) > 0 {
		if err := b.replay(st, mine); err != nil {
			return nil, seenRow{}, err
		}
		seen.serial, seen.empty = st.Serial, st.Empty()
		seen.journal, seen.read = int64(len(mine)), int64(len(mine))
	}
	b.unmatched(ctx, other, st)
	return st, seen, nil
}

// replay applies rows, the journal of the document st was decoded from,
// in order, to st.
func (b *Backend) replay(st *state.State, rows []journalRow) error {
	base := st.Serial
	var entries []state.JournalEntry
	for i, r := range rows {
		if r.seq != int64(i+1) {
			return b.errorf("the state journal in %s misses append %d (found %d): it is corrupt", b.journalName(), i+1, r.seq)
		}
		e, err := state.DecodeJournalEntries(r.data, b.codec)
		if err != nil {
			return b.errorf("the state journal in %s is corrupt: append %d: %w", b.journalName(), r.seq, err)
		}
		entries = append(entries, e...)
	}
	state.ReplayJournal(st, entries, base)
	return nil
}

// journalName names the journal table and workspace, for messages.
func (b *Backend) journalName() string {
	return fmt.Sprintf("%s.%s (workspace %s)", b.store.cfg.schemaName(), journalTable, b.name)
}

// unmatched warns, through ctx's notice, of journal rows that are
// relative to another document than the one stored (st, nil for none).
func (b *Backend) unmatched(ctx context.Context, rows []journalRow, st *state.State) {
	if len(rows) == 0 {
		return
	}
	stored := "no state"
	if st != nil {
		stored = fmt.Sprintf("lineage %s serial %d", st.Lineage, st.Serial)
	}
	last := rows[len(rows)-1]
	state.Notice(ctx, fmt.Sprintf("Warning: %d appends of the state journal in %s were written after another "+
		"version of the state (lineage %s serial %d) than the one stored (%s): their records were not applied. "+
		"They are kept: the next write of this state sets them aside (set_aside_at) in that table. Inspect them "+
		"then (trueup state journals, trueup state journals show ID) before deleting them (trueup state journals rm ID): "+
		"they may name objects that exist but that the state does not record.",
		len(rows), b.journalName(), last.lineage, last.serial, stored))
}

// AppendJournal stores entries as the next append of the journal of the
// document this client last read or wrote, in one statement that holds
// the states row FOR SHARE on the condition that its version is the one
// seen. It fails with state.ErrNoJournalBase when there is no stored
// document (or no journal table), and with an error wrapping
// state.ErrStale when the row changed or another client appended.
//
// An append that fails in a way that may have committed all the same
// (the connection lost after the COMMIT was sent, the context ending
// while the commit waited for a synchronous standby) is looked for: found,
// it is counted as this client's and the append succeeded. Not found, it
// may still commit (a server still waiting to finish it): this client
// remembers what it sent, Write's check accepts that row as its own, and
// later appends fail with state.ErrNoJournalBase, so that only whole
// writes, which fold it, follow.
func (b *Backend) AppendJournal(ctx context.Context, entries []state.JournalEntry) error {
	if len(entries) == 0 {
		return nil
	}
	data, err := state.EncodeJournalEntries(entries, b.codec)
	if err != nil {
		return b.errorf("journal: %w", err)
	}
	if err := b.store.prepare(ctx); err != nil {
		return err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.store.journal || !b.seen.known || !b.seen.hasData || b.seen.unsure != 0 {
		return state.ErrNoJournalBase
	}
	t := b.store.tables
	seq := b.seen.journal + 1
	var tag pgconn.CommandTag
	// READ COMMITTED whatever the default isolation: under REPEATABLE
	// READ, a states row updated (and committed) while the statement
	// waited for its lock fails with a serialization error instead of
	// being seen changed (stale).
	err = pgx.BeginTxFunc(ctx, b.store.pool, pgx.TxOptions{IsoLevel: pgx.ReadCommitted}, func(tx pgx.Tx) error {
		var err error
		tag, err = tx.Exec(ctx, `WITH base AS (SELECT id FROM `+t.states+` WHERE id = $1 AND name = $2 AND `+
			xminCol+` = $3 FOR SHARE)
INSERT INTO `+t.journal+` (name, base_id, base_sha256, base_lineage, base_serial, seq, data)
SELECT $2, $1, $4, $5, $6, $7, $8 FROM base`,
			b.seen.id, b.name, b.seen.xmin, b.seen.sum[:], b.seen.lineage, int64(b.seen.base), seq, data)
		return err
	})
	var pe *pgconn.PgError
	switch {
	case errors.As(err, &pe) && pe.Code == uniqueViolation:
		return b.journalStale("another client appended to it since this one read or appended")
	case err != nil && mayHaveCommitted(err):
		sum := sha256.Sum256(data)
		if b.appendLanded(ctx, seq, sum) {
			b.store.log.Debug("the state journal append reported an error but was stored", "workspace", b.name, "seq", seq, "error", b.store.redact(err.Error()))
			b.seen.journal = seq
			return nil
		}
		b.seen.unsure, b.seen.unsureSum = seq, sum
		return b.wrap("append to the state journal (it may have been stored: only whole writes follow)", err)
	case err != nil:
		return b.wrap("append to the state journal", err)
	case tag.RowsAffected() == 0:
		return b.journalStale("the state row changed since this client read or wrote it")
	}
	b.seen.journal = seq
	return nil
}

// mayHaveCommitted says whether an append that failed with err may have
// been committed all the same: not when nothing was sent, nor when the
// server reported the statement's or the commit's error (the transaction
// is rolled back); yes when the connection failed or ended (a FATAL
// error: a server terminating a session while its commit waits for a
// standby has committed it locally) or the context ended while waiting.
func mayHaveCommitted(err error) bool {
	if pgconn.SafeToRetry(err) {
		return false
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		sev := pe.SeverityUnlocalized
		if sev == "" {
			sev = pe.Severity
		}
		return sev == "FATAL" || sev == "PANIC"
	}
	return true
}

// appendLanded reports whether the journal holds this client's append
// seq, with the data whose SHA-256 is sum, relative to the row seen. It
// asks on a context of its own: the append's may have ended.
func (b *Backend) appendLanded(ctx context.Context, seq int64, sum [sha256.Size]byte) bool {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), landedTimeout)
	defer cancel()
	var landed bool
	err := b.store.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM `+b.store.tables.journal+
		` WHERE name = $1 AND set_aside_at IS NULL AND base_id = $2 AND base_sha256 = $3 AND seq = $4 AND sha256(data) = $5)`,
		b.name, b.seen.id, b.seen.sum[:], seq, sum[:]).Scan(&landed)
	return err == nil && landed
}

// landedTimeout bounds the look for an append that failed.
const landedTimeout = 10 * time.Second

func (b *Backend) journalStale(why string) error {
	return b.errorf("append to the state journal: %s: %w", why, state.ErrStale)
}

// checkJournal fails with state.ErrStale when the journal of the row
// seen is not the one this client read and appended: its appends 1 to
// b.seen.journal, and the append this client is unsure of (b.seen.unsure)
// if it committed after all. Called in Write's transaction, after the row
// is locked FOR UPDATE (so that no append is under way, and this
// statement sees every append made: the transaction is READ COMMITTED).
func (b *Backend) checkJournal(ctx context.Context, tx pgx.Tx) error {
	if !b.store.journal {
		return nil
	}
	var (
		n, last int64
		extra   []int64
		sums    [][]byte
	)
	err := tx.QueryRow(ctx, `SELECT count(*) FILTER (WHERE seq <= $4), coalesce(max(seq) FILTER (WHERE seq <= $4), 0),
	coalesce(array_agg(seq ORDER BY seq) FILTER (WHERE seq > $4), '{}'), coalesce(array_agg(sha256(data) ORDER BY seq) FILTER (WHERE seq > $4), '{}')
FROM `+b.store.tables.journal+` WHERE name = $1 AND set_aside_at IS NULL AND base_id = $2 AND base_sha256 = $3`,
		b.name, b.seen.id, b.seen.sum[:], b.seen.journal).Scan(&n, &last, &extra, &sums)
	if err != nil {
		return err
	}
	mine := n == b.seen.journal && last == b.seen.journal
	for i, seq := range extra {
		// Only the append this client is unsure of may follow the ones
		// it knows: its own, if it has the data this client sent.
		if seq != b.seen.unsure || seq != b.seen.journal+1 || i != 0 || !bytes.Equal(sums[i], b.seen.unsureSum[:]) {
			mine = false
		}
	}
	if !mine {
		return b.stale("the state journal changed since this client read or appended to it (another run appended to it)")
	}
	return nil
}

// foldJournal, in Write's transaction once the document is stored,
// deletes the journal of the row seen (its records are in the document
// written) and sets aside any other journal rows of the workspace.
func (b *Backend) foldJournal(ctx context.Context, tx pgx.Tx) error {
	if !b.store.journal {
		return nil
	}
	j := b.store.tables.journal
	_, err := tx.Exec(ctx, `WITH folded AS (DELETE FROM `+j+
		` WHERE name = $1 AND set_aside_at IS NULL AND base_id = $2 AND base_sha256 = $3)
UPDATE `+j+` SET set_aside_at = now() WHERE name = $1 AND set_aside_at IS NULL AND NOT (base_id = $2 AND base_sha256 = $3)`,
		b.name, b.seen.id, b.seen.sum[:])
	return err
}

// replayedBackup returns the stored document with the part of its journal
// this client read applied, encoded as the state: the state as it was
// before this client's first write, for the backup. ok is false when it
// cannot be made (the document alone is kept then).
func (b *Backend) replayedBackup(ctx context.Context, tx pgx.Tx, stored []byte) ([]byte, bool) {
	st, err := b.codec.Decode(stored)
	if err != nil {
		return nil, false
	}
	rows, err := tx.Query(ctx, `SELECT seq, data FROM `+b.store.tables.journal+
		` WHERE name = $1 AND set_aside_at IS NULL AND base_id = $2 AND base_sha256 = $3 AND seq <= $4 ORDER BY seq`,
		b.name, b.seen.id, b.seen.sum[:], b.seen.read)
	if err != nil {
		return nil, false
	}
	var read []journalRow
	for rows.Next() {
		var r journalRow
		if err := rows.Scan(&r.seq, &r.data); err != nil {
			rows.Close()
			return nil, false
		}
		read = append(read, r)
	}
	if rows.Close(); rows.Err() != nil || b.replay(st, read) != nil {
		return nil, false
	}
	out, err := b.codec.Encode(st)
	return out, err == nil
}
