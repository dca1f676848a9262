package pgstore

import (
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/trueup/trueup/engine/agent/store"
)

const lockColumns = `stack, forge, repo, pr, url, "user", since`

func scanLock(row pgx.Row) (*store.Lock, error) {
	var l store.Lock
	var since *time.Time
	if err := row.Scan(&l.Stack, &l.Forge, &l.Repo, &l.PR, &l.URL, &l.User, &since); err != nil {
		return nil, err
	}
	l.Since = fromNull(since)
	return &l, nil
}

// LockStack locks l.Stack to l's pull request, or returns the lock
// another pull request holds with ok false (see store.Store.LockStack).
// The insert and the read are one statement each inside a transaction,
// so that two agents locking one stack at once cannot both win.
func (s *Store) LockStack(l *store.Lock) (held *store.Lock, ok bool, err error) {
	c, cancel := ctx()
	defer cancel()
	err = pgx.BeginFunc(c, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(c, `INSERT INTO agent_locks (`+lockColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7)
			ON CONFLICT (stack) DO NOTHING`, l.Stack, l.Forge, l.Repo, l.PR, l.URL, l.User, toNull(l.Since)); err != nil {
			return err
		}
		cur, err := scanLock(tx.QueryRow(c, `SELECT `+lockColumns+` FROM agent_locks WHERE stack = $1`, l.Stack))
		if err != nil {
			return err
		}
		held, ok = cur, cur.SamePR(l)
		return nil
	})
	return held, ok, err
}

// StackLock returns the stack's lock, or nil when it is not locked.
func (s *Store) StackLock(stack string) (*store.Lock, error) {
	c, cancel := ctx()
	defer cancel()
	l, err := scanLock(s.pool.QueryRow(c, `SELECT `+lockColumns+` FROM agent_locks WHERE stack = $1`, stack))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	return l, err
}

// Locks returns every lock, ordered by stack.
func (s *Store) Locks() ([]*store.Lock, error) {
	return s.queryLocks(`SELECT ` + lockColumns + ` FROM agent_locks ORDER BY stack`)
}

// UnlockStack releases the stack's lock and returns it, or
// store.ErrLockNotFound.
func (s *Store) UnlockStack(stack string) (*store.Lock, error) {
	c, cancel := ctx()
	defer cancel()
	l, err := scanLock(s.pool.QueryRow(c, `DELETE FROM agent_locks WHERE stack = $1 RETURNING `+lockColumns, stack))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, store.ErrLockNotFound
	}
	return l, err
}

// UnlockPR releases every lock the pull request holds and returns them,
// ordered by stack.
func (s *Store) UnlockPR(forge, repo string, pr int) ([]*store.Lock, error) {
	return s.queryLocks(`WITH gone AS (DELETE FROM agent_locks WHERE forge = $1 AND repo = $2 AND pr = $3 RETURNING `+lockColumns+`)
		SELECT `+lockColumns+` FROM gone ORDER BY stack`, forge, repo, pr)
}

func (s *Store) queryLocks(sql string, args ...any) ([]*store.Lock, error) {
	c, cancel := ctx()
	defer cancel()
	rows, err := s.pool.Query(c, sql, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*store.Lock
	for rows.Next() {
		l, err := scanLock(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}
