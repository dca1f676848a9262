package pg_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/engine/state"
	"github.com/trueup/trueup/engine/state/pg"
	"github.com/trueup/trueup/engine/state/statetest"
)

const nullProvider = `provider["registry.terraform.io/hashicorp/null"]`

func res(name string) addrs.Resource {
	return addrs.Resource{Mode: addrs.ManagedResourceMode, Type: "null_resource", Name: name}
}

func inst(id string) *state.Instance {
	return &state.Instance{Key: addrs.NoKey, Attributes: json.RawMessage(`{"id":"` + id + `","secret":"s3cr3t-` + id + `"}`),
		SensitiveAttributes: []cty.Path{cty.GetAttrPath("secret")}}
}

// journalDB is a database whose default workspace holds a base state
// written by a client, and the codec its clients use.
type journalDB struct {
	url   string
	codec state.Codec
}

// client returns a fresh client on the workspace, as another process
// would have (a pool of its own).
func (d journalDB) client(t *testing.T) *pg.Backend {
	t.Helper()
	st := mustStore(t, pg.Config{ConnStr: d.url})
	b, err := st.WithCodec(d.codec).Workspace("default")
	if err != nil {
		t.Fatal(err)
	}
	return b.(*pg.Backend)
}

// journaled writes a base state through a fresh client and returns the
// client and a working copy that tracks changes, as the persister keeps.
func journaled(t *testing.T, codec state.Codec) (journalDB, *pg.Backend, *state.State) {
	t.Helper()
	d := journalDB{url: server.NewDatabase(t), codec: codec}
	b := d.client(t)
	if _, err := b.Read(t.Context()); err != nil {
		t.Fatal(err)
	}
	base := state.New()
	for _, n := range []string{"a", "b", "c"} {
		base.SetInstance(res(n), nullProvider, inst("base"))
	}
	base.Outputs["kept"] = &state.Output{Value: cty.StringVal("old")}
	base.Serial = 7
	if err := b.Write(t.Context(), base); err != nil {
		t.Fatal(err)
	}
	work := base.SnapshotCopy()
	work.TrackChanges()
	return d, b, work
}

// appendRound changes work (a new object, a changed one, a removed one
// in round 1; an output) and appends what changed, ending with the
// serial, as the persister does.
func appendRound(t *testing.T, b *pg.Backend, work *state.State, round int) error {
	t.Helper()
	id := fmt.Sprintf("r%d", round)
	work.SetInstance(res("new"+id), nullProvider, inst(id))
	work.SetInstance(res("a"), nullProvider, inst(id))
	if round == 1 {
		work.RemoveInstance(res("b"), addrs.NoKey, "")
	}
	work.Outputs["round"] = &state.Output{Value: cty.NumberIntVal(int64(round)), Sensitive: true}
	entries := work.TakeChanges()
	if len(entries) == 0 {
		t.Fatal("no changes taken")
	}
	work.Serial++
	return b.AppendJournal(t.Context(), append(entries, state.JournalEntry{Op: state.JournalSerial, Serial: work.Serial}))
}

// journalRows returns the workspace's journal rows: live ones and set
// aside ones, and their data concatenated.
func journalRows(t *testing.T, url string) (live, aside int, data string) {
	t.Helper()
	rows, err := sql(t, url).Query(context.Background(), `SELECT set_aside_at IS NOT NULL, data FROM terraform_remote_state.trueup_state_journal WHERE name = 'default' ORDER BY seq`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var all strings.Builder
	for rows.Next() {
		var setAside bool
		var b []byte
		if err := rows.Scan(&setAside, &b); err != nil {
			t.Fatal(err)
		}
		if setAside {
			aside++
		} else {
			live++
		}
		all.Write(b)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return live, aside, all.String()
}

// document returns the states row's data as Terraform reads it.
func document(t *testing.T, url string) string {
	t.Helper()
	var data string
	if err := sql(t, url).QueryRow(context.Background(), `SELECT data FROM terraform_remote_state.states WHERE name = 'default'`).Scan(&data); err != nil {
		t.Fatal(err)
	}
	return data
}

func TestJournalAppendsAreReadBackByAFreshClient(t *testing.T) {
	t.Parallel()
	for _, enc := range []bool{false, true} {
		t.Run(map[bool]string{false: "plain", true: "encrypted"}[enc], func(t *testing.T) {
			t.Parallel()
			var c state.Codec
			if enc {
				c = statetest.PassphraseCodec(t, "a passphrase for the pg journal test")
			}
			d, b, work := journaled(t, c)
			doc := document(t, d.url)
			for round := 1; round <= 2; round++ {
				if err := appendRound(t, b, work, round); err != nil {
					t.Fatal(err)
				}
			}
			if document(t, d.url) != doc {
				t.Error("an append changed the states row")
			}
			live, _, data := journalRows(t, d.url)
			if live != 2 {
				t.Errorf("%d journal rows, want one per append (2)", live)
			}
			if enc && (strings.Contains(data, "s3cr3t") || strings.Contains(data, "null_resource")) {
				t.Fatalf("the journal of an encrypted state holds records in clear:\n%s", data)
			}
			if !enc && !strings.Contains(data, "newr2") {
				t.Fatalf("the plain journal does not hold the appended records:\n%s", data)
			}
			got, err := d.client(t).Read(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			if !got.SameContent(work) || got.Serial != work.Serial || got.Serial != 9 {
				t.Fatalf("a fresh client reads serial %d with %d resources; want the working state, serial %d", got.Serial, len(got.Resources), work.Serial)
			}
			// History's current version is what Read returns.
			cur, err := d.client(t).ReadVersion(t.Context(), "current")
			if err != nil || !cur.SameContent(work) {
				t.Errorf("ReadVersion(current) is not the replayed state (%v)", err)
			}
		})
	}
}

// A crash mid-apply leaves appends without the final write: the next
// client reads them, appends after them, and its whole write folds them
// into the document and deletes them; the backup is the state it read.
func TestJournalOfACrashedApplyIsReplayedThenFoldedByTheNextWrite(t *testing.T) {
	t.Parallel()
	d, b, work := journaled(t, state.Codec{})
	if err := appendRound(t, b, work, 1); err != nil {
		t.Fatal(err)
	}
	// b dies here. The next command reads, appends and writes.
	next := d.client(t)
	s, err := next.Read(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if !s.SameContent(work) {
		t.Fatal("the next client does not read the crashed apply's records")
	}
	read := s.SnapshotCopy()
	s.TrackChanges()
	s.SetInstance(res("afterread"), nullProvider, inst("x"))
	s.Serial++
	if err := next.AppendJournal(t.Context(), s.TakeChanges()); err != nil {
		t.Fatal(err)
	}
	if got, err := d.client(t).Read(t.Context()); err != nil || !got.SameContent(s) {
		t.Fatalf("an append after a replayed journal is not read back with it (%v)", err)
	}
	s.Serial++
	if err := next.Write(t.Context(), s); err != nil {
		t.Fatal(err)
	}
	if live, aside, _ := journalRows(t, d.url); live+aside != 0 {
		t.Errorf("%d journal rows after the whole write, want none", live+aside)
	}
	doc, err := state.Decode([]byte(document(t, d.url)))
	if err != nil || !doc.SameContent(s) || doc.Serial != s.Serial {
		t.Fatalf("the document after the write is not the written state (%v)", err)
	}
	backup, err := d.client(t).ReadVersion(t.Context(), "backup")
	if err != nil {
		t.Fatal(err)
	}
	if !backup.SameContent(read) || backup.Serial != read.Serial {
		t.Errorf("the backup (serial %d) is not the state the writer read (serial %d): the document and the journal it replayed", backup.Serial, read.Serial)
	}
}

// The whole write stores the document and deletes the journal in one
// transaction: a reader while the write is under way (held up, here, at
// the journal's rows) reads the old document with its journal applied,
// without a warning, and after it the new document and no journal.
func TestJournalIsFoldedInTheWritesTransaction(t *testing.T) {
	t.Parallel()
	d, b, work := journaled(t, state.Codec{})
	if err := appendRound(t, b, work, 1); err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	// The reader is prepared (its tables checked) before: creating an
	// index, as a first use may, waits for the write's transaction.
	reader := d.client(t)
	if _, err := reader.Read(ctx); err != nil {
		t.Fatal(err)
	}
	blocker, err := sql(t, d.url).Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer blocker.Rollback(context.Background())
	if _, err := blocker.Exec(ctx, `SELECT 1 FROM terraform_remote_state.trueup_state_journal FOR UPDATE`); err != nil {
		t.Fatal(err)
	}
	final := work.SnapshotCopy()
	final.SetInstance(res("final"), nullProvider, inst("f"))
	final.Serial++
	wrote := make(chan error, 1)
	go func() { wrote <- b.Write(ctx, final) }()
	// Wait until the write waits for the rows held.
	watch := sql(t, d.url)
	for waiting := false; !waiting; {
		select {
		case err := <-wrote:
			t.Fatalf("the write finished while the journal rows were held: %v", err)
		case <-time.After(10 * time.Millisecond):
		}
		if err := watch.QueryRow(ctx, `SELECT count(*) > 0 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`).Scan(&waiting); err != nil {
			t.Fatal(err)
		}
	}
	var notices []string
	rctx := state.WithLockNotice(ctx, func(msg string) { notices = append(notices, msg) })
	mid, err := reader.Read(rctx)
	if err != nil {
		t.Fatal(err)
	}
	if !mid.SameContent(work) || len(notices) != 0 {
		t.Fatalf("a reader during the write read %d resources (want the journaled state's %d), notices %q", len(mid.Resources), len(work.Resources), notices)
	}
	if err := blocker.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	if err := <-wrote; err != nil {
		t.Fatal(err)
	}
	after, err := d.client(t).Read(rctx)
	if err != nil || !after.SameContent(final) || len(notices) != 0 {
		t.Fatalf("after the write: %v, notices %q", err, notices)
	}
	if live, aside, _ := journalRows(t, d.url); live+aside != 0 {
		t.Errorf("%d journal rows after the write", live+aside)
	}
}

// A foreign write of the document (Terraform's UPDATE, a hand's) makes the
// journal not match: it is not applied, it is kept and the reader is
// warned; the writer's next append is stale; the next write sets it aside.
func TestJournalOfAnotherDocumentIsNotAppliedKeptAndSetAside(t *testing.T) {
	t.Parallel()
	d, b, work := journaled(t, state.Codec{})
	if err := appendRound(t, b, work, 1); err != nil {
		t.Fatal(err)
	}
	// Same lineage and serial, other bytes: as Terraform rewrites it.
	ctx := t.Context()
	if _, err := sql(t, d.url).Exec(ctx, `UPDATE terraform_remote_state.states SET data = data || E'\n' WHERE name = 'default'`); err != nil {
		t.Fatal(err)
	}
	var notice string
	rctx := state.WithLockNotice(ctx, func(msg string) { notice = msg })
	reader := d.client(t)
	got, err := reader.Read(rctx)
	if err != nil {
		t.Fatal(err)
	}
	if got.FindResource(res("newr1")) != nil || got.Serial != 7 {
		t.Fatal("a journal of another document was applied")
	}
	if !strings.Contains(notice, "not applied") || !strings.Contains(notice, "trueup_state_journal") || !strings.Contains(notice, "serial 7") {
		t.Errorf("notice = %q, want one saying the journal was not applied, and where it is", notice)
	}
	if live, _, _ := journalRows(t, d.url); live != 1 {
		t.Fatalf("%d live journal rows after the read, want the one kept", live)
	}
	if err := appendRound(t, b, work, 2); !errors.Is(err, state.ErrStale) {
		t.Errorf("an append after the document was rewritten: %v, want ErrStale", err)
	}
	got.SetInstance(res("byreader"), nullProvider, inst("r"))
	got.Serial++
	if err := reader.Write(ctx, got); err != nil {
		t.Fatal(err)
	}
	if live, aside, _ := journalRows(t, d.url); live != 0 || aside != 1 {
		t.Errorf("after the next write: %d live and %d set-aside journal rows, want 0 and 1", live, aside)
	}
	notice = ""
	again, err := d.client(t).Read(rctx)
	if err != nil || !again.SameContent(got) || notice != "" {
		t.Errorf("after the write: %v, notice %q; want the written state and no notice", err, notice)
	}
}

// A client whose document was replaced (another client's write) or whose
// journal another client appended to cannot append or write.
func TestJournalStaleClientsAreRefused(t *testing.T) {
	t.Parallel()
	d, b, work := journaled(t, state.Codec{})
	other := d.client(t)
	s, err := other.Read(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	s.TrackChanges()
	if err := appendRound(t, b, work, 1); err != nil {
		t.Fatal(err)
	}
	// other read before b's append: its append and write are stale.
	if err := appendRound(t, other, s, 1); !errors.Is(err, state.ErrStale) {
		t.Errorf("an append over another client's append: %v, want ErrStale", err)
	}
	s.Serial++
	if err := other.Write(t.Context(), s); !errors.Is(err, state.ErrStale) {
		t.Errorf("a write over a journal the client did not read: %v, want ErrStale", err)
	}
	// A third client reads (the journal replayed) and writes: b's next
	// append is stale.
	third := d.client(t)
	s3, err := third.Read(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	s3.Serial++
	if err := third.Write(t.Context(), s3); err != nil {
		t.Fatal(err)
	}
	if err := appendRound(t, b, work, 2); !errors.Is(err, state.ErrStale) {
		t.Errorf("an append after another client's write: %v, want ErrStale", err)
	}
	if live, aside, _ := journalRows(t, d.url); live+aside != 0 {
		t.Errorf("%d journal rows after the stale appends and a write", live+aside)
	}
}

func TestJournalNeedsAStoredDocument(t *testing.T) {
	t.Parallel()
	url := server.NewDatabase(t)
	b := mustNew(t, pg.Config{ConnStr: url}, nil)
	if _, err := b.Read(t.Context()); err != nil {
		t.Fatal(err)
	}
	entries := []state.JournalEntry{{Op: state.JournalSetInstance, Addr: res("a"), Provider: nullProvider, Instance: inst("a")}}
	if err := b.AppendJournal(t.Context(), entries); !errors.Is(err, state.ErrNoJournalBase) {
		t.Errorf("an append with no stored state: %v, want ErrNoJournalBase", err)
	}
	// A backend whose tables the database owner made, without the journal
	// table: no journal, whole writes only.
	ctx := t.Context()
	if err := b.Write(ctx, state.New()); err != nil {
		t.Fatal(err)
	}
	if _, err := sql(t, url).Exec(ctx, `DROP TABLE terraform_remote_state.trueup_state_journal`); err != nil {
		t.Fatal(err)
	}
	skip := mustNew(t, pg.Config{ConnStr: url, SkipTableCreation: true}, nil)
	s, err := skip.Read(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := skip.AppendJournal(ctx, entries); !errors.Is(err, state.ErrNoJournalBase) {
		t.Errorf("an append without the journal table: %v, want ErrNoJournalBase", err)
	}
	s.Serial++
	if err := skip.Write(ctx, s); err != nil {
		t.Errorf("a whole write without the journal table: %v", err)
	}
}

// A journal table without its partial unique index (made by hand, or the
// index dropped) would let two clients append the same sequence number:
// no journal is kept, whole writes only.
func TestJournalNeedsItsUniqueIndex(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	url := server.NewDatabase(t)
	b := mustNew(t, pg.Config{ConnStr: url}, nil)
	if _, err := b.Read(ctx); err != nil {
		t.Fatal(err)
	}
	if err := b.Write(ctx, state.New()); err != nil {
		t.Fatal(err)
	}
	if _, err := sql(t, url).Exec(ctx, `DROP INDEX terraform_remote_state.trueup_state_journal_live`); err != nil {
		t.Fatal(err)
	}
	c := mustNew(t, pg.Config{ConnStr: url}, nil)
	s, err := c.Read(ctx)
	if err != nil {
		t.Fatal(err)
	}
	entries := []state.JournalEntry{{Op: state.JournalSetInstance, Addr: res("a"), Provider: nullProvider, Instance: inst("a")}}
	if err := c.AppendJournal(ctx, entries); !errors.Is(err, state.ErrNoJournalBase) {
		t.Errorf("an append without the journal's unique index: %v, want ErrNoJournalBase", err)
	}
	if live, aside, _ := journalRows(t, url); live+aside != 0 {
		t.Errorf("%d journal rows appended without the unique index", live+aside)
	}
	s.Serial++
	if err := c.Write(ctx, s); err != nil {
		t.Errorf("a whole write without the journal's unique index: %v", err)
	}
}

// A role that reads another stack's state (terraform_remote_state) with
// SELECT on the states table only, as Terraform needs, reads the document
// alone, with a warning, rather than failing on the journal table. It
// does not append, and its write, which needs the journal, fails (here a
// role that may update the states table).
func TestReadWithoutPrivilegeOnTheJournalReadsTheDocumentAlone(t *testing.T) {
	t.Parallel()
	d, b, work := journaled(t, state.Codec{})
	ctx := t.Context()
	if err := appendRound(t, b, work, 1); err != nil {
		t.Fatal(err)
	}
	admin := sql(t, d.url)
	var db string
	if err := admin.QueryRow(ctx, `SELECT current_database()`).Scan(&db); err != nil {
		t.Fatal(err)
	}
	role := "reader_" + db
	if _, err := admin.Exec(ctx, `CREATE ROLE `+role+` LOGIN`); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_, _ = sql(t, d.url).Exec(context.Background(), `DROP OWNED BY `+role)
		_, _ = sql(t, d.url).Exec(context.Background(), `DROP ROLE `+role)
	})
	if _, err := admin.Exec(ctx, `GRANT USAGE ON SCHEMA terraform_remote_state TO `+role+`;
GRANT SELECT, UPDATE ON terraform_remote_state.states TO `+role); err != nil {
		t.Fatal(err)
	}
	url := strings.Replace(d.url, "postgres://postgres@", "postgres://"+role+"@", 1)
	reader := mustNew(t, pg.Config{ConnStr: url, SkipSchemaCreation: true, SkipTableCreation: true, SkipIndexCreation: true}, nil)
	var notices []string
	rctx := state.WithLockNotice(ctx, func(msg string) { notices = append(notices, msg) })
	got, err := reader.Read(rctx)
	if err != nil {
		t.Fatalf("read by a role with SELECT on the states table only: %v", err)
	}
	if got.Serial != 7 || got.FindResource(res("newr1")) != nil {
		t.Errorf("read the journal replayed (serial %d), want the document alone (serial 7)", got.Serial)
	}
	if len(notices) != 1 || !strings.Contains(notices[0], "cannot be read") {
		t.Errorf("notices %q, want one saying the journal cannot be read", notices)
	}
	entries := []state.JournalEntry{{Op: state.JournalSetInstance, Addr: res("x"), Provider: nullProvider, Instance: inst("x")}}
	if err := reader.AppendJournal(ctx, entries); !errors.Is(err, state.ErrNoJournalBase) {
		t.Errorf("append by a client that could not read the journal: %v, want ErrNoJournalBase", err)
	}
	got.Serial += 10
	if err := reader.Write(ctx, got); err == nil || !strings.Contains(err.Error(), "trueup_state_journal") {
		t.Errorf("a write by a client that cannot read the journal: %v, want it refused on the journal", err)
	}
	// With SELECT on the journal, the journal is read.
	if _, err := admin.Exec(ctx, `GRANT SELECT ON terraform_remote_state.trueup_state_journal TO `+role); err != nil {
		t.Fatal(err)
	}
	notices = nil
	if got, err = reader.Read(rctx); err != nil || got.FindResource(res("newr1")) == nil || len(notices) != 0 {
		t.Errorf("read with SELECT on the journal: %v, journal replayed %v, notices %q", err, got != nil && got.FindResource(res("newr1")) != nil, notices)
	}
}

func TestDeleteWorkspaceDeletesItsJournal(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	url := server.NewDatabase(t)
	st := mustStore(t, pg.Config{ConnStr: url})
	if err := st.CreateWorkspace(ctx, "staging"); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"default", "staging"} {
		w, err := st.Workspace(name)
		if err != nil {
			t.Fatal(err)
		}
		s, err := w.Read(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if s == nil {
			s = state.New()
			if err := w.Write(ctx, s); err != nil {
				t.Fatal(err)
			}
		}
		s.TrackChanges()
		s.SetInstance(res(name), nullProvider, inst(name))
		if err := w.(state.Journaler).AppendJournal(ctx, s.TakeChanges()); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.DeleteWorkspace(ctx, "staging"); err != nil {
		t.Fatal(err)
	}
	var names []string
	rows, err := sql(t, url).Query(ctx, `SELECT name FROM terraform_remote_state.trueup_state_journal`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		names = append(names, n)
	}
	if len(names) != 1 || names[0] != "default" {
		t.Errorf("journal rows of workspaces %q after deleting staging, want default's only", names)
	}
}
