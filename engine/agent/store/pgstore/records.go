package pgstore

import (
	"encoding/json"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/trueup/trueup/engine/agent/store"
)

// SetPlan stores the run's plan, replacing any earlier one.
func (s *Store) SetPlan(id uint64, p store.Plan) error {
	c, cancel := ctx()
	defer cancel()
	var graph []byte
	if p.Graph != nil {
		var err error
		if graph, err = json.Marshal(p.Graph); err != nil {
			return err
		}
	}
	_, err := s.pool.Exec(c, `INSERT INTO agent_plans (run_id, text, json, state_lineage, state_serial, graph, changes_digest)
		VALUES ($1, $2, $3, $4, $5, $6, $7)
		ON CONFLICT (run_id) DO UPDATE SET text = EXCLUDED.text, json = EXCLUDED.json, state_lineage = EXCLUDED.state_lineage,
		state_serial = EXCLUDED.state_serial, graph = EXCLUDED.graph, changes_digest = EXCLUDED.changes_digest`,
		int64(id), p.Text, p.JSON, p.StateLineage, int64(p.StateSerial), graph, p.ChangesDigest)
	if err != nil {
		return err
	}
	return s.notify(c, nil, runPayload(id))
}

// Plan returns the run's plan; a run without one has an empty Plan.
func (s *Store) Plan(id uint64) (store.Plan, error) {
	c, cancel := ctx()
	defer cancel()
	var p store.Plan
	var serial int64
	var graph []byte
	err := s.pool.QueryRow(c, `SELECT text, json, state_lineage, state_serial, graph, changes_digest FROM agent_plans WHERE run_id = $1`,
		int64(id)).Scan(&p.Text, &p.JSON, &p.StateLineage, &serial, &graph, &p.ChangesDigest)
	p.StateSerial = uint64(serial)
	if errors.Is(err, pgx.ErrNoRows) {
		return store.Plan{}, nil
	}
	if err == nil && graph != nil {
		err = json.Unmarshal(graph, &p.Graph)
	}
	return p, err
}

// AppendLog adds entries to the run's log.
func (s *Store) AppendLog(id uint64, entries ...store.LogEntry) error {
	if len(entries) == 0 {
		return nil
	}
	c, cancel := ctx()
	defer cancel()
	b := &pgx.Batch{}
	for _, e := range entries {
		b.Queue(`INSERT INTO agent_logs (run_id, time, level, message) VALUES ($1, $2, $3, $4)`,
			int64(id), toNull(e.Time), e.Level, e.Message)
	}
	b.Queue(`SELECT pg_notify($1, $2)`, runsChannel, runPayload(id))
	return pgx.BeginFunc(c, s.pool, func(tx pgx.Tx) error { return tx.SendBatch(c, b).Close() })
}

// Log returns the run's log in order.
func (s *Store) Log(id uint64) ([]store.LogEntry, error) {
	c, cancel := ctx()
	defer cancel()
	rows, err := s.pool.Query(c, `SELECT time, level, message FROM agent_logs WHERE run_id = $1 ORDER BY seq`, int64(id))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []store.LogEntry
	for rows.Next() {
		var e store.LogEntry
		var t *time.Time
		if err := rows.Scan(&t, &e.Level, &e.Message); err != nil {
			return nil, err
		}
		e.Time = fromNull(t)
		out = append(out, e)
	}
	return out, rows.Err()
}

// StackStatus returns what is remembered about the stack (zero if none).
func (s *Store) StackStatus(name string) (store.StackStatus, error) {
	c, cancel := ctx()
	defer cancel()
	var st store.StackStatus
	var raw []byte
	err := s.pool.QueryRow(c, `SELECT status FROM agent_stacks WHERE name = $1`, name).Scan(&raw)
	if errors.Is(err, pgx.ErrNoRows) {
		return st, nil
	}
	if err != nil {
		return st, err
	}
	return st, json.Unmarshal(raw, &st)
}

// UpdateStackStatus changes the stack's status with fn, with the row
// locked so that agents updating one stack do not lose changes.
func (s *Store) UpdateStackStatus(name string, fn func(st *store.StackStatus)) error {
	c, cancel := ctx()
	defer cancel()
	return pgx.BeginFunc(c, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(c, `INSERT INTO agent_stacks (name, status) VALUES ($1, '{}') ON CONFLICT DO NOTHING`, name); err != nil {
			return err
		}
		var raw []byte
		if err := tx.QueryRow(c, `SELECT status FROM agent_stacks WHERE name = $1 FOR UPDATE`, name).Scan(&raw); err != nil {
			return err
		}
		var st store.StackStatus
		if err := json.Unmarshal(raw, &st); err != nil {
			return err
		}
		fn(&st)
		data, err := json.Marshal(&st)
		if err != nil {
			return err
		}
		_, err = tx.Exec(c, `UPDATE agent_stacks SET status = $2 WHERE name = $1`, name, data)
		return err
	})
}

// Prune keeps the newest keep finished runs of stack and deletes the older
// finished ones with their plans and logs; it returns how many it
// deleted. Unfinished runs are never deleted and do not count; keep <= 0
// keeps everything. IDs are never reused.
func (s *Store) Prune(stack string, keep int) (int, error) {
	if keep <= 0 {
		return 0, nil
	}
	c, cancel := ctx()
	defer cancel()
	tag, err := s.pool.Exec(c, `DELETE FROM agent_runs WHERE stack = $1 AND outcome NOT IN ('queued', 'running')
		AND id NOT IN (SELECT id FROM agent_runs WHERE stack = $1 AND outcome NOT IN ('queued', 'running')
			ORDER BY id DESC LIMIT $2)`, stack, keep)
	if err != nil {
		return 0, err
	}
	return int(tag.RowsAffected()), nil
}

// MarkInterrupted marks the runs this store's agent left queued or
// running (a previous process of the same agent id stopped) as
// interrupted, and returns how many there were. Other agents' runs are
// left alone: they may be running now.
func (s *Store) MarkInterrupted(at time.Time) (int, error) {
	c, cancel := ctx()
	defer cancel()
	tag, err := s.pool.Exec(c, `UPDATE agent_runs SET outcome = $2, finished = $3,
		error = CASE WHEN error = '' THEN 'the agent stopped before the run finished' ELSE error END
		WHERE agent = $1 AND outcome IN ('queued', 'running')`, s.agent, store.OutcomeInterrupted, at)
	if err != nil {
		return 0, err
	}
	if tag.RowsAffected() > 0 {
		if err := s.notify(c, nil, notifyAll); err != nil {
			return 0, err
		}
	}
	return int(tag.RowsAffected()), nil
}
