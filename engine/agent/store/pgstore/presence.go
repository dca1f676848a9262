package pgstore

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/trueup/trueup/engine/agent/store"
)

// presence holds a session-level advisory lock on the agent's id for the
// store's lifetime: other agents read a free lock as "that agent is
// dead" (PostgreSQL drops a killed process's session and its locks), and
// a second process with the same id is refused.
func (s *Store) holdPresence(ctx context.Context) error {
	conn, err := pgx.ConnectConfig(ctx, s.pool.Config().ConnConfig.Copy())
	if err != nil {
		return err
	}
	var ok bool
	if err := conn.QueryRow(ctx, `SELECT pg_try_advisory_lock(hashtext('trueup-agent'), hashtext($1))`, s.agent).Scan(&ok); err != nil {
		conn.Close(ctx)
		return err
	}
	if !ok {
		conn.Close(ctx)
		return fmt.Errorf("an agent with id %q is already running on this database: give each agent its own -agent-id", s.agent)
	}
	s.presence = conn
	return nil
}

// releasePresence gives the agent's id up and ends its session. The
// unlock is explicit: the server frees a closed session's locks only when
// its backend ends, a moment after the client has gone, and until then
// other agents took this one for alive and a restart with its id was
// refused.
func (s *Store) releasePresence(ctx context.Context) {
	_, _ = s.presence.Exec(ctx, `SELECT pg_advisory_unlock(hashtext('trueup-agent'), hashtext($1))`, s.agent)
	s.presence.Close(ctx)
}

// Rescue finds the agents that have unfinished runs but are gone (their
// presence lock is free), marks those runs interrupted and returns them,
// so that the caller runs them again. Each dead agent's runs are rescued
// by exactly one caller.
func (s *Store) Rescue() ([]*store.Run, error) {
	c, cancel := ctx()
	defer cancel()
	rows, err := s.pool.Query(c, `SELECT DISTINCT agent FROM agent_runs
		WHERE outcome IN ('queued', 'running') AND agent <> $1 AND agent <> ''`, s.agent)
	if err != nil {
		return nil, err
	}
	agents, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, err
	}
	var out []*store.Run
	for _, dead := range agents {
		runs, err := s.rescueAgent(c, dead)
		if err != nil {
			return out, err
		}
		out = append(out, runs...)
	}
	if len(out) > 0 {
		// The rescued runs ended: their streams end too.
		if err := s.notify(c, nil, notifyAll); err != nil {
			return out, err
		}
	}
	return out, nil
}

// rescueAgent takes over agent's unfinished runs if it is gone.
func (s *Store) rescueAgent(c context.Context, agent string) ([]*store.Run, error) {
	var out []*store.Run
	err := pgx.BeginFunc(c, s.pool, func(tx pgx.Tx) error {
		var gone bool
		// Held until the transaction ends: the agent cannot come back
		// meanwhile, and other rescuers skip it.
		if err := tx.QueryRow(c, `SELECT pg_try_advisory_xact_lock(hashtext('trueup-agent'), hashtext($1))`, agent).Scan(&gone); err != nil || !gone {
			return err
		}
		rows, err := tx.Query(c, `UPDATE agent_runs SET outcome = $2, finished = $3, error = $4
			WHERE agent = $1 AND outcome IN ('queued', 'running') RETURNING `+runColumns,
			agent, store.OutcomeInterrupted, time.Now().UTC(), fmt.Sprintf("agent %s stopped before the run finished; agent %s runs it again", agent, s.agent))
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			r, err := scanRun(rows)
			if err != nil {
				return err
			}
			out = append(out, r)
		}
		return rows.Err()
	})
	return out, err
}

// Gone reports whether agent is not running on the database: its
// presence lock is free. This agent is never gone.
func (s *Store) Gone(agent string) (bool, error) {
	if agent == s.agent {
		return false, nil
	}
	c, cancel := ctx()
	defer cancel()
	var free bool
	err := pgx.BeginFunc(c, s.pool, func(tx pgx.Tx) error {
		// A transaction-level try-lock on the presence key: it succeeds
		// exactly when no session holds it, and ends with the transaction.
		return tx.QueryRow(c, `SELECT pg_try_advisory_xact_lock(hashtext('trueup-agent'), hashtext($1))`, agent).Scan(&free)
	})
	if err != nil {
		return false, fmt.Errorf("asking whether agent %s is alive: %w", agent, err)
	}
	return free, nil
}
