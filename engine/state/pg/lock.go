package pg

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/trueup/trueup/engine/state"
)

// creationKey is the advisory lock key Terraform takes while a workspace
// has no row yet (and, for a moment, on every lock).
const creationKey = -1

// takeAttempts bounds how often Lock tries again after the holder
// released the lock or was taken over, before giving up.
const takeAttempts = 3

// terminateWait is how long Lock waits for an expired holder's session to
// end (pg_terminate_backend's timeout, in milliseconds).
const terminateWait = 5000

// heldLock is the lock a Backend holds: the connection whose session
// holds the advisory lock, the key, and the lock information recorded
// for that session.
type heldLock struct {
	conn *pgx.Conn
	key  int64
	info *state.LockInfo
}

// Lock takes Terraform's advisory lock on the workspace (its row's id, or
// -1 while it has no row) on a connection of its own, and records info
// for that session in trueup_state_locks; the lock ID is a new UUID
// (state.PrepareLock). A lock held by a session whose lease has not run
// out, or that has no lease (Terraform), yields a *state.LockError naming
// the holder. An expired holder's session is terminated, which releases
// its lock, and the lock is taken again.
func (b *Backend) Lock(ctx context.Context, info *state.LockInfo) (string, error) {
	li, err := state.PrepareLock(info, b.lockPath(), state.Now(ctx))
	if err != nil {
		return "", b.errorf("lock: %w", err)
	}
	if err := b.store.prepare(ctx); err != nil {
		return "", err
	}
	conn, err := pgx.ConnectConfig(ctx, b.store.pool.Config().ConnConfig.Copy())
	if err != nil {
		return "", b.wrap("lock", err)
	}
	h := &heldLock{conn: conn, info: li}
	var holder *holder
	for range takeAttempts {
		got, contended, err := b.tryLock(ctx, h)
		if err != nil {
			dropConn(h)
			return "", b.wrap("lock", err)
		}
		if got {
			b.store.hold(b.name, h)
			return li.ID, nil
		}
		if holder, err = b.holderOf(ctx, contended); err != nil {
			dropConn(h)
			return "", err
		}
		if holder == nil {
			continue // released meanwhile
		}
		if !holder.info.Expired(state.Now(ctx)) {
			break
		}
		if err := b.takeOver(ctx, holder); err != nil {
			dropConn(h)
			return "", err
		}
	}
	dropConn(h)
	return "", b.heldError(holder)
}

// tryLock records h.info for h's session, then takes the lock as
// Terraform does; the record comes first so that whoever sees the lock
// held also sees who holds it. When the lock is held by another session
// it returns the key that session holds.
func (b *Backend) tryLock(ctx context.Context, h *heldLock) (got bool, contended int64, err error) {
	if err := b.record(ctx, h); err != nil {
		return false, 0, err
	}
	key, contended, err := b.tryAdvisory(ctx, h.conn)
	if err != nil || contended != 0 {
		return false, contended, err
	}
	h.key = key
	return true, 0, nil
}

// tryAdvisory is Terraform's RemoteClient.Lock: with a row, take its id
// and -1 and keep the id; without, take -1. It returns the key taken, or
// the key another session holds (0 when none is contended).
func (b *Backend) tryAdvisory(ctx context.Context, conn *pgx.Conn) (key, contended int64, err error) {
	var id int64
	var gotID, gotCreate bool
	err = conn.QueryRow(ctx, `SELECT id, pg_try_advisory_lock(id), pg_try_advisory_lock(-1) FROM `+
		b.store.tables.states+` WHERE name = $1`, b.name).Scan(&id, &gotID, &gotCreate)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		if err := conn.QueryRow(ctx, `SELECT pg_try_advisory_lock(-1)`).Scan(&gotCreate); err != nil {
			return 0, 0, err
		}
		if !gotCreate {
			return 0, creationKey, nil
		}
		return creationKey, 0, nil
	case err != nil:
		return 0, 0, err
	case !gotID:
		if gotCreate {
			_, err = conn.Exec(ctx, `SELECT pg_advisory_unlock(-1)`)
		}
		return 0, id, err
	case !gotCreate:
		// Someone is creating a workspace: Terraform gives up, since it
		// may be this one, whose row the creator wrote under -1. A trueup
		// holder records which workspace it creates: another is no risk.
		if h, err := b.holderOf(ctx, creationKey); err == nil && h != nil && h.recorded && h.name != b.name {
			return id, 0, nil
		}
		_, err = conn.Exec(ctx, `SELECT pg_advisory_unlock($1)`, id)
		return 0, creationKey, err
	}
	_, err = conn.Exec(ctx, `SELECT pg_advisory_unlock(-1)`)
	return id, 0, err
}

// record stores h.info as the lock information of h's session, and
// removes rows left by sessions that have ended. Without the table
// (skip_table_creation and nobody made it) the lock works and others see
// only the session.
func (b *Backend) record(ctx context.Context, h *heldLock) error {
	t := b.store.tables.locks
	_, err := h.conn.Exec(ctx, `INSERT INTO `+t+` (pid, backend_start, name, info)
SELECT pid, backend_start, $1, $2 FROM pg_stat_activity WHERE pid = pg_backend_pid()
ON CONFLICT (pid, backend_start) DO UPDATE SET name = $1, info = $2`, b.name, encodeLock(h.info))
	if isUndefinedTable(err) {
		b.store.log.Warn("no lock information table: other clients will see the lock's session only", "table", t)
		return nil
	}
	if err != nil {
		return err
	}
	_, err = h.conn.Exec(ctx, `DELETE FROM `+t+` l WHERE NOT EXISTS (SELECT 1 FROM pg_stat_activity a
WHERE a.pid = l.pid AND (a.backend_start IS NULL OR a.backend_start = l.backend_start))`)
	return err
}

// LockInfo returns the current lock holder, or nil when unlocked.
func (b *Backend) LockInfo(ctx context.Context) (*state.LockInfo, error) {
	cur, err := b.current(ctx)
	if err != nil || cur == nil {
		return nil, err
	}
	return cur.info, nil
}

// lockPath describes where the lock is: the workspace's row, whose id
// (or -1 while there is none) is the advisory lock key.
func (b *Backend) lockPath() string {
	return fmt.Sprintf("%s %s.%s name=%s (advisory lock on its id)", b.store.where, b.store.cfg.schemaName(), statesTable, b.name)
}

func encodeLock(info *state.LockInfo) string {
	data, err := json.Marshal(info)
	if err != nil {
		panic(fmt.Sprintf("pg: encode lock info: %v", err)) // plain struct: cannot fail
	}
	return string(data)
}

// heldError reports that the lock is held by h.
func (b *Backend) heldError(h *holder) error {
	if h == nil {
		return &state.LockError{Err: b.errorf("the lock changed while it was being taken; try again")}
	}
	if h.info.Expires.IsZero() {
		return &state.LockError{Info: h.info, Err: b.errorf("locked with no expiry, until its session (PostgreSQL process %d) ends", h.pid)}
	}
	return &state.LockError{Info: h.info, Err: b.errorf("locked until %s", h.info.Expires.UTC().Format(time.RFC3339))}
}

// notHeldError reports that id does not hold the lock, naming the
// current holder if any.
func (b *Backend) notHeldError(ctx context.Context, id string) error {
	cur, err := b.current(ctx)
	if err != nil {
		return &state.LockError{Err: fmt.Errorf("lock %s is not held by this client: %w", id, err)}
	}
	if cur == nil {
		return &state.LockError{Err: b.errorf("lock %s is not held: the state is not locked", id)}
	}
	return &state.LockError{Info: cur.info, Err: b.errorf("lock %s is not held", id)}
}
