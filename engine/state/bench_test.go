package state

import (
	"encoding/json"
	"testing"

	"github.com/trueup/trueup/engine/addrs"
)

func BenchmarkEncode10000(b *testing.B) {
	s := bigState(10000)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Encode(s); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecode10000(b *testing.B) {
	doc := mustEncode(b, bigState(10000))
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Decode(doc); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEncodeJournal10000 encodes the journal lines of 10,000 new
// objects, as the apply persister appends them.
func BenchmarkEncodeJournal10000(b *testing.B) {
	s := bigState(10000)
	var entries []JournalEntry
	for _, r := range s.Resources {
		for _, in := range r.Instances {
			entries = append(entries, JournalEntry{Op: JournalSetInstance, Addr: r.Addr, Provider: r.Provider, EachMode: r.EachMode, Instance: in})
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := encodeJournal(entries, Codec{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkJournalFromOneCount10000 compares a working state with the
// stored one, as the persister's first append does, where one count
// resource holds 10,000 instances and the stored state is a copy (no
// instance index).
func BenchmarkJournalFromOneCount10000(b *testing.B) {
	s := New()
	a := addrs.Resource{Mode: addrs.ManagedResourceMode, Type: "null_resource", Name: "r"}
	for i := range 10000 {
		s.SetInstance(a, `provider["registry.terraform.io/hashicorp/null"]`, &Instance{Key: addrs.IntKey(i), Attributes: json.RawMessage(`{"id":"x"}`)})
	}
	from := s.DeepCopy()
	b.ReportAllocs()
	for b.Loop() {
		if entries, ok := s.JournalFrom(from); !ok || len(entries) != 0 {
			b.Fatal(len(entries), ok)
		}
	}
}
