package state

import (
	"bytes"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/engine/addrs"
)

// plainEncode encodes s without its cache.
func plainEncode(t *testing.T, s *State) []byte {
	t.Helper()
	c := *s
	c.enc = nil
	return mustEncode(t, &c)
}

// sameAsPlain encodes a snapshot of s with the cache, as the persister
// does, and checks it against an encoding without one.
func sameAsPlain(t *testing.T, when string, s *State) []byte {
	t.Helper()
	got := mustEncode(t, s.SnapshotCopy())
	want := plainEncode(t, s)
	if !bytes.Equal(got, want) {
		i := 0
		for i < min(len(got), len(want)) && got[i] == want[i] {
			i++
		}
		t.Fatalf("%s: cached encoding differs at byte %d:\ngot  …%s…\nwant …%s…", when, i,
			got[max(0, i-80):min(len(got), i+80)], want[max(0, i-80):min(len(want), i+80)])
	}
	if _, err := Decode(got); err != nil {
		t.Fatalf("%s: %v", when, err)
	}
	return got
}

// TestReuseEncodingsWritesTheSameDocument changes a state the ways apply
// does between writes and checks that each encoding with the cache is
// byte for byte the encoding without it: a changed instance, field or
// slice, is encoded again, and what is gone is gone.
func TestReuseEncodingsWritesTheSameDocument(t *testing.T) {
	s := representativeState()
	s.index = newResourceIndex()
	s.ReuseEncodings()
	sameAsPlain(t, "first", s)
	sameAsPlain(t, "unchanged", s)
	if len(s.enc.insts) == 0 || len(s.enc.heads) != len(s.Resources) {
		t.Fatalf("cache holds %d instances, %d heads", len(s.enc.insts), len(s.enc.heads))
	}

	counted := addrs.Resource{Mode: addrs.ManagedResourceMode, Type: "null_resource", Name: "counted"}
	r := s.FindResource(counted)
	steps := []struct {
		name string
		do   func()
	}{
		{"status in place", func() { r.Instance(addrs.IntKey(10), "").Status = "tainted" }},
		{"deposed in place", func() { r.Instance(addrs.IntKey(10), "").Deposed = "0000abcd" }},
		{"dependencies replaced", func() { r.Instance(addrs.IntKey(2), "").Dependencies = []string{"null_resource.each"} }},
		{"attributes replaced", func() {
			s.SetInstance(counted, r.Provider, &Instance{Key: addrs.IntKey(2), Attributes: json.RawMessage(`{"id":"2b","triggers":{"x":"\u2028"}}`)})
		}},
		{"same length attributes replaced", func() {
			s.SetInstance(counted, r.Provider, &Instance{Key: addrs.IntKey(2), Attributes: json.RawMessage(`{"id":"2c","triggers":{"x":"\u2028"}}`)})
		}},
		{"private and sensitive paths", func() {
			in := r.Instance(addrs.IntKey(0), "")
			in.Private = []byte("private")
			in.SensitiveAttributes = []cty.Path{cty.GetAttrPath("id")}
		}},
		{"schema version and create_before_destroy", func() {
			in := r.Instance(addrs.IntKey(0), "")
			in.SchemaVersion, in.CreateBeforeDestroy = 2, false
		}},
		{"instance removed", func() { s.RemoveInstance(counted, addrs.IntKey(0), "00000001") }},
		{"provider and each mode", func() { r.Provider = `provider["registry.terraform.io/hashicorp/null"].alias` }},
		{"resource added", func() {
			s.SetInstance(addrs.Resource{Module: `module.m["a\"b"]`, Mode: addrs.ManagedResourceMode, Type: "null_resource", Name: "new"}, "p",
				&Instance{Key: addrs.StringKey("k<>&"), Attributes: json.RawMessage(`{"id":"n"}`)})
		}},
		{"legacy flatmap", func() {
			s.SetInstance(addrs.Resource{Mode: addrs.ManagedResourceMode, Type: "null_resource", Name: "old"}, "p",
				&Instance{AttributesFlat: map[string]string{"id": "x"}})
		}},
		{"outputs and serial", func() {
			s.Serial++
			s.Outputs["n"] = &Output{Value: cty.NumberIntVal(3)}
		}},
		{"resource removed", func() {
			s.RemoveInstance(addrs.Resource{Mode: addrs.DataResourceMode, Type: "null_data_source", Name: "x"}, addrs.NoKey, "")
		}},
		{"a resource with no instance", func() {
			s.Resources = append(s.Resources, &Resource{Addr: addrs.Resource{Mode: addrs.ManagedResourceMode, Type: "null_resource", Name: "empty"}, Provider: "p"})
		}},
		{"everything removed", func() { s.Resources = nil; s.Outputs = map[string]*Output{} }},
	}
	for _, st := range steps {
		st.do()
		sameAsPlain(t, st.name, s)
	}
}

// TestReuseEncodingsReportsErrors checks that a state that cannot be
// encoded fails with the error Encode gives without the cache.
func TestReuseEncodingsReportsErrors(t *testing.T) {
	s := representativeState()
	s.ReuseEncodings()
	sameAsPlain(t, "first", s)
	s.Resources[0].Instances[0].Attributes = json.RawMessage(`{"id":`)
	_, err := Encode(s)
	c := *s
	c.enc = nil
	_, want := Encode(&c)
	if err == nil || want == nil || err.Error() != want.Error() {
		t.Fatalf("with the cache: %v; without: %v", err, want)
	}
}

// TestReuseEncodingsBigState checks a state of many counted resources
// whose instances change a few at a time.
func TestReuseEncodingsBigState(t *testing.T) {
	s := bigState(3000)
	s.ReuseEncodings()
	sameAsPlain(t, "first", s)
	for round := range 3 {
		for i := round; i < 3000; i += 97 {
			a := addrs.Resource{Mode: addrs.ManagedResourceMode, Type: "aws_s3_object", Name: fmt.Sprintf("obj%03d", i/100)}
			s.SetInstance(a, `provider["registry.terraform.io/hashicorp/aws"]`, &Instance{
				Key: addrs.IntKey(i % 100), Attributes: json.RawMessage(fmt.Sprintf(`{"id":"changed-%d-%d"}`, round, i)),
			})
		}
		sameAsPlain(t, fmt.Sprint("round ", round), s)
	}
}

// BenchmarkEncodeReused10000 encodes a 10,000-instance state of which a
// hundred instances changed since the last encoding, as the persister's
// writes during a long apply do.
func BenchmarkEncodeReused10000(b *testing.B) {
	s := bigState(10000)
	s.ReuseEncodings()
	if _, err := Encode(s); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		for i := range 100 {
			k := (n*100 + i) % 10000
			a := addrs.Resource{Mode: addrs.ManagedResourceMode, Type: "aws_s3_object", Name: fmt.Sprintf("obj%03d", k/100)}
			s.SetInstance(a, "p", &Instance{Key: addrs.IntKey(k % 100), Attributes: json.RawMessage(`{"id":"x"}`)})
		}
		n++
		if _, err := Encode(s.SnapshotCopy()); err != nil {
			b.Fatal(err)
		}
	}
}

// TestReuseEncodingsStopsPastItsSize checks that a state whose document
// outgrew reuseMaxDocument drops the cache and is encoded whole, with the
// same bytes.
func TestReuseEncodingsStopsPastItsSize(t *testing.T) {
	defer func(n int) { reuseMaxDocument = n }(reuseMaxDocument)
	s := bigState(300)
	s.ReuseEncodings()
	first := sameAsPlain(t, "first", s)
	if len(s.enc.insts) != 300 {
		t.Fatalf("cache holds %d instances, want 300", len(s.enc.insts))
	}
	reuseMaxDocument = len(first) - 1
	s.Serial++
	sameAsPlain(t, "past the size", s)
	if s.enc.insts != nil {
		t.Errorf("cache still holds %d instances past its size", len(s.enc.insts))
	}
}
