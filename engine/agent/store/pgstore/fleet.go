package pgstore

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// claimsKept is how long claims are remembered: a trigger repeated after
// that (a webhook redelivered a week later) starts a run again.
const claimsKept = 7 * 24 * time.Hour

// Claim reports true to exactly one caller per key among all agents on
// the database: the one that starts the run the key names.
func (s *Store) Claim(key string) (bool, error) {
	c, cancel := ctx()
	defer cancel()
	tag, err := s.pool.Exec(c, `INSERT INTO agent_claims (key, agent) VALUES ($1, $2) ON CONFLICT DO NOTHING`, key, s.agent)
	if err != nil {
		return false, fmt.Errorf("claiming %s: %w", key, err)
	}
	return tag.RowsAffected() == 1, nil
}

// pruneClaims forgets claims older than claimsKept.
func (s *Store) pruneClaims(c context.Context) error {
	_, err := s.pool.Exec(c, `DELETE FROM agent_claims WHERE at < $1`, time.Now().Add(-claimsKept))
	return err
}

// Lease takes stack for one run of this agent: a session-level advisory
// lock on a connection of its own, held until release is called, or
// until the agent dies and PostgreSQL closes its connection. When another
// agent holds it, Lease returns a nil release and that agent's id.
func (s *Store) Lease(ctx context.Context, stack string) (release func(), holder string, err error) {
	conn, err := pgx.ConnectConfig(ctx, s.pool.Config().ConnConfig.Copy())
	if err != nil {
		return nil, "", fmt.Errorf("stack lease: %w", err)
	}
	var ok bool
	err = conn.QueryRow(ctx, `SELECT pg_try_advisory_lock(hashtext('trueup-stack'), hashtext($1))`, stack).Scan(&ok)
	if err == nil && !ok {
		err = conn.QueryRow(ctx, `SELECT agent FROM agent_leases WHERE stack = $1`, stack).Scan(&holder)
		if errors.Is(err, pgx.ErrNoRows) {
			holder, err = "another agent", nil
		}
	}
	if err == nil && ok {
		_, err = conn.Exec(ctx, `INSERT INTO agent_leases (stack, agent, since) VALUES ($1, $2, now())
			ON CONFLICT (stack) DO UPDATE SET agent = EXCLUDED.agent, since = EXCLUDED.since`, stack, s.agent)
	}
	if err != nil || !ok {
		conn.Close(context.Background())
		if err != nil {
			return nil, "", fmt.Errorf("stack lease: %w", err)
		}
		return nil, holder, nil
	}
	return func() {
		// Closing the session releases the advisory lock.
		c, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		conn.Close(c)
	}, "", nil
}

// Unclaim forgets key, so that the trigger may start its run again (the
// run it started was interrupted).
func (s *Store) Unclaim(key string) error {
	c, cancel := ctx()
	defer cancel()
	_, err := s.pool.Exec(c, `DELETE FROM agent_claims WHERE key = $1`, key)
	return err
}

// Claimed reports whether some agent claimed key.
func (s *Store) Claimed(key string) (bool, error) {
	c, cancel := ctx()
	defer cancel()
	var ok bool
	if err := s.pool.QueryRow(c, `SELECT EXISTS (SELECT 1 FROM agent_claims WHERE key = $1)`, key).Scan(&ok); err != nil {
		return false, fmt.Errorf("reading claim %s: %w", key, err)
	}
	return ok, nil
}
