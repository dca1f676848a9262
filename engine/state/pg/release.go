package pg

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/trueup/trueup/engine/state"
)

// takeOver terminates the session of a holder whose lease ran out; its
// advisory lock goes with it.
func (b *Backend) takeOver(ctx context.Context, h *holder) error {
	var done bool
	err := b.store.pool.QueryRow(ctx, `SELECT pg_terminate_backend($1, $2)`, h.pid, terminateWait).Scan(&done)
	if err != nil {
		return &state.LockError{Info: h.info, Err: b.wrap(fmt.Sprintf(
			"the lock's lease expired at %s but its session (PostgreSQL process %d) cannot be ended",
			h.info.Expires.UTC().Format(time.RFC3339), h.pid), err)}
	}
	b.store.log.Warn("took over an expired state lock by ending its session", "workspace", b.name,
		"holder", h.info.Who, "operation", h.info.Operation, "lock_id", h.info.ID, "expired", h.info.Expires, "pg_pid", h.pid)
	_, _ = b.store.pool.Exec(ctx, `DELETE FROM `+b.store.tables.locks+` WHERE pid = $1`, h.pid)
	return nil
}

// Renew extends the lease of the lock with ID id from now by its lease
// length. It fails with a *state.LockError when this Backend no longer
// holds the lock under id (its session was ended: the lock was taken
// over or force-unlocked), or its lease already ran out
// (state.ErrLeaseExpired).
func (b *Backend) Renew(ctx context.Context, id string) error {
	b.store.heldMu.Lock()
	defer b.store.heldMu.Unlock()
	h := b.store.held[b.name]
	if h == nil || h.info.ID != id {
		return b.notHeldError(ctx, id)
	}
	renewed, err := h.info.Renewal(state.Now(ctx))
	if err != nil {
		return &state.LockError{Info: h.info, Err: b.errorf("renew lock %s: %w", id, err)}
	}
	var held bool
	err = h.conn.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted
AND pid = pg_backend_pid() AND objsubid = 1 AND ((classid::bigint << 32) | objid::bigint) = $1)`, h.key).Scan(&held)
	if err != nil || !held {
		dropConn(h)
		delete(b.store.held, b.name)
		return b.notHeldError(ctx, id)
	}
	if renewed.Expires.IsZero() {
		return nil
	}
	_, err = h.conn.Exec(ctx, `UPDATE `+b.store.tables.locks+` SET info = $1 WHERE pid = pg_backend_pid()`, encodeLock(renewed))
	if err != nil && !isUndefinedTable(err) {
		return b.wrap("renew lock", err)
	}
	h.info = renewed
	return nil
}

// Unlock releases the lock with ID id. This Backend's own lock is
// released on its session, which then closes. Another client's lock (a
// force-unlock) is released by ending the session that holds it. A lock
// held under another ID is left alone and yields a *state.LockError
// naming its holder.
func (b *Backend) Unlock(ctx context.Context, id string) error {
	b.store.heldMu.Lock()
	defer b.store.heldMu.Unlock()
	if h := b.store.held[b.name]; h != nil && h.info.ID == id {
		delete(b.store.held, b.name)
		err := b.release(ctx, h)
		if err == nil {
			return nil
		}
		b.store.log.Debug("releasing the lock on its own session failed", "error", b.store.redact(err.Error()))
		return b.notHeldError(ctx, id)
	}
	cur, err := b.current(ctx)
	if err != nil {
		return err
	}
	if cur == nil || cur.info.ID != id {
		return b.notHeldError(ctx, id)
	}
	var done bool
	if err := b.store.pool.QueryRow(ctx, `SELECT pg_terminate_backend($1, $2)`, cur.pid, terminateWait).Scan(&done); err != nil {
		return &state.LockError{Info: cur.info, Err: b.wrap(fmt.Sprintf("end the session (PostgreSQL process %d) that holds the lock", cur.pid), err)}
	}
	_, _ = b.store.pool.Exec(ctx, `DELETE FROM `+b.store.tables.locks+` WHERE pid = $1`, cur.pid)
	return nil
}

// release removes h's lock information and advisory lock, and closes its
// connection.
func (b *Backend) release(ctx context.Context, h *heldLock) error {
	defer dropConn(h)
	_, err := h.conn.Exec(ctx, `DELETE FROM `+b.store.tables.locks+` WHERE pid = pg_backend_pid()`)
	if err != nil && !isUndefinedTable(err) {
		return err
	}
	var released bool
	if err := h.conn.QueryRow(ctx, `SELECT pg_advisory_unlock($1)`, h.key).Scan(&released); err != nil {
		return err
	}
	if !released {
		return errors.New("the session no longer held the advisory lock")
	}
	return nil
}

// convert moves the lock of a workspace created under the creation lock
// (-1) to its new row's id, as soon as the holder's first write created
// the row: -1 blocks every workspace's lock in the database (Terraform's
// rule), the row's id only this one. Terraform sees the workspace locked
// all along: first by -1, then by the id it tries before -1.
func (s *Store) convert(ctx context.Context, name string, id int64) {
	s.heldMu.Lock()
	defer s.heldMu.Unlock()
	h := s.held[name]
	if h == nil || h.key != creationKey {
		return
	}
	var got bool
	if err := h.conn.QueryRow(ctx, `SELECT pg_try_advisory_lock($1)`, id).Scan(&got); err != nil || !got {
		s.log.Debug("keeping the creation lock: the new row's lock is not free yet", "workspace", name)
		return
	}
	if _, err := h.conn.Exec(ctx, `SELECT pg_advisory_unlock(-1)`); err != nil {
		s.log.Debug("could not release the creation lock", "workspace", name, "error", s.redact(err.Error()))
	}
	h.key = id
}

// dropConn closes h's connection, which releases whatever it still holds.
func dropConn(h *heldLock) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = h.conn.Close(ctx)
}
