package pg

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/trueup/trueup/engine/state"
)

// History IDs: the workspace's row, and the state it held before its last
// write, kept in trueup_state_backups as the local backend keeps
// terraform.tfstate.backup (Terraform's table has one row per workspace
// and no history).
const (
	currentID = "current"
	backupID  = "backup"
)

// backup keeps the state this client read, about to be replaced, as the
// workspace's backup, in the write's transaction: stored, the row's data,
// with the part of the journal this client read applied (not what it
// appended since, which the document written holds), so that the backup
// is the state as it was before the write, as the local backend's is.
// Without the backups table (skip_table_creation) there is none.
func (b *Backend) backup(ctx context.Context, tx pgx.Tx, stored []byte) error {
	if !b.store.backups || len(stored) == 0 {
		return nil
	}
	keep, serial := stored, b.seen.base
	if b.seen.read > 0 {
		if r, ok := b.replayedBackup(ctx, tx, stored); ok {
			keep, serial = r, b.seen.serial
		}
	}
	_, err := tx.Exec(ctx, `INSERT INTO `+b.store.tables.backups+` (name, serial, data, replaced_at) VALUES ($1, $2, $3, now())
ON CONFLICT (name) DO UPDATE SET serial = $2, data = $3, replaced_at = now()`, b.name, int64(serial), string(keep))
	return err
}

// History lists the current state and, when there is one, the state it
// replaced, newest first.
func (b *Backend) History(ctx context.Context) ([]state.Version, error) {
	if err := b.store.prepare(ctx); err != nil {
		return nil, err
	}
	var vs []state.Version
	cur, err := b.ReadVersion(ctx, currentID)
	if err != nil {
		return nil, err
	}
	var replaced time.Time
	var serial int64
	if b.store.backups {
		err = b.store.pool.QueryRow(ctx, `SELECT serial, replaced_at FROM `+b.store.tables.backups+` WHERE name = $1`, b.name).Scan(&serial, &replaced)
		if err != nil && !errors.Is(err, pgx.ErrNoRows) {
			return nil, b.wrap("read state history", err)
		}
	}
	if cur != nil {
		vs = append(vs, state.Version{ID: currentID, Serial: cur.Serial, Modified: replaced})
	}
	if !replaced.IsZero() {
		vs = append(vs, state.Version{ID: backupID, Serial: uint64(serial), Modified: replaced})
	}
	return vs, nil
}

// ReadVersion returns the state stored as version id ("current", with its
// journal replayed as Read does, or "backup"); nil when the workspace has
// no state.
func (b *Backend) ReadVersion(ctx context.Context, id string) (*state.State, error) {
	if err := b.store.prepare(ctx); err != nil {
		return nil, err
	}
	var q string
	switch {
	case id == currentID:
		st, _, err := b.load(ctx)
		return st, err
	case id == backupID && b.store.backups:
		q = `SELECT data FROM ` + b.store.tables.backups + ` WHERE name = $1`
	default:
		return nil, b.errorf("no state version %q: versions are %q and %q", id, currentID, backupID)
	}
	var data []byte
	err := b.store.pool.QueryRow(ctx, q, b.name).Scan(&data)
	if errors.Is(err, pgx.ErrNoRows) || (err == nil && len(data) == 0) {
		return nil, nil
	}
	if err != nil {
		return nil, b.wrap("read state version "+id, err)
	}
	st, err := b.codec.Decode(data)
	if err != nil {
		return nil, b.errorf("state version %s is not valid state: %w", id, err)
	}
	return st, nil
}
