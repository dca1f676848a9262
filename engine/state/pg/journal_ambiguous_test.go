package pg_test

import (
	"context"
	"fmt"

	"errors"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/trueup/trueup/engine/state"
	"github.com/trueup/trueup/engine/state/pg"
)

// An append commits while another client's whole Write waits for the
// states row (the append holds it FOR SHARE). The writer read before the
// append: its Write must be stale. Under READ COMMITTED checkJournal's
// statement sees the append; in a database whose default isolation is
// REPEATABLE READ (ALTER DATABASE ... SET default_transaction_isolation,
// or the conn_str), the write's snapshot is taken by its SELECT ... FOR
// UPDATE before it waits, checkJournal counts no append, and the stale
// writer wins: the document replaces the one the append followed.
func TestJournalWriteIsStaleOverAnAppendCommittedWhileItWaitsAtAnyIsolation(t *testing.T) {
	for _, iso := range []string{"read committed", "repeatable read"} {
		t.Run(iso, func(t *testing.T) {
			d, b, work := journaled(t, state.Codec{})
			ctx := t.Context()
			admin := sql(t, d.url)
			if _, err := admin.Exec(ctx, `DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET default_transaction_isolation = %L', current_database(), '`+iso+`'); END $$`); err != nil {
				t.Fatal(err)
			}
			writer := d.client(t) // new connections: the database default applies
			s, err := writer.Read(ctx)
			if err != nil {
				t.Fatal(err)
			}
			var got string
			if err := sql(t, d.url).QueryRow(ctx, `SHOW transaction_isolation`).Scan(&got); err != nil || got != iso {
				t.Fatalf("isolation of a new connection: %q, %v", got, err)
			}

			// Hold b's append up at the unique index, after it locked
			// the states row FOR SHARE: an uncommitted row with its
			// sequence number.
			blocker, err := sql(t, d.url).Begin(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer blocker.Rollback(ctx)
			if _, err := blocker.Exec(ctx, `INSERT INTO terraform_remote_state.trueup_state_journal
 (name, base_id, base_sha256, base_lineage, base_serial, seq, data)
 SELECT name, id, sha256(convert_to(data, 'UTF8')), '', 0, 1, ''::bytea FROM terraform_remote_state.states WHERE name = 'default'`); err != nil {
				t.Fatal(err)
			}
			appended := make(chan error, 1)
			go func() { appended <- appendRound(t, b, work, 1) }()
			waitLockWaiters(t, d.url, 1)
			s.Serial++
			s.SetInstance(res("writer"), nullProvider, inst("w"))
			wrote := make(chan error, 1)
			go func() { wrote <- writer.Write(ctx, s) }()
			waitLockWaiters(t, d.url, 2)
			if err := blocker.Rollback(ctx); err != nil {
				t.Fatal(err)
			}
			if err := <-appended; err != nil {
				t.Fatalf("append: %v", err)
			}
			if err := <-wrote; !errors.Is(err, state.ErrStale) {
				live, aside, _ := journalRows(t, d.url)
				t.Fatalf("write by a client that read before the append (committed while the write waited) = %v; want ErrStale. "+
					"The append's records are not in the document written (%d live, %d set-aside journal rows)", err, live, aside)
			}
		})
	}
}

// An append waits for the states row, locked by a write that then
// commits: the append must fail as stale (the row changed), at any
// default isolation. Under REPEATABLE READ the statement would fail with
// a serialization error instead, which the persister cannot tell from a
// lost connection.
func TestJournalAppendIsStaleOverAWriteCommittedWhileItWaitsAtAnyIsolation(t *testing.T) {
	for _, iso := range []string{"read committed", "repeatable read"} {
		t.Run(iso, func(t *testing.T) {
			d, _, _ := journaled(t, state.Codec{})
			ctx := t.Context()
			if _, err := sql(t, d.url).Exec(ctx, `DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET default_transaction_isolation = %L', current_database(), '`+iso+`'); END $$`); err != nil {
				t.Fatal(err)
			}
			b := d.client(t) // new connections: the database default applies
			read, err := b.Read(ctx)
			if err != nil {
				t.Fatal(err)
			}
			work := read.SnapshotCopy()
			work.TrackChanges()
			writer, err := sql(t, d.url).Begin(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer writer.Rollback(ctx)
			if _, err := writer.Exec(ctx, `UPDATE terraform_remote_state.states SET data = data WHERE name = 'default'`); err != nil {
				t.Fatal(err)
			}
			appended := make(chan error, 1)
			go func() { appended <- appendRound(t, b, work, 1) }()
			waitLockWaiters(t, d.url, 1)
			if err := writer.Commit(ctx); err != nil {
				t.Fatal(err)
			}
			if err := <-appended; !errors.Is(err, state.ErrStale) {
				t.Fatalf("append over a write committed while it waited = %v; want ErrStale", err)
			}
		})
	}
}

func waitLockWaiters(t *testing.T, url string, n int) {
	t.Helper()
	watch := sql(t, url)
	deadline := time.Now().Add(10 * time.Second)
	for {
		var waiting int
		if err := watch.QueryRow(t.Context(), `SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`).Scan(&waiting); err != nil {
			t.Fatal(err)
		}
		if waiting >= n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d sessions wait for a lock; want %d", waiting, n)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// lostAppend appends a new object as an apply's persister does, from a
// client whose commit waits for a synchronous standby that does not exist
// until the append's context ends: the append is committed although the
// client hears an error (as when the connection is lost after COMMIT).
// unsure makes the client's look for its row fail then (the database
// refuses new sessions meanwhile: a fault made on the server, not a field
// of the backend). It returns the
// client, its working copy and the append's error; it skips the test when
// the server cannot hold commits.
func lostAppend(t *testing.T, unsure bool) (journalDB, *pg.Backend, *state.State, error) {
	t.Helper()
	d, _, _ := journaled(t, state.Codec{})
	ctx := t.Context()
	admin := sql(t, d.url)
	if _, err := admin.Exec(ctx, `DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET synchronous_commit = on', current_database()); END $$`); err != nil {
		t.Fatal(err)
	}
	b := d.client(t) // sessions with synchronous_commit on
	read, err := b.Read(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// unsure: the look for the failed append's row needs a new session
	// (the append's is closed when its context ends), and the database
	// refuses new sessions until the append returned, so the look fails,
	// as when the server is unreachable. b's one session, made by the
	// read, is the append's.
	var dbName string
	if err := admin.QueryRow(ctx, `SELECT current_database()`).Scan(&dbName); err != nil {
		t.Fatal(err)
	}
	maint := maintenance(t, d.url) // a database may not disallow its own sessions
	allow := func(on bool) {
		if _, err := maint.Exec(context.Background(), fmt.Sprintf(`ALTER DATABASE %s WITH ALLOW_CONNECTIONS %v`, pgx.Identifier{dbName}.Sanitize(), on)); err != nil {
			t.Fatal(err)
		}
	}
	if unsure {
		allow(false)
		defer allow(true)
	}
	work := read.SnapshotCopy()
	work.TrackChanges()
	if _, err := admin.Exec(ctx, `ALTER SYSTEM SET synchronous_standby_names = 'nobody'`); err != nil {
		t.Skipf("cannot hold commits (not a superuser?): %v", err)
	}
	reset := func() {
		_, _ = admin.Exec(context.Background(), `ALTER SYSTEM RESET synchronous_standby_names`)
		_, _ = admin.Exec(context.Background(), `SELECT pg_reload_conf()`)
	}
	defer reset()
	if _, err := admin.Exec(ctx, `SELECT pg_reload_conf()`); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	actx, cancel := context.WithTimeout(ctx, 1500*time.Millisecond)
	id := "lost"
	work.SetInstance(res("new"+id), nullProvider, inst(id))
	entries := work.TakeChanges()
	work.Serial++
	err = b.AppendJournal(actx, append(entries, state.JournalEntry{Op: state.JournalSerial, Serial: work.Serial}))
	cancel()
	if unsure {
		allow(true)
	}
	reset()
	time.Sleep(300 * time.Millisecond)
	return d, b, work, err
}

// wholeWriteFolds writes work whole through b, as the persister does
// after a failed append, and checks it succeeds, folds the journal and
// stores the lost append's object.
func wholeWriteFolds(t *testing.T, d journalDB, b *pg.Backend, work *state.State) {
	t.Helper()
	final := work.SnapshotCopy()
	final.Serial++
	if err := b.Write(t.Context(), final); err != nil {
		t.Fatalf("the apply's whole write after its own append landed despite an error = %v; want it to succeed (the records are its own)", err)
	}
	if live, aside, _ := journalRows(t, d.url); live != 0 || aside != 0 {
		t.Fatalf("journal rows after the whole write: %d live, %d set aside; want none", live, aside)
	}
	got, err := d.client(t).Read(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if got.Serial != final.Serial || got.FindResource(res("newlost")) == nil {
		t.Fatalf("stored state: serial %d (want %d), newlost %v", got.Serial, final.Serial, got.FindResource(res("newlost")))
	}
}

// An append that committed although the client heard an error leaves the
// journal one append ahead of what the client would know. The client
// looks for its row: found, it counts it and the append succeeded (the
// journal goes on); not found, it is unsure of it. Either way the later
// whole write folds it instead of failing as stale (which would leave the
// rest of the apply unpersisted, ending in errored.tfstate).
func TestJournalAppendThatLandedDespiteAnErrorIsCountedAsTheClients(t *testing.T) {
	d, b, work, err := lostAppend(t, false)
	if live, _, _ := journalRows(t, d.url); live != 1 {
		t.Skipf("the append did not land (%v): nothing to check", err)
	}
	t.Logf("append: %v", err)
	next := appendRound(t, b, work, 2)
	switch {
	case err == nil && next != nil:
		t.Fatalf("append after one found landed = %v; want it to succeed", next)
	case err != nil && !errors.Is(next, state.ErrNoJournalBase):
		t.Fatalf("append after one this client is unsure of = %v; want ErrNoJournalBase", next)
	}
	wholeWriteFolds(t, d, b, work)
}

// When the client cannot find out whether its failed append landed, it
// appends no more (ErrNoJournalBase: the persister writes whole
// documents), and its whole write counts the row, if it landed with the
// data it sent, as its own.
func TestJournalAppendUnsureOfIsFoldedByTheNextWrite(t *testing.T) {
	d, b, work, err := lostAppend(t, true)
	if err == nil {
		t.Skip("the append did not fail: nothing to check")
	}
	if live, _, _ := journalRows(t, d.url); live != 1 {
		t.Skipf("the append did not land (%v): nothing to check", err)
	}
	if err := appendRound(t, b, work, 2); !errors.Is(err, state.ErrNoJournalBase) {
		t.Fatalf("append after one this client is unsure of = %v; want ErrNoJournalBase", err)
	}
	wholeWriteFolds(t, d, b, work)
}

// The row a client is unsure of is its own only with the data it sent:
// another client's append in its place makes the whole write stale.
func TestJournalAppendUnsureOfDoesNotCountAnotherClientsRow(t *testing.T) {
	d, b, work, err := lostAppend(t, true)
	if err == nil {
		t.Skip("the append did not fail: nothing to check")
	}
	// Another client's append 1, in place of this client's.
	if _, err := sql(t, d.url).Exec(t.Context(), `UPDATE terraform_remote_state.trueup_state_journal SET data = data || '\x0a'::bytea WHERE name = 'default' AND seq = 1`); err != nil {
		t.Fatal(err)
	}
	if live, _, _ := journalRows(t, d.url); live != 1 {
		t.Skipf("the append did not land (%v): nothing to check", err)
	}
	final := work.SnapshotCopy()
	final.Serial++
	if err := b.Write(t.Context(), final); !errors.Is(err, state.ErrStale) {
		t.Fatalf("whole write over another client's append = %v; want ErrStale", err)
	}
}

// maintenance connects, as sql does, to the server's postgres database
// rather than url's.
func maintenance(t *testing.T, url string) *pgx.Conn {
	t.Helper()
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Database = "postgres"
	conn, err := pgx.ConnectConfig(context.Background(), cfg)
	if err != nil {
		t.Fatalf("connect to postgres: %v", err)
	}
	t.Cleanup(func() { _ = conn.Close(context.Background()) })
	return conn
}
