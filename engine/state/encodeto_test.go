package state

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zclconf/go-cty/cty"
)

// TestEncodeToWritesWhatEncodeReturns: the streamed document is Encode's,
// byte for byte, with and without the encoding cache, and its errors are
// Encode's.
func TestEncodeToWritesWhatEncodeReturns(t *testing.T) {
	for name, s := range map[string]*State{
		"representative": representativeState(),
		"big":            bigState(3000),
		"empty":          New(),
	} {
		t.Run(name, func(t *testing.T) {
			want := mustEncode(t, s)
			var got bytes.Buffer
			if err := EncodeTo(&got, s); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.Bytes(), want) {
				t.Fatalf("EncodeTo wrote %d bytes that differ from Encode's %d", got.Len(), len(want))
			}
			s.ReuseEncodings()
			defer s.ForgetEncodings()
			for range 2 { // the first fills the cache, the second reads it
				got.Reset()
				if err := EncodeTo(&got, s); err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(got.Bytes(), want) {
					t.Fatal("EncodeTo with the encoding cache differs from Encode")
				}
			}
		})
	}
	s := representativeState()
	s.Resources[0].Instances[0].Attributes = []byte("{oops")
	_, encErr := Encode(s)
	err := EncodeTo(&bytes.Buffer{}, s)
	if err == nil || encErr == nil || err.Error() != encErr.Error() {
		t.Fatalf("EncodeTo of invalid attributes: %v; Encode: %v", err, encErr)
	}
	s = representativeState()
	s.Outputs["x"] = &Output{Value: cty.UnknownVal(cty.String)}
	if err := EncodeTo(&bytes.Buffer{}, s); err == nil || !strings.Contains(err.Error(), `output "x": value is not known`) {
		t.Fatalf("EncodeTo of an unknown output: %v", err)
	}
}

// TestLocalWriteThatFailsToEncodeLeavesTheFile: a state whose document
// cannot be encoded, found partway through the stream, leaves the file
// and its directory as they were, and the next write succeeds.
func TestLocalWriteThatFailsToEncodeLeavesTheFile(t *testing.T) {
	dir := t.TempDir()
	l := NewLocal(filepath.Join(dir, "terraform.tfstate"))
	ctx := context.Background()
	good := bigState(500)
	if err := l.Write(ctx, good); err != nil {
		t.Fatal(err)
	}
	before, err := os.ReadFile(l.path)
	if err != nil {
		t.Fatal(err)
	}
	bad := good.DeepCopy()
	bad.Serial++
	last := bad.Resources[len(bad.Resources)-1]
	last.Instances[len(last.Instances)-1].Attributes = []byte(`{"id":`)
	err = l.Write(ctx, bad)
	if err == nil || !strings.Contains(err.Error(), "attributes are not valid JSON") {
		t.Fatalf("Write of invalid attributes = %v", err)
	}
	after, _ := os.ReadFile(l.path)
	if !bytes.Equal(after, before) {
		t.Fatal("a write that failed to encode changed the state file")
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp-") {
			t.Errorf("left behind %s", e.Name())
		}
	}
	next := good.DeepCopy()
	next.Serial++
	if err := l.Write(ctx, next); err != nil {
		t.Fatalf("the write after a failed one: %v", err)
	}
	read, err := l.Read(ctx)
	if err != nil || read.Serial != next.Serial {
		t.Fatalf("read back serial %v (%v), want %d", read, err, next.Serial)
	}
}
