package pg

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// Names Terraform gives the table, its index and its id sequence.
const (
	statesTable   = "states"
	statesIndex   = "states_by_name"
	locksTable    = "trueup_state_locks"
	backupsTable  = "trueup_state_backups"
	journalTable  = "trueup_state_journal"
	journalIndex  = "trueup_state_journal_live"
	statesIDSeq   = "public.global_states_id_seq"
	prepareLockID = 0x7472756575703a70 // "trueup:p": serialises table creation
)

// tables holds the quoted, schema-qualified names of the backend's tables.
type tables struct {
	schema string // quoted
	states string // SCHEMA.states
	locks  string // SCHEMA.trueup_state_locks
	// backups is SCHEMA.trueup_state_backups
	backups string
	// journal is SCHEMA.trueup_state_journal
	journal string
}

func newTables(schemaName string) tables {
	return tables{
		schema:  pgx.Identifier{schemaName}.Sanitize(),
		states:  pgx.Identifier{schemaName, statesTable}.Sanitize(),
		locks:   pgx.Identifier{schemaName, locksTable}.Sanitize(),
		backups: pgx.Identifier{schemaName, backupsTable}.Sanitize(),
		journal: pgx.Identifier{schemaName, journalTable}.Sanitize(),
	}
}

// prepare creates, once, what the configuration does not skip: the
// schema (only when missing, since CREATE SCHEMA needs a privilege the
// user may not have), Terraform's id sequence, states table and name
// index, and trueup's lock information table. It runs in one transaction
// under a transaction-level advisory lock, so that clients starting
// together do not trip over each other's CREATE ... IF NOT EXISTS.
func (s *Store) prepare(ctx context.Context) error {
	s.prepMu.Lock()
	defer s.prepMu.Unlock()
	if s.prepared {
		return nil
	}
	var table bool
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(prepareLockID)); err != nil {
			return err
		}
		stmts, err := s.ddl(ctx, tx)
		if err != nil {
			return err
		}
		for _, stmt := range stmts {
			if _, err := tx.Exec(ctx, stmt); err != nil {
				return err
			}
		}
		// The journal needs its table and the partial unique index that
		// keeps each sequence number to one appender (a table made by
		// hand, or an index dropped, would let two clients append as
		// the same number): without both, no journal is kept.
		return tx.QueryRow(ctx, `SELECT to_regclass($1) IS NOT NULL, to_regclass($2) IS NOT NULL,
	EXISTS (SELECT 1 FROM pg_catalog.pg_index WHERE indrelid = to_regclass($2) AND indexrelid = to_regclass($3)
		AND indisunique AND indisvalid AND indpred IS NOT NULL)`,
			s.tables.backups, s.tables.journal, pgx.Identifier{s.cfg.schemaName(), journalIndex}.Sanitize()).Scan(&s.backups, &table, &s.journal)
	})
	if err != nil {
		return s.wrap("prepare the schema and tables", err)
	}
	if table && !s.journal {
		s.log.Debug("no state journal: its table has no valid partial unique index "+journalIndex+"; whole documents are written",
			"table", s.tables.journal)
	}
	s.prepared = true
	return nil
}

// ddl returns the statements prepare runs, Terraform's own first.
func (s *Store) ddl(ctx context.Context, tx pgx.Tx) ([]string, error) {
	var stmts []string
	if !s.cfg.SkipSchemaCreation {
		var count int
		err := tx.QueryRow(ctx, `SELECT count(1) FROM information_schema.schemata WHERE schema_name = $1`, s.cfg.schemaName()).Scan(&count)
		if err != nil {
			return nil, err
		}
		if count < 1 {
			stmts = append(stmts, `CREATE SCHEMA IF NOT EXISTS `+s.tables.schema)
		}
	}
	if !s.cfg.SkipTableCreation {
		stmts = append(stmts,
			`CREATE SEQUENCE IF NOT EXISTS `+statesIDSeq+` AS bigint`,
			fmt.Sprintf(`CREATE TABLE IF NOT EXISTS %s (
	id bigint NOT NULL DEFAULT nextval('%s') PRIMARY KEY,
	name text UNIQUE,
	data text
)`, s.tables.states, statesIDSeq),
			// One row per session holding a trueup lock: see lock.go.
			`CREATE TABLE IF NOT EXISTS `+s.tables.locks+` (
	pid integer NOT NULL,
	backend_start timestamptz NOT NULL,
	name text NOT NULL,
	info text NOT NULL,
	PRIMARY KEY (pid, backend_start)
)`,
			// The state each workspace's row held before its last write: see history.go.
			`CREATE TABLE IF NOT EXISTS `+s.tables.backups+` (
	name text PRIMARY KEY,
	serial bigint NOT NULL,
	data text NOT NULL,
	replaced_at timestamptz NOT NULL
)`,
		)
		// The appends of each workspace's state journal: see journal.go.
		// Created with its index only when missing: CREATE INDEX locks
		// the table even when the index exists, which would make every
		// client's first use wait for appends under way, and them for it.
		var journal bool
		if err := tx.QueryRow(ctx, `SELECT to_regclass($1) IS NOT NULL`, s.tables.journal).Scan(&journal); err != nil {
			return nil, err
		}
		if !journal {
			stmts = append(stmts, `CREATE TABLE `+s.tables.journal+` (
	name text NOT NULL,
	base_id bigint NOT NULL,
	base_sha256 bytea NOT NULL,
	base_lineage text NOT NULL,
	base_serial bigint NOT NULL,
	seq bigint NOT NULL,
	data bytea NOT NULL,
	appended_at timestamptz NOT NULL DEFAULT now(),
	set_aside_at timestamptz
)`,
				`CREATE UNIQUE INDEX `+pgx.Identifier{journalIndex}.Sanitize()+` ON `+s.tables.journal+
					` (name, base_id, base_sha256, seq) WHERE set_aside_at IS NULL`)
		}
	}
	if !s.cfg.SkipIndexCreation {
		stmts = append(stmts, `CREATE UNIQUE INDEX IF NOT EXISTS `+pgx.Identifier{statesIndex}.Sanitize()+` ON `+s.tables.states+` (name)`)
	}
	return stmts, nil
}
