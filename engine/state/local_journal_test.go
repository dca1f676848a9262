package state_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/engine/encryption"
	"github.com/trueup/trueup/engine/state"
)

func res(name string) addrs.Resource {
	return addrs.Resource{Mode: addrs.ManagedResourceMode, Type: "null_resource", Name: name}
}

func inst(key addrs.InstanceKey, id string) *state.Instance {
	return &state.Instance{Key: key, Attributes: json.RawMessage("{\n  \"id\": \"" + id + "\",\n  \"secret\": \"s3cr3t-" + id + "\"\n}"),
		SensitiveAttributes: []cty.Path{cty.GetAttrPath("secret")}}
}

// journaled writes a base state through a fresh client, then makes a
// working copy that tracks changes, so that a test can change it and
// append what changed.
func journaled(t *testing.T, codec state.Codec) (*state.Local, *state.State) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "terraform.tfstate")
	l := state.NewLocalWith(path, codec)
	if _, err := l.Read(t.Context()); err != nil {
		t.Fatal(err)
	}
	base := state.New()
	for i := range 5 {
		base.SetInstance(res("single"+string(rune('a'+i))), `provider["registry.terraform.io/hashicorp/null"]`, inst(addrs.NoKey, "base"))
		base.SetInstance(res("counted"), `provider["registry.terraform.io/hashicorp/null"]`, inst(addrs.IntKey(i), "base"))
	}
	base.Outputs["kept"] = &state.Output{Value: cty.StringVal("old")}
	base.Serial = 7
	if err := l.Write(t.Context(), base); err != nil {
		t.Fatal(err)
	}
	work := base.SnapshotCopy()
	work.TrackChanges()
	return l, work
}

// change makes a round of every kind of change a journal records.
func change(work *state.State, round int) {
	p := `provider["registry.terraform.io/hashicorp/null"]`
	id := "r" + string(rune('0'+round))
	work.SetInstance(res("new"+id), p, inst(addrs.StringKey("k"), id))
	work.SetInstance(res("counted"), p, inst(addrs.IntKey(10+round), id))
	work.SetInstance(res("singlea"), p, inst(addrs.NoKey, id))
	if round == 1 {
		work.RemoveInstance(res("singleb"), addrs.NoKey, "") // the resource goes
		work.RemoveInstance(res("counted"), addrs.IntKey(0), "")
		// A create_before_destroy depose, in place.
		in := work.FindResource(res("singlec")).Instance(addrs.NoKey, "")
		work.Touch(res("singlec"), addrs.NoKey, "")
		in.Deposed = "0000beef"
		work.Touch(res("singlec"), addrs.NoKey, "0000beef")
		// Dependencies set in place.
		work.FindResource(res("singled")).Instance(addrs.NoKey, "").Dependencies = []string{"null_resource.singlea"}
		work.Touch(res("singled"), addrs.NoKey, "")
		work.Outputs["new"] = &state.Output{Value: cty.NumberIntVal(3), Sensitive: true}
		delete(work.Outputs, "kept")
		work.CheckResults = []state.CheckResult{{ObjectKind: "check", ConfigAddr: "check.c", Status: "pass"}}
	} else {
		work.Meta.Commit = "abc"
		work.Meta.AppliedAt = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	}
}

func TestJournalReplayEqualsTheChangedState(t *testing.T) {
	for _, enc := range []bool{false, true} {
		t.Run(map[bool]string{false: "plain", true: "encrypted"}[enc], func(t *testing.T) {
			var codec state.Codec
			if enc {
				codec = mustCodec(t)
			}
			l, work := journaled(t, codec)
			for round := 1; round <= 2; round++ {
				change(work, round)
				entries := work.TakeChanges()
				if len(entries) == 0 {
					t.Fatal("TakeChanges returned nothing after changes")
				}
				if err := l.AppendJournal(t.Context(), entries); err != nil {
					t.Fatal(err)
				}
			}
			if got := work.TakeChanges(); len(got) != 0 {
				t.Errorf("TakeChanges after taking = %d entries, want none", len(got))
			}
			jb, err := os.ReadFile(l.JournalPath())
			if err != nil {
				t.Fatal(err)
			}
			if enc && (bytes.Contains(jb, []byte("s3cr3t")) || bytes.Contains(jb, []byte("null_resource"))) {
				t.Fatalf("the journal of an encrypted state holds records in clear:\n%s", jb)
			}
			got, err := state.NewLocalWith(l.Path(), codec).Read(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			if !got.SameContent(work) {
				t.Fatalf("the replayed state differs from the changed one:\nreplayed:\n%s\nchanged:\n%s", mustEncode(t, got), mustEncode(t, work))
			}
			if got.Serial != 8 || got.Meta.Commit != "abc" || !got.Meta.AppliedAt.Equal(work.Meta.AppliedAt) {
				t.Errorf("replayed serial %d meta %+v, want serial 8 and the changed meta", got.Serial, got.Meta)
			}
			if !bytes.Equal(mustEncode(t, withSerial(got, 0)), mustEncode(t, withSerial(work, 0))) {
				t.Error("the replayed state does not encode as the changed one")
			}
		})
	}
}

func withSerial(s *state.State, n uint64) *state.State {
	c := s.SnapshotCopy()
	c.Serial = n
	return c
}

func mustEncode(t *testing.T, s *state.State) []byte {
	t.Helper()
	b, err := state.Encode(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestJournalIsFoldedAndRemovedByTheNextWrite(t *testing.T) {
	l, work := journaled(t, state.Codec{})
	change(work, 1)
	if err := l.AppendJournal(t.Context(), work.TakeChanges()); err != nil {
		t.Fatal(err)
	}
	// A later command reads (replaying), appends and writes.
	l2 := state.NewLocal(l.Path())
	s, err := l2.Read(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	s.TrackChanges()
	s.SetInstance(res("afterread"), "p", inst(addrs.NoKey, "x"))
	if err := l2.AppendJournal(t.Context(), s.TakeChanges()); err != nil {
		t.Fatal(err)
	}
	if got, err := state.NewLocal(l.Path()).Read(t.Context()); err != nil || got.FindResource(res("afterread")) == nil || got.FindResource(res("newr1")) == nil {
		t.Fatalf("an append after a replayed journal is not read back with it (%v)", err)
	}
	s.Serial++
	if err := l2.Write(t.Context(), s); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(l.JournalPath()); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the journal is still there after a whole write: %v", err)
	}
	// The backup is the state before that write: the journal's records
	// in, not the document alone.
	b, err := os.ReadFile(l.BackupPath())
	if err != nil {
		t.Fatal(err)
	}
	backup, err := state.Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	if !backup.SameContent(work) {
		t.Error("the backup is not the state the writer read: the document and the journal it replayed")
	}
	again, err := state.NewLocal(l.Path()).Read(t.Context())
	if err != nil || !again.SameContent(s) || again.Serial != s.Serial {
		t.Fatalf("after the write: %v, serial %d; want the journaled content at serial %d", err, again.Serial, s.Serial)
	}
}

func TestJournalOfAnotherStateIsSetAsideNotApplied(t *testing.T) {
	l, work := journaled(t, state.Codec{})
	change(work, 1)
	if err := l.AppendJournal(t.Context(), work.TakeChanges()); err != nil {
		t.Fatal(err)
	}
	// The file is replaced behind trueup's back (another tool, a copy):
	// same lineage and serial, other content.
	other, err := state.NewLocal(l.Path()).Read(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	_ = other
	b, _ := os.ReadFile(l.Path())
	if err := os.WriteFile(l.Path(), append(b, '\n'), 0o600); err != nil {
		t.Fatal(err)
	}
	var notice string
	ctx := state.WithLockNotice(t.Context(), func(msg string) { notice = msg })
	// A reader holding the lock sets it aside.
	locked := state.NewLocal(l.Path())
	if _, err := locked.Lock(t.Context(), state.NewLockInfo("OperationTypeApply")); err != nil {
		t.Fatal(err)
	}
	got, err := locked.Read(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got.FindResource(res("newr1")) != nil || got.Serial != 7 {
		t.Fatal("a journal of another document was applied")
	}
	if _, err := os.Stat(l.JournalPath()); !errors.Is(err, os.ErrNotExist) {
		t.Error("the journal was left in place")
	}
	aside, _ := filepath.Glob(l.JournalPath() + ".unreplayed-*")
	if len(aside) != 1 {
		t.Fatalf("journals set aside: %v, want one", aside)
	}
	if !strings.Contains(notice, aside[0]) || !strings.Contains(notice, "not applied") {
		t.Errorf("notice = %q, want one naming %s", notice, aside[0])
	}
}

// TestJournalNotMatchingIsLeftInPlaceByAReaderWithoutTheLock checks that a
// reader that does not hold the state lock never sets a journal aside: it
// may have read the document before a writer replaced it (a first apply
// creating the document, then its journal), and the journal is then that
// writer's live one. It does not apply it, warns, and leaves it; its own
// write is refused while the journal is there.
func TestJournalNotMatchingIsLeftInPlaceByAReaderWithoutTheLock(t *testing.T) {
	l, work := journaled(t, state.Codec{})
	change(work, 1)
	if err := l.AppendJournal(t.Context(), work.TakeChanges()); err != nil {
		t.Fatal(err)
	}
	jb, _ := os.ReadFile(l.JournalPath())
	for _, tc := range []struct {
		name  string
		state func() // makes the document the reader finds
	}{
		{"another document", func() {
			b, _ := os.ReadFile(l.Path())
			os.WriteFile(l.Path(), append(b, '\n'), 0o600)
		}},
		// What a reader racing a first apply saw: no document yet,
		// the journal of the one written since.
		{"no document", func() { os.Remove(l.Path()) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.state()
			var notice string
			ctx := state.WithLockNotice(t.Context(), func(msg string) { notice = msg })
			reader := state.NewLocal(l.Path())
			got, err := reader.Read(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if got != nil && got.FindResource(res("newr1")) != nil {
				t.Fatal("a journal of another document was applied")
			}
			if now, err := os.ReadFile(l.JournalPath()); err != nil || !bytes.Equal(now, jb) {
				t.Fatalf("a reader without the lock moved or changed the journal (%v)", err)
			}
			if aside, _ := filepath.Glob(l.JournalPath() + ".unreplayed-*"); len(aside) != 0 {
				t.Fatalf("journals set aside: %v, want none", aside)
			}
			if !strings.Contains(notice, l.JournalPath()) || !strings.Contains(notice, "not applied") || !strings.Contains(notice, "left in place") {
				t.Errorf("notice = %q, want one saying the journal was not applied and left in place", notice)
			}
			s := state.New()
			if got != nil {
				s = got.SnapshotCopy()
				s.Serial++
			}
			if err := reader.Write(t.Context(), s); !errors.Is(err, state.ErrStale) {
				t.Fatalf("a write by the reader that left the journal = %v, want ErrStale", err)
			}
			if now, err := os.ReadFile(l.JournalPath()); err != nil || !bytes.Equal(now, jb) {
				t.Fatalf("the refused write touched the journal (%v)", err)
			}
		})
	}
}

func TestJournalTornLastAppendIsIgnoredOtherDamageIsAnError(t *testing.T) {
	l, work := journaled(t, state.Codec{})
	change(work, 1)
	if err := l.AppendJournal(t.Context(), work.TakeChanges()); err != nil {
		t.Fatal(err)
	}
	change(work, 2)
	if err := l.AppendJournal(t.Context(), work.TakeChanges()); err != nil {
		t.Fatal(err)
	}
	jb, _ := os.ReadFile(l.JournalPath())
	// A crash mid-append: the last line lacks its end.
	if err := os.WriteFile(l.JournalPath(), jb[:len(jb)-5], 0o600); err != nil {
		t.Fatal(err)
	}
	recovery := state.NewLocal(l.Path())
	got, err := recovery.Read(t.Context())
	if err != nil {
		t.Fatalf("Read with a torn last line: %v", err)
	}
	if got.FindResource(res("newr1")) == nil {
		t.Error("the whole appends before the torn one were not applied")
	}
	if got.Meta.Commit == "abc" {
		t.Error("the torn append was applied")
	}
	// The recovery apply appends at once: its entries go after the whole
	// lines, not glued to the fragment, and every entry reads back.
	got.TrackChanges()
	got.SetInstance(res("aftertorn"), "p", inst(addrs.NoKey, "t1"))
	if err := recovery.AppendJournal(t.Context(), got.TakeChanges()); err != nil {
		t.Fatalf("append after a torn last line: %v", err)
	}
	got.SetInstance(res("aftertorn2"), "p", inst(addrs.NoKey, "t2"))
	if err := recovery.AppendJournal(t.Context(), got.TakeChanges()); err != nil {
		t.Fatalf("second append after a torn last line: %v", err)
	}
	back, err := state.NewLocal(l.Path()).Read(t.Context())
	if err != nil {
		t.Fatalf("Read after appending past a torn last line: %v", err)
	}
	if !back.SameContent(got) {
		t.Error("the journal read back is not the state the recovery client appended")
	}
	if back.FindResource(res("newr1")) == nil || back.FindResource(res("aftertorn")) == nil || back.FindResource(res("aftertorn2")) == nil || back.Meta.Commit == "abc" {
		t.Error("the entries before the torn line and those appended after it do not all read back")
	}
	// A damaged line in the middle is an error naming the file.
	lines := bytes.SplitAfter(jb, []byte("\n"))
	lines[2] = []byte("{\"op\":\"set\",garbage\n")
	if err := os.WriteFile(l.JournalPath(), bytes.Join(lines, nil), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = state.NewLocal(l.Path()).Read(t.Context())
	if err == nil || !strings.Contains(err.Error(), l.JournalPath()) || !strings.Contains(err.Error(), "line 3") {
		t.Fatalf("Read with a damaged line = %v, want an error naming the journal and line 3", err)
	}
}

func TestJournalKeepsTheStaleWriterCheck(t *testing.T) {
	l, work := journaled(t, state.Codec{})
	// Another client read the state before the journal was appended.
	other := state.NewLocal(l.Path())
	s, err := other.Read(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	change(work, 1)
	if err := l.AppendJournal(t.Context(), work.TakeChanges()); err != nil {
		t.Fatal(err)
	}
	s.Serial++
	if err := other.Write(t.Context(), s); !errors.Is(err, state.ErrStale) {
		t.Fatalf("Write by a client that did not see the journal = %v, want ErrStale", err)
	}
	if _, err := os.Stat(l.JournalPath()); err != nil {
		t.Fatalf("the refused write touched the journal: %v", err)
	}
	// And an append after another writer replaced the document is refused.
	third := state.NewLocal(l.Path())
	s3, err := third.Read(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	s3.Serial++
	if err := third.Write(t.Context(), s3); err != nil {
		t.Fatal(err)
	}
	change(work, 2)
	if err := l.AppendJournal(t.Context(), work.TakeChanges()); !errors.Is(err, state.ErrStale) {
		t.Fatalf("AppendJournal after another writer = %v, want ErrStale", err)
	}
}

func TestJournalNeedsAStoredDocument(t *testing.T) {
	l := state.NewLocal(filepath.Join(t.TempDir(), "terraform.tfstate"))
	if _, err := l.Read(context.Background()); err != nil {
		t.Fatal(err)
	}
	s := state.New()
	s.TrackChanges()
	s.SetInstance(res("a"), "p", inst(addrs.NoKey, "a"))
	if err := l.AppendJournal(t.Context(), s.TakeChanges()); !errors.Is(err, state.ErrNoJournalBase) {
		t.Fatalf("AppendJournal with no stored state = %v, want ErrNoJournalBase", err)
	}
}

func TestJournalFromRebuildsTheChangedState(t *testing.T) {
	_, work := journaled(t, state.Codec{})
	base := work.SnapshotCopy()
	change(work, 1)
	change(work, 2)
	entries, ok := work.JournalFrom(base)
	if !ok {
		t.Fatal("JournalFrom refused states of one lineage")
	}
	rebuilt := base.DeepCopy()
	rebuilt.ApplyJournal(entries)
	if !rebuilt.SameContent(work) || rebuilt.Meta.Commit != work.Meta.Commit {
		t.Fatalf("JournalFrom's entries do not rebuild the changed state")
	}
	if again, _ := work.JournalFrom(work.SnapshotCopy()); len(again) != 0 {
		t.Errorf("JournalFrom of an equal state = %d entries, want none", len(again))
	}
	if _, ok := work.JournalFrom(state.New()); ok {
		t.Error("JournalFrom accepted another lineage")
	}
}

// TestJournalRewrittenInPlaceIsStale: a journal whose bytes changed under
// a client that read it, to the same size, refuses that client's write.
func TestJournalRewrittenInPlaceIsStale(t *testing.T) {
	l, work := journaled(t, state.Codec{})
	change(work, 1)
	if err := l.AppendJournal(t.Context(), work.TakeChanges()); err != nil {
		t.Fatal(err)
	}
	reader := state.NewLocal(l.Path())
	s, err := reader.Read(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	jb, err := os.ReadFile(l.JournalPath())
	if err != nil {
		t.Fatal(err)
	}
	jb = bytes.Replace(jb, []byte("s3cr3t-r1"), []byte("s3cr3t-r2"), 1)
	if err := os.WriteFile(l.JournalPath(), jb, 0o600); err != nil {
		t.Fatal(err)
	}
	s.Serial++
	if err := reader.Write(t.Context(), s); !errors.Is(err, state.ErrStale) {
		t.Fatalf("Write after the journal was rewritten to the same size = %v, want ErrStale", err)
	}
}

// TestPlainJournalReadsUnderEncryptionWithFallback: a journal written
// before the state was encrypted replays under a configuration that falls
// back to unencrypted (the migration), and is refused by one that does not.
func TestPlainJournalReadsUnderEncryptionWithFallback(t *testing.T) {
	l, work := journaled(t, state.Codec{})
	change(work, 1)
	if err := l.AppendJournal(t.Context(), work.TakeChanges()); err != nil {
		t.Fatal(err)
	}
	cfg, diags := encryption.LoadEnv("test", `
key_provider "pbkdf2" "k" {
  passphrase = "a passphrase for the migration test"
  iterations = 200000
}
method "aes_gcm" "m" { keys = key_provider.pbkdf2.k }
method "unencrypted" "plain" {}
state {
  method = method.aes_gcm.m
  fallback { method = method.unencrypted.plain }
}
`)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	enc, diags := encryption.New(cfg, nil)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	got, err := state.NewLocalWith(l.Path(), state.Codec{Sealer: enc.State()}).Read(t.Context())
	if err != nil {
		t.Fatalf("Read under encryption with an unencrypted fallback: %v", err)
	}
	if got.FindResource(res("newr1")) == nil {
		t.Error("the journal's records were not replayed")
	}
	if _, err := state.NewLocalWith(l.Path(), mustCodec(t)).Read(t.Context()); err == nil {
		t.Error("Read under enforced encryption accepted a journal in clear")
	}
}
