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

// holder is the session that holds an advisory lock, with its lock
// information: what trueup recorded for it, or, for a session without a
// record (Terraform), a description from pg_stat_activity.
type holder struct {
	pid  int32
	info *state.LockInfo
	// recorded is set for a trueup holder, name is its workspace.
	recorded bool
	name     string
}

// holderQuery finds the session holding advisory lock $1 (a bigint key:
// classid holds its high 32 bits, objid its low ones) in this database,
// with what pg_stat_activity shows of it and its trueup record, if any.
const holderQuery = `SELECT l.pid, a.backend_start, coalesce(a.usename::text, ''),
	coalesce(host(a.client_addr), ''), coalesce(a.application_name, ''), %s, %s
FROM pg_locks l
LEFT JOIN pg_stat_activity a ON a.pid = l.pid
%s
WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
	AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
	AND ((l.classid::bigint << 32) | l.objid::bigint) = $1
LIMIT 1`

// holderOf returns the session holding advisory lock key, or nil when
// none does.
func (b *Backend) holderOf(ctx context.Context, key int64) (*holder, error) {
	q := fmt.Sprintf(holderQuery, "t.info", "t.name", `LEFT JOIN `+b.store.tables.locks+
		` t ON t.pid = l.pid AND (a.backend_start IS NULL OR t.backend_start = a.backend_start)`)
	h, err := b.scanHolder(ctx, q, key)
	if isUndefinedTable(err) {
		h, err = b.scanHolder(ctx, fmt.Sprintf(holderQuery, "NULL::text", "NULL::text", ""), key)
	}
	if err != nil {
		return nil, b.wrap("read lock", err)
	}
	return h, nil
}

func (b *Backend) scanHolder(ctx context.Context, q string, key int64) (*holder, error) {
	var (
		pid             int32
		started         *time.Time
		user, addr, app string
		record, name    *string
	)
	err := b.store.pool.QueryRow(ctx, q, key).Scan(&pid, &started, &user, &addr, &app, &record, &name)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	h := &holder{pid: pid}
	if record != nil {
		var info state.LockInfo
		if err := json.Unmarshal([]byte(*record), &info); err == nil && info.ID != "" && name != nil {
			h.info, h.recorded, h.name = &info, true, *name
			return h, nil
		}
	}
	h.info = b.sessionInfo(pid, started, user, addr, app, key)
	return h, nil
}

// sessionInfo describes a lock held by a session that recorded no lock
// information: Terraform, or another client of Terraform's layout. Its
// ID names the session, so that force-unlock can end it; it has no
// lease and is never taken over.
func (b *Backend) sessionInfo(pid int32, started *time.Time, user, addr, app string, key int64) *state.LockInfo {
	if addr == "" {
		addr = "local socket"
	}
	if user == "" {
		user = "unknown user"
	}
	op := "unknown: the PostgreSQL session holds the lock without trueup's lock information (Terraform, or another client)"
	if app != "" {
		op += "; application_name " + app
	}
	info := &state.LockInfo{
		ID:        fmt.Sprintf("pg-session-%d", pid),
		Operation: op,
		Who:       user + "@" + addr,
		Path:      fmt.Sprintf("%s advisory lock %d held by PostgreSQL process %d", b.store.where, key, pid),
	}
	if started != nil {
		info.Created = started.UTC()
	}
	return info
}

// current returns the holder of the workspace's lock: the session holding
// its row's id or, as Lock would also fail then, -1 (unless a trueup
// client holds -1 to create another workspace, while this one has a row).
func (b *Backend) current(ctx context.Context) (*holder, error) {
	if err := b.store.prepare(ctx); err != nil {
		return nil, err
	}
	var id int64
	err := b.store.pool.QueryRow(ctx, `SELECT id FROM `+b.store.tables.states+` WHERE name = $1`, b.name).Scan(&id)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return nil, b.wrap("read lock", err)
	}
	hasRow := err == nil
	if hasRow {
		if h, err := b.holderOf(ctx, id); err != nil || h != nil {
			return h, err
		}
	}
	h, err := b.holderOf(ctx, creationKey)
	if err != nil || h == nil {
		return nil, err
	}
	if hasRow && h.recorded && h.name != b.name {
		return nil, nil
	}
	return h, nil
}
