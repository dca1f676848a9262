package pgstore

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/trueup/trueup/engine/agent/store"
)

// timeout bounds each call: the agent's store methods take no context,
// and a database that stops answering must not hang a run forever.
const timeout = 30 * time.Second

// Store is the run history in PostgreSQL. It is safe for concurrent use,
// by goroutines and by other agents' Stores on the same database.
type Store struct {
	pool  *pgxpool.Pool
	agent string
	// presence is the connection holding the agent's presence lock.
	presence *pgx.Conn
	// changes signals the subscribers of runs; a listener connection
	// feeds it every agent's notifications (notify.go).
	changes    store.Broadcast
	stopListen context.CancelFunc
	listenDone chan struct{}
}

// Open connects to the database at url (postgres://…), migrates its
// schema to the latest version, and returns the store of agent (the id
// stamped on the runs it creates).
func Open(ctx context.Context, url, agent string) (*Store, error) {
	pool, err := pgxpool.New(ctx, url)
	if err != nil {
		return nil, fmt.Errorf("agent store: %w", err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("agent store: connecting: %w", err)
	}
	if err := Migrate(ctx, pool, 0); err != nil {
		pool.Close()
		return nil, fmt.Errorf("agent store: %w", err)
	}
	s := &Store{pool: pool, agent: agent}
	if err := s.pruneClaims(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("agent store: %w", err)
	}
	if err := s.holdPresence(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("agent store: %w", err)
	}
	if err := s.startListener(ctx); err != nil {
		s.presence.Close(ctx)
		pool.Close()
		return nil, fmt.Errorf("agent store: listening for run changes: %w", err)
	}
	return s, nil
}

// Close closes the connections.
func (s *Store) Close() error {
	s.stopListener()
	c, cancel := ctx()
	defer cancel()
	s.releasePresence(c)
	s.pool.Close()
	return nil
}

// Agent is the id of the agent this store records for.
func (s *Store) Agent() string { return s.agent }

func ctx() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), timeout)
}

// runColumns are read by scanRun, in its order.
const runColumns = `id, stack, kind, trigger, ref, commit, author, message, pr, outcome, summary,
	error, attempts, agent, queued, started, finished, requested_by`

func scanRun(row pgx.Row) (*store.Run, error) {
	var r store.Run
	var id int64
	var queued, started, finished *time.Time
	err := row.Scan(&id, &r.Stack, &r.Kind, &r.Trigger, &r.Ref, &r.Commit, &r.Author, &r.Message, &r.PR, &r.Outcome,
		&r.Summary, &r.Error, &r.Attempts, &r.Agent, &queued, &started, &finished, &r.RequestedBy)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, store.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	r.ID = uint64(id)
	r.Queued, r.Started, r.Finished = fromNull(queued), fromNull(started), fromNull(finished)
	return &r, nil
}

// Create records a new run, assigning its ID; a run without an agent id
// gets the store's.
func (s *Store) Create(r *store.Run) error {
	c, cancel := ctx()
	defer cancel()
	if r.Agent == "" {
		r.Agent = s.agent
	}
	var id int64
	err := s.pool.QueryRow(c, `INSERT INTO agent_runs (stack, kind, trigger, ref, commit, author, message, pr, outcome,
		summary, error, attempts, agent, queued, started, finished, requested_by)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) RETURNING id`,
		r.Stack, r.Kind, r.Trigger, r.Ref, r.Commit, r.Author, r.Message, r.PR, r.Outcome, r.Summary, r.Error, r.Attempts,
		r.Agent, toNull(r.Queued), toNull(r.Started), toNull(r.Finished), r.RequestedBy).Scan(&id)
	if err != nil {
		return fmt.Errorf("recording a run: %w", err)
	}
	r.ID = uint64(id)
	return nil
}

// Update changes the run with fn and stores it; it returns the result.
// The row is locked meanwhile, so that two agents' updates of one run
// never lose one another's changes.
func (s *Store) Update(id uint64, fn func(r *store.Run)) (*store.Run, error) {
	c, cancel := ctx()
	defer cancel()
	var out *store.Run
	err := pgx.BeginFunc(c, s.pool, func(tx pgx.Tx) error {
		r, err := scanRun(tx.QueryRow(c, `SELECT `+runColumns+` FROM agent_runs WHERE id = $1 FOR UPDATE`, int64(id)))
		if err != nil {
			return err
		}
		fn(r)
		r.ID = id
		if err := s.notify(c, tx, runPayload(id)); err != nil {
			return err
		}
		_, err = tx.Exec(c, `UPDATE agent_runs SET stack = $2, kind = $3, trigger = $4, ref = $5, commit = $6, author = $7,
			message = $8, pr = $9, outcome = $10, summary = $11, error = $12, attempts = $13, agent = $14, queued = $15,
			started = $16, finished = $17, requested_by = $18 WHERE id = $1`,
			int64(id), r.Stack, r.Kind, r.Trigger, r.Ref, r.Commit, r.Author, r.Message, r.PR, r.Outcome, r.Summary, r.Error,
			r.Attempts, r.Agent, toNull(r.Queued), toNull(r.Started), toNull(r.Finished), r.RequestedBy)
		out = r
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Get returns the run with ID id, or store.ErrNotFound.
func (s *Store) Get(id uint64) (*store.Run, error) {
	c, cancel := ctx()
	defer cancel()
	return scanRun(s.pool.QueryRow(c, `SELECT `+runColumns+` FROM agent_runs WHERE id = $1`, int64(id)))
}

// List returns runs of every agent, newest first.
func (s *Store) List(f store.Filter) ([]*store.Run, error) {
	if f.Limit <= 0 {
		f.Limit = 100
	}
	c, cancel := ctx()
	defer cancel()
	rows, err := s.pool.Query(c, `SELECT `+runColumns+` FROM agent_runs WHERE $1 = '' OR stack = $1 ORDER BY id DESC LIMIT $2`,
		f.Stack, f.Limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*store.Run
	for rows.Next() {
		r, err := scanRun(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// toNull stores a zero time as NULL; fromNull reads it back as zero, and
// any other time in UTC.
func toNull(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

func fromNull(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return t.UTC()
}
