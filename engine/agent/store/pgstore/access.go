package pgstore

import (
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/trueup/trueup/engine/agent/store"
)

const tokenColumns = `id, name, scope, hash, creator, created, expires, last_used, revoked`

func scanToken(row pgx.Row) (*store.Token, error) {
	var t store.Token
	var created, expires, used, revoked *time.Time
	err := row.Scan(&t.ID, &t.Name, &t.Scope, &t.Hash, &t.Creator, &created, &expires, &used, &revoked)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, store.ErrTokenNotFound
	}
	if err != nil {
		return nil, err
	}
	t.Created, t.Expires, t.LastUsed, t.Revoked = fromNull(created), fromNull(expires), fromNull(used), fromNull(revoked)
	return &t, nil
}

// CreateToken stores a new token; its ID must be unused.
func (s *Store) CreateToken(t *store.Token) error {
	c, cancel := ctx()
	defer cancel()
	tag, err := s.pool.Exec(c, `INSERT INTO agent_tokens (`+tokenColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
		ON CONFLICT (id) DO NOTHING`, t.ID, t.Name, t.Scope, t.Hash, t.Creator,
		toNull(t.Created), toNull(t.Expires), toNull(t.LastUsed), toNull(t.Revoked))
	if err != nil {
		return err
	}
	if tag.RowsAffected() == 0 {
		return errors.New("token ID already in use")
	}
	return nil
}

// Token returns the token with ID id, or store.ErrTokenNotFound.
func (s *Store) Token(id string) (*store.Token, error) {
	c, cancel := ctx()
	defer cancel()
	return scanToken(s.pool.QueryRow(c, `SELECT `+tokenColumns+` FROM agent_tokens WHERE id = $1`, id))
}

// Tokens returns every token, revoked ones included, ordered by ID.
func (s *Store) Tokens() ([]*store.Token, error) {
	c, cancel := ctx()
	defer cancel()
	rows, err := s.pool.Query(c, `SELECT `+tokenColumns+` FROM agent_tokens ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*store.Token
	for rows.Next() {
		t, err := scanToken(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// RevokeToken marks the token revoked at at (a token already revoked
// keeps its first revocation time), or returns store.ErrTokenNotFound.
func (s *Store) RevokeToken(id string, at time.Time) error {
	return s.updateToken(`UPDATE agent_tokens SET revoked = coalesce(revoked, $2) WHERE id = $1`, id, at)
}

// TouchToken records that the token was used at at.
func (s *Store) TouchToken(id string, at time.Time) error {
	return s.updateToken(`UPDATE agent_tokens SET last_used = $2 WHERE id = $1`, id, at)
}

func (s *Store) updateToken(sql, id string, at time.Time) error {
	c, cancel := ctx()
	defer cancel()
	tag, err := s.pool.Exec(c, sql, id, at)
	if err != nil {
		return err
	}
	if tag.RowsAffected() == 0 {
		return store.ErrTokenNotFound
	}
	return nil
}

// AppendAudit records e, assigning its ID, and deletes the events beyond
// store.AuditLimit.
func (s *Store) AppendAudit(e *store.AuditEvent) error {
	c, cancel := ctx()
	defer cancel()
	return pgx.BeginFunc(c, s.pool, func(tx pgx.Tx) error {
		var id int64
		err := tx.QueryRow(c, `INSERT INTO agent_audit (time, principal, action, target, outcome, detail, remote, run)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`, toNull(e.Time), e.Principal, e.Action, e.Target,
			e.Outcome, e.Detail, e.Remote, int64(e.Run)).Scan(&id)
		if err != nil {
			return err
		}
		e.ID = uint64(id)
		_, err = tx.Exec(c, `DELETE FROM agent_audit WHERE id <= $1`, id-store.AuditLimit)
		return err
	})
}

// Audit returns up to limit audit events, newest first (limit <= 0: 100).
func (s *Store) Audit(limit int) ([]*store.AuditEvent, error) {
	if limit <= 0 {
		limit = 100
	}
	c, cancel := ctx()
	defer cancel()
	rows, err := s.pool.Query(c, `SELECT id, time, principal, action, target, outcome, detail, remote, run
		FROM agent_audit ORDER BY id DESC LIMIT $1`, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*store.AuditEvent
	for rows.Next() {
		var e store.AuditEvent
		var id, run int64
		var at *time.Time
		if err := rows.Scan(&id, &at, &e.Principal, &e.Action, &e.Target, &e.Outcome, &e.Detail, &e.Remote, &run); err != nil {
			return nil, err
		}
		e.ID, e.Run, e.Time = uint64(id), uint64(run), fromNull(at)
		out = append(out, &e)
	}
	return out, rows.Err()
}
