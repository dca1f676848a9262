package pg_test

import (
	"context"
	"testing"

	"github.com/hashicorp/go-hclog"
	"github.com/jackc/pgx/v5"

	"github.com/trueup/trueup/engine/state/pg"
	"github.com/trueup/trueup/internal/pgtest"
)

// mustNew returns a backend on cfg, closed when the test ends.
func mustNew(t *testing.T, cfg pg.Config, log hclog.Logger) *pg.Backend {
	t.Helper()
	b, err := pg.New(context.Background(), cfg, log)
	if err != nil {
		t.Fatalf("pg.New: %v", err)
	}
	t.Cleanup(func() { _ = b.Close() })
	return b
}

// mustStore returns a store on cfg, closed when the test ends.
func mustStore(t *testing.T, cfg pg.Config) *pg.Store {
	t.Helper()
	s, err := pg.NewStore(context.Background(), cfg, nil)
	if err != nil {
		t.Fatalf("pg.NewStore: %v", err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// sql runs statements on the database at url as a client we did not
// write the backend with would.
func sql(t *testing.T, url string) *pgx.Conn {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), url)
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	t.Cleanup(func() { _ = conn.Close(context.Background()) })
	return conn
}

// server is one PostgreSQL server for the package's tests.
var server *pgtest.Server
