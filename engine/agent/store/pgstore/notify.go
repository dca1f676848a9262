package pgstore

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
)

// runsChannel is the PostgreSQL notification channel on which every
// agent of a fleet announces the runs it changed (payload: the run's ID,
// or "*" for many), so that each agent's dashboard streams the runs that
// the others execute.
const runsChannel = "trueup_runs"

// notifyAll is the payload for "every run may have changed".
const notifyAll = "*"

// relistenDelay is how long the listener waits before connecting again
// after losing its connection.
var relistenDelay = time.Second

// Subscribe returns a channel that receives after run id's record, plan or
// log changed, by this agent or another on the same database; cancel ends
// the subscription.
func (s *Store) Subscribe(id uint64) (<-chan struct{}, func()) { return s.changes.Subscribe(id) }

// notify announces, within tx (or, when tx is nil, at once), that run id
// changed. PostgreSQL delivers a notification when its transaction
// commits, to every listening session: this store's listener included.
func (s *Store) notify(c context.Context, tx pgx.Tx, payload string) error {
	var err error
	if tx != nil {
		_, err = tx.Exec(c, `SELECT pg_notify($1, $2)`, runsChannel, payload)
	} else {
		_, err = s.pool.Exec(c, `SELECT pg_notify($1, $2)`, runsChannel, payload)
	}
	return err
}

func runPayload(id uint64) string { return strconv.FormatUint(id, 10) }

// startListener opens the listening connection and starts the goroutine
// that turns notifications into Broadcast signals. The first LISTEN is
// made before it returns, so that no change after Open is missed.
func (s *Store) startListener(ctx context.Context) error {
	conn, err := s.listenConn(ctx)
	if err != nil {
		return err
	}
	lctx, cancel := context.WithCancel(context.Background())
	s.stopListen, s.listenDone = cancel, make(chan struct{})
	go s.listen(lctx, conn)
	return nil
}

func (s *Store) listenConn(ctx context.Context) (*pgx.Conn, error) {
	conn, err := pgx.ConnectConfig(ctx, s.pool.Config().ConnConfig.Copy())
	if err != nil {
		return nil, err
	}
	if _, err := conn.Exec(ctx, `LISTEN `+runsChannel); err != nil {
		conn.Close(ctx)
		return nil, err
	}
	return conn, nil
}

// listen waits for notifications until ctx ends. When the connection is
// lost it connects again and signals every subscriber, which then read
// their runs afresh: what changed meanwhile is not lost.
func (s *Store) listen(ctx context.Context, conn *pgx.Conn) {
	defer close(s.listenDone)
	for {
		for conn != nil {
			n, err := conn.WaitForNotification(ctx)
			if err != nil {
				conn.Close(context.Background())
				conn = nil
				break
			}
			if n.Payload == notifyAll {
				s.changes.NotifyAll()
			} else if id, err := strconv.ParseUint(n.Payload, 10, 64); err == nil {
				s.changes.Notify(id)
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(relistenDelay):
		}
		c, cancel := context.WithTimeout(ctx, timeout)
		var err error
		conn, err = s.listenConn(c)
		cancel()
		if err != nil && !errors.Is(err, context.Canceled) {
			conn = nil
		}
		if conn != nil {
			s.changes.NotifyAll()
		}
	}
}

// stopListener ends the listener and waits for it.
func (s *Store) stopListener() {
	if s.stopListen != nil {
		s.stopListen()
		<-s.listenDone
	}
}
