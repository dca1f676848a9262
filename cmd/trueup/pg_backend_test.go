package main

import (
	"context"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/trueup/trueup/engine/state"
)

// pgPassword is put in connection strings to prove it is never printed;
// the test server trusts every connection, so any password works.
const pgPassword = "hunter2-pg-secret"

// pgURL returns a fresh database's URL with pgPassword in it.
func pgURL(t *testing.T) string {
	return strings.Replace(sharedPG.Get(t).NewDatabase(t), "postgres@", "postgres:"+pgPassword+"@", 1)
}

// pgQueryRow scans the one row query returns into dest, on a connection
// of its own to the database at url; what names the row in a failure.
func pgQueryRow(t *testing.T, url, what, query string, args []any, dest ...any) {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if err := conn.QueryRow(ctx, query, args...).Scan(dest...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// pgRow returns the state in the workspace's row of the database at url.
func pgRow(t *testing.T, url, name string) *state.State {
	t.Helper()
	var data string
	pgQueryRow(t, url, "row "+name, `SELECT data FROM terraform_remote_state.states WHERE name = $1`, []any{name}, &data)
	st, err := state.Decode([]byte(data))
	if err != nil {
		t.Fatalf("row %q is not a state: %v", name, err)
	}
	return st
}

// noPassword fails the test if a run printed the password.
func noPassword(t *testing.T, rs ...result) {
	t.Helper()
	for _, r := range rs {
		if strings.Contains(r.stdout+r.stderr, pgPassword) {
			t.Fatalf("the output shows the connection's password:\n%s", r)
		}
	}
}

// State moves from local files into PostgreSQL, every workspace a row,
// and back out again; the connection string, given on the command line
// as a secret would be, is never printed.
func TestStateMigratesIntoPGAndBackOut(t *testing.T) {
	t.Parallel()
	url := pgURL(t)
	s := newStack(t, map[string]string{"main.tf": `
resource "random_pet" "name" {}

output "ws" {
  value = terraform.workspace
}
`})
	s.must(0, "apply", "-auto-approve")
	s.must(0, "workspace", "new", "staging")
	s.must(0, "apply", "-auto-approve")
	staging := s.read("terraform.tfstate.d/staging/terraform.tfstate")
	local, _ := stateOutput(t, "local staging", []byte(staging))

	s.write("backend.tf", "terraform {\n  backend \"pg\" {}\n}\n")
	r1 := s.must(1, "init", "-backend-config=conn_str="+url)
	wantContains(t, r1, "-migrate-state")
	r2 := s.must(0, "init", "-migrate-state", "-force-copy", "-backend-config=conn_str="+url)
	if got := pgRow(t, url, "staging"); got.Lineage != local.Lineage || got.Serial != local.Serial {
		t.Fatalf("migrated staging row has lineage %s serial %d, want %s %d", got.Lineage, got.Serial, local.Lineage, local.Serial)
	}
	r3 := s.must(0, "workspace", "list")
	if r3.stdout != "  default\n* staging\n\n" {
		t.Fatalf("workspace list on pg after migration printed %q", r3.stdout)
	}
	r4 := s.must(0, "plan", "-detailed-exitcode")
	r5 := s.must(0, "state", "lock-info")
	wantContains(t, r5, "is not locked")
	noPassword(t, r1, r2, r3, r4, r5)
	s.must(0, "workspace", "new", "scratch")
	pgRow(t, url, "scratch") // workspace new writes an empty state row, as Terraform does
	s.must(0, "workspace", "select", "staging")
	s.must(0, "workspace", "delete", "scratch")
	if r := s.must(0, "workspace", "list"); r.stdout != "  default\n* staging\n\n" {
		t.Fatalf("workspace list after delete printed %q", r.stdout)
	}

	// And out again, to local files.
	s.write("backend.tf", "")
	s.must(0, "init", "-migrate-state", "-force-copy")
	back, _ := stateOutput(t, "staging back from pg", []byte(s.read("terraform.tfstate.d/staging/terraform.tfstate")))
	if back.Lineage != local.Lineage || back.Serial != local.Serial {
		t.Fatalf("staging back from pg: lineage %s serial %d, want %s %d", back.Lineage, back.Serial, local.Lineage, local.Serial)
	}
	s.must(0, "plan", "-detailed-exitcode")
}

// The lock of an apply killed with SIGKILL goes with its connection: a
// second process sees the holder while it runs, and nothing once it is
// dead, without waiting for a lease or a force-unlock.
func TestPGLockOfAKilledApplyGoesWithItsConnection(t *testing.T) {
	t.Parallel()
	url := pgURL(t)
	files := interruptConfig("120s")
	files["backend.tf"] = "terraform {\n  backend \"pg\" {}\n}\n"
	s := newStack(t, files)
	s.setenv("PG_CONN_STR", url)
	bg := startSlowApply(t, s)

	info := s.must(0, "state", "lock-info")
	wantContains(t, info, "Operation: apply", whoAmI(t), "Expires:")
	r := s.must(1, "plan", "-lock-timeout=0s")
	wantContains(t, r, "state locked by "+whoAmI(t), "for apply")
	noPassword(t, info, r, result{stdout: bg.output()})

	if err := bg.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	bg.wait(t, 30*time.Second)
	waitFor(t, "the killed apply's session to end", 30*time.Second, func() bool {
		return strings.Contains(s.run("state", "lock-info").stdout, "is not locked")
	})
	// What completed before the kill was persisted; the rerun finishes
	// the rest without a lock timeout.
	s.write("main.tf", strings.Replace(files["main.tf"], `"120s"`, `"1s"`, 1))
	s.must(0, "apply", "-auto-approve", "-lock-timeout=0s")
	wantAddresses(t, pgRow(t, url, "default"), "time_sleep.slow", "null_resource.after_slow", "null_resource.fast", "local_file.f")
}

// terraform_remote_state reads another stack's outputs from PostgreSQL,
// any workspace, and the connection string in its configuration is
// never printed.
func TestRemoteStateDataSourcePG(t *testing.T) {
	t.Parallel()
	url := pgURL(t)
	pgEnv := func(s *stack) *stack {
		s.setenv("PG_CONN_STR", url)
		return s
	}
	pgEnv(producerStack(t, `backend "pg" {}`, "default")).must(0, "apply", "-auto-approve")
	staging := pgEnv(producerStack(t, `backend "pg" {}`, "staging"))
	staging.must(0, "workspace", "new", "staging")
	staging.must(0, "apply", "-auto-approve")

	c := consumerStack(t, "pg", `{ conn_str = "`+url+`" }`)
	r := c.must(0, "apply", "-auto-approve", "-no-color")
	wantContains(t, r, `cidr = "10.0.0.0/16"`, `name = "default"`, `region = "eu-west-1"`)
	p := c.must(0, "plan", "-detailed-exitcode")
	noPassword(t, r, p)

	ws := consumerStack(t, "pg", `{ conn_str = "`+url+`" }`)
	ws.write("main.tf", strings.Replace(ws.read("main.tf"), `backend = "pg"`, "backend = \"pg\"\n  workspace = \"staging\"", 1))
	r = ws.must(0, "apply", "-auto-approve", "-no-color")
	wantContains(t, r, `name = "staging"`)
	noPassword(t, r)

	// An unreachable server is an error that names it, not the password.
	bad := consumerStack(t, "pg", `{ conn_str = "postgres://app:`+pgPassword+`@127.0.0.1:1/db?connect_timeout=2" }`)
	r = bad.must(1, "plan", "-no-color")
	wantContains(t, r, "127.0.0.1:1/db", "failed to connect")
	noPassword(t, r)
}

// pgJournal returns the live rows of the workspace's state journal and
// their data concatenated (docs/pg-backend.md, "The journal").
func pgJournal(t *testing.T, url, name string) (int, string) {
	t.Helper()
	var n int
	var data string
	pgQueryRow(t, url, "journal of "+name, `SELECT count(*), coalesce(string_agg(convert_from(data, 'UTF8'), '' ORDER BY seq), '')
FROM terraform_remote_state.trueup_state_journal WHERE name = $1 AND set_aside_at IS NULL`, []any{name}, &n, &data)
	return n, data
}

// An apply over a stored state in PostgreSQL journals its records every
// interval (rows of trueup_state_journal, not whole documents); killed
// with SIGKILL, what it journaled is what the next command reads, and the
// apply after folds the journal into the row.
func TestPGKillDashNineMidApplyKeepsTheJournaledRecords(t *testing.T) {
	t.Parallel()
	url := pgURL(t)
	backend := "terraform {\n  backend \"pg\" {}\n}\n"
	s := newStack(t, map[string]string{"main.tf": `resource "null_resource" "base" {}`, "backend.tf": backend})
	s.setenv("PG_CONN_STR", url)
	s.must(0, "apply", "-auto-approve", "-no-color")
	files := interruptConfig("120s")
	s.write("main.tf", files["main.tf"]+"\nresource \"null_resource\" \"base\" {}\n")
	bg := startSlowApply(t, s)
	waitFor(t, "the apply to journal its records", 30*time.Second, func() bool {
		_, data := pgJournal(t, url, "default")
		return strings.Contains(data, `"name":"fast"`) && strings.Contains(data, `"type":"local_file"`)
	})
	if err := bg.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	bg.wait(t, 30*time.Second)
	// The row is the first apply's document: the records are journaled.
	wantAddresses(t, pgRow(t, url, "default"), "null_resource.base")
	waitFor(t, "the killed apply's session to end", 30*time.Second, func() bool {
		return strings.Contains(s.run("state", "lock-info").stdout, "is not locked")
	})
	listed := strings.Fields(s.must(0, "state", "list").stdout)
	for _, want := range []string{"null_resource.base", "null_resource.fast", "local_file.f"} {
		if !slices.Contains(listed, want) {
			t.Errorf("state list after the kill shows %v, want %s (journaled)", listed, want)
		}
	}
	s.write("main.tf", strings.Replace(s.read("main.tf"), `"120s"`, `"1s"`, 1))
	r := s.must(0, "apply", "-auto-approve", "-no-color", "-lock-timeout=0s")
	wantContains(t, r, "2 added, 0 changed, 0 destroyed")
	wantAddresses(t, pgRow(t, url, "default"), "null_resource.base", "time_sleep.slow", "null_resource.after_slow", "null_resource.fast", "local_file.f")
	if n, _ := pgJournal(t, url, "default"); n != 0 {
		t.Errorf("%d journal rows after the converging apply, want none", n)
	}
	s.must(0, "plan", "-detailed-exitcode", "-no-color")
}
