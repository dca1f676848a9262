package pgstore

import (
	"context"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/trueup/trueup/engine/agent/store"
)

func pool(t *testing.T, url string) *pgxpool.Pool {
	t.Helper()
	p, err := pgxpool.New(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Close)
	return p
}

func version(t *testing.T, p *pgxpool.Pool) int64 {
	t.Helper()
	var v int64
	err := p.QueryRow(context.Background(), `SELECT max(version_id) FROM `+versionTable).Scan(&v)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestMigrateFromEmpty: Open creates every table of the latest schema in
// an empty database, and opening again changes nothing.
func TestMigrateFromEmpty(t *testing.T) {
	url := server.NewDatabase(t)
	mustOpen(t, url, "a").Close()
	p := pool(t, url)
	if v := version(t, p); v != Latest() || Latest() < 2 {
		t.Fatalf("schema version = %d, want the latest (%d)", v, Latest())
	}
	var tables []string
	rows, err := p.Query(context.Background(), `SELECT table_name FROM information_schema.tables
		WHERE table_schema = 'public' ORDER BY table_name`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var n string
		_ = rows.Scan(&n)
		tables = append(tables, n)
	}
	if got := strings.Join(tables, ","); got != "agent_audit,agent_claims,agent_leases,agent_locks,agent_logs,agent_plans,agent_runs,agent_schema_version,agent_stacks,agent_tokens" {
		t.Errorf("tables = %s", got)
	}
	mustOpen(t, url, "a").Close()
	if v := version(t, p); v != Latest() {
		t.Errorf("reopening moved the version to %d", v)
	}
}

// TestMigrateFromPreviousVersion: a database left by the previous
// release, with runs in it, is upgraded on Open and keeps its runs.
func TestMigrateFromPreviousVersion(t *testing.T) {
	url := server.NewDatabase(t)
	p := pool(t, url)
	prev := Latest() - 1
	if err := Migrate(context.Background(), p, prev); err != nil {
		t.Fatal(err)
	}
	if v := version(t, p); v != prev {
		t.Fatalf("version = %d, want %d", v, prev)
	}
	// A run as the previous schema (without the agent column) held it.
	_, err := p.Exec(context.Background(), `INSERT INTO agent_runs (stack, kind, commit, outcome, summary, queued)
		VALUES ('prod', 'apply', 'abc', 'succeeded', '{"add":1,"applied":true}', now());
		INSERT INTO agent_plans (run_id, text) VALUES (1, 'Plan: 1 to add');
		INSERT INTO agent_logs (run_id, message) VALUES (1, 'applied')`)
	if err != nil {
		t.Fatal(err)
	}
	s := mustOpen(t, url, "a")
	defer s.Close()
	if v := version(t, p); v != Latest() {
		t.Fatalf("version after Open = %d, want %d", v, Latest())
	}
	r, err := s.Get(1)
	if err != nil || r.Stack != "prod" || r.Commit != "abc" || !r.Summary.Applied || r.Summary.Add != 1 || r.Agent != "" || r.Queued.IsZero() {
		t.Fatalf("old run after migrating = %+v, %v", r, err)
	}
	plan, _ := s.Plan(1)
	log, _ := s.Log(1)
	if plan.Text != "Plan: 1 to add" || plan.Graph != nil || plan.ChangesDigest != "" || len(log) != 1 || log[0].Message != "applied" {
		t.Errorf("old plan %q and log %+v after migrating", plan.Text, log)
	}
	next := &store.Run{Stack: "prod", Outcome: store.OutcomeQueued}
	if err := s.Create(next); err != nil || next.ID != 2 || next.Agent != "a" {
		t.Errorf("new run = %+v, %v; want ID 2 by agent a", next, err)
	}
}

// TestNewerSchemaIsRefused: an agent older than the database's schema
// refuses to start rather than write rows it does not understand.
func TestNewerSchemaIsRefused(t *testing.T) {
	url := server.NewDatabase(t)
	mustOpen(t, url, "a").Close()
	p := pool(t, url)
	if _, err := p.Exec(context.Background(), `INSERT INTO `+versionTable+` (version_id, is_applied) VALUES ($1, true)`, Latest()+1); err != nil {
		t.Fatal(err)
	}
	_, err := Open(context.Background(), url, "a")
	if err == nil || !strings.Contains(err.Error(), "newer than this agent's") {
		t.Fatalf("Open = %v, want a refusal of the newer schema", err)
	}
}
