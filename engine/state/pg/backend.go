package pg

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"sync"

	"github.com/hashicorp/go-hclog"
	"github.com/jackc/pgx/v5"

	"github.com/trueup/trueup/engine/state"
)

// maxStateSize bounds what Read accepts, so a wrong table pointing at
// huge rows fails instead of filling memory.
const maxStateSize = 512 << 20

// Backend stores one workspace's state in its row. It is safe for
// concurrent use; two Backends on the same database and schema act as
// two independent processes.
type Backend struct {
	store *Store
	name  string // workspace: the row's name
	// codec encodes and decodes the row's data (it may encrypt it).
	codec state.Codec

	mu sync.Mutex
	// seen is the row as last read or written by this Backend.
	seen seenRow
}

// seenRow is what Write's condition and checks are based on.
type seenRow struct {
	known   bool
	id      int64 // 0: there was no row
	xmin    int64 // the row version (PostgreSQL's xmin) read or written
	sum     [sha256.Size]byte
	lineage string
	// serial is the state's, its journal replayed; base the document's.
	serial, base uint64
	empty        bool // the state held no resources and no outputs
	// hasData says the row holds a state document, that a journal can
	// be relative to.
	hasData bool
	// journal is how many appends of the row's journal this client knows
	// (read, then appended); read how many it read.
	journal, read int64
	// unsure is an append of this client that failed in a way that may
	// have committed all the same (connection lost after the COMMIT was
	// sent, the context ending while the commit waited), and that could
	// not be found: its sequence number (0: none) and the SHA-256 of its
	// data. Write's check counts a row that matches it as this client's
	// own (the document written holds its records), and no append is made
	// after it (AppendJournal returns state.ErrNoJournalBase, so that the
	// persister writes whole documents).
	unsure    int64
	unsureSum [sha256.Size]byte
}

var (
	_ state.Backend   = (*Backend)(nil)
	_ state.Historian = (*Backend)(nil)
	_ state.Journaler = (*Backend)(nil)
)

// New configures the backend on cfg.Workspace's state with a connection
// pool of its own; it sends no request. Close releases the pool.
func New(ctx context.Context, cfg Config, log hclog.Logger) (*Backend, error) {
	st, err := NewStore(ctx, cfg, log)
	if err != nil {
		return nil, err
	}
	return st.backend(cfg.workspace()), nil
}

// Close closes the connection pool shared with the Store the Backend came
// from (and its other Backends).
func (b *Backend) Close() error { return b.store.Close() }

// String names the backend: `pg backend "HOST:PORT/DB terraform_remote_state.states default"`.
func (b *Backend) String() string {
	return fmt.Sprintf("pg backend %q", b.store.where+" "+b.store.cfg.schemaName()+"."+statesTable+" "+b.name)
}

func (b *Backend) errorf(format string, args ...any) error {
	return fmt.Errorf("%s: "+format, append([]any{b}, args...)...)
}

// wrap names the backend and what failed, without the password.
func (b *Backend) wrap(what string, err error) error {
	return &redactedError{msg: b.store.redact(fmt.Sprintf("%s: %s: %v", b, what, err)), err: err}
}

// Read returns the stored state with its journal replayed (journal.go),
// or nil when the workspace has no row (or a row without data). A row
// that is not a valid state document is an error (and a later Write will
// not overwrite it).
func (b *Backend) Read(ctx context.Context) (*state.State, error) {
	if err := b.store.prepare(ctx); err != nil {
		return nil, err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	st, seen, err := b.load(ctx)
	if err != nil {
		return nil, err
	}
	b.seen = seen
	return st, nil
}

// Write stores s if the row is unchanged since this Backend last read or
// wrote it (a Backend that has not read expects no row), and s has the
// stored lineage and no lower serial. Otherwise it fails with an error
// wrapping state.ErrStale and nothing is written. The check and the
// write are one transaction holding the row FOR UPDATE.
func (b *Backend) Write(ctx context.Context, s *state.State) error {
	data, err := b.codec.Encode(s)
	if err != nil {
		return b.errorf("%w", err)
	}
	if err := b.store.prepare(ctx); err != nil {
		return err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if err := b.checkSuccession(s); err != nil {
		return err
	}
	var id, xmin int64
	// READ COMMITTED whatever the database's or the connection's default
	// (default_transaction_isolation): swap locks the row FOR UPDATE,
	// which waits for an append holding it FOR SHARE, and checkJournal's
	// statement must then see that append once it committed. Under
	// REPEATABLE READ the snapshot is taken by the first statement, before
	// the wait, and a stale writer would store its document over the
	// append's records.
	err = pgx.BeginTxFunc(ctx, b.store.pool, pgx.TxOptions{IsoLevel: pgx.ReadCommitted}, func(tx pgx.Tx) error {
		id, xmin, err = b.swap(ctx, tx, data)
		return err
	})
	if errors.Is(err, state.ErrStale) {
		return err
	}
	if err != nil {
		return b.wrap("write state", err)
	}
	created := b.seen.id == 0
	b.seen = seenRow{known: true, id: id, xmin: xmin, sum: sha256.Sum256(data), lineage: s.Lineage, serial: s.Serial,
		base: s.Serial, empty: s.Empty(), hasData: true}
	if created {
		b.store.convert(ctx, b.name, id)
	}
	return nil
}

// checkSuccession refuses another lineage or a lower serial than seen.
func (b *Backend) checkSuccession(s *state.State) error {
	if b.seen.id == 0 || b.seen.lineage == "" {
		return nil
	}
	return state.CheckSuccessionOver(b.String(), b.seen.lineage, b.seen.serial, b.seen.empty, s)
}

// swap replaces the row with data if it is still the row seen, and its
// journal the one seen, or inserts it if none was seen and none is there,
// and returns the row's id and version. The journal this client read or
// appended is removed (the document holds its records), and any other
// journal rows of the workspace are set aside. Called in a transaction
// with b.mu held.
func (b *Backend) swap(ctx context.Context, tx pgx.Tx, data []byte) (id, xmin int64, err error) {
	t := b.store.tables.states
	var stored []byte
	err = tx.QueryRow(ctx, `SELECT id, coalesce(data, '') FROM `+t+` WHERE name = $1 FOR UPDATE`, b.name).Scan(&id, &stored)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		if b.seen.id != 0 {
			return 0, 0, b.stale("the workspace's row was deleted since it was read")
		}
		err = tx.QueryRow(ctx, `INSERT INTO `+t+` (name, data) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING RETURNING id, `+xminCol,
			b.name, string(data)).Scan(&id, &xmin)
		if errors.Is(err, pgx.ErrNoRows) {
			return 0, 0, b.stale("another client stored a state since this one read none")
		}
		if err != nil {
			return 0, 0, err
		}
		return id, xmin, b.foldJournal(ctx, tx)
	case err != nil:
		return 0, 0, err
	case b.seen.id == 0:
		return 0, 0, b.stale("a state is stored that this client has not read")
	case id != b.seen.id || sha256.Sum256(stored) != b.seen.sum:
		return 0, 0, b.stale("the state row changed since it was read (another run wrote it)")
	}
	if err := b.checkJournal(ctx, tx); err != nil {
		return 0, 0, err
	}
	if err := b.backup(ctx, tx, stored); err != nil {
		return 0, 0, err
	}
	err = tx.QueryRow(ctx, `UPDATE `+t+` SET data = $2 WHERE id = $1 RETURNING `+xminCol, id, string(data)).Scan(&xmin)
	if err != nil {
		return 0, 0, err
	}
	return id, xmin, b.foldJournal(ctx, tx)
}

func (b *Backend) stale(why string) error {
	return b.errorf("write state: %s: %w", why, state.ErrStale)
}
