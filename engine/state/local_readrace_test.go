package state

import (
	"context"
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/trueup/trueup/engine/addrs"
)

// TestReadPairsTheDocumentWithItsJournal checks that a reader racing a
// first apply (it finds no document; the apply then writes the document
// and appends its journal before the reader looks at the journal) reads
// the document again and replays the journal, rather than pairing "no
// document" with the new journal.
func TestReadPairsTheDocumentWithItsJournal(t *testing.T) {
	path := filepath.Join(t.TempDir(), "terraform.tfstate")
	ctx := context.Background()
	a := addrs.Resource{Mode: addrs.ManagedResourceMode, Type: "null_resource", Name: "a"}
	writer := NewLocal(path)
	if _, err := writer.Read(ctx); err != nil {
		t.Fatal(err)
	}
	var notice string
	reader := NewLocal(path)
	reader.afterDocRead = func() {
		reader.afterDocRead = nil
		d1 := New()
		d1.SetInstance(a, "p", &Instance{Key: addrs.IntKey(0), Attributes: json.RawMessage(`{"id":"0"}`)})
		if err := writer.Write(ctx, d1); err != nil {
			t.Fatal(err)
		}
		if err := writer.AppendJournal(ctx, []JournalEntry{{Op: JournalSetInstance, Addr: a, Provider: "p",
			Instance: &Instance{Key: addrs.IntKey(1), Attributes: json.RawMessage(`{"id":"1"}`)}}}); err != nil {
			t.Fatal(err)
		}
	}
	got, err := reader.Read(WithLockNotice(ctx, func(msg string) { notice = msg }))
	if err != nil {
		t.Fatal(err)
	}
	if got == nil || got.FindResource(a) == nil || got.FindResource(a).Instance(addrs.IntKey(1), "") == nil {
		t.Fatalf("the reader did not read the new document with its journal replayed (got %v, notice %q)", got, notice)
	}
	if notice != "" {
		t.Errorf("notice = %q, want none", notice)
	}
}
