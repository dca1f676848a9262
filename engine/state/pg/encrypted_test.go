package pg_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/engine/encryption"
	"github.com/trueup/trueup/engine/state"
	"github.com/trueup/trueup/engine/state/pg"
	"github.com/trueup/trueup/engine/state/statetest"
)

// TestConformanceEncrypted runs the backend suite with every row
// encrypted: conditional writes, locks and history hold when the stored
// bytes are ciphertext.
func TestConformanceEncrypted(t *testing.T) {
	t.Parallel()
	c := statetest.PassphraseCodec(t, "a passphrase for the pg conformance suite")
	var once sync.Once
	var url string
	var n atomic.Int64
	statetest.Run(t, func(t *testing.T) func() state.Backend {
		once.Do(func() { url = server.NewDatabase(t) })
		cfg := pg.Config{ConnStr: url, SchemaName: fmt.Sprintf("enc%d", n.Add(1))}
		return func() state.Backend {
			st := mustStore(t, cfg)
			b, err := st.WithCodec(c).Workspace("default")
			if err != nil {
				t.Fatal(err)
			}
			return b
		}
	})
}

// TestEncryptedRowsAreCiphertextAndAWrongKeyWritesNothing: the row holds
// OpenTofu's encrypted envelope, not the state; a client with another key
// cannot read it and its write is refused with the row unchanged.
func TestEncryptedRowsAreCiphertextAndAWrongKeyWritesNothing(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	url := server.NewDatabase(t)
	st := mustStore(t, pg.Config{ConnStr: url})
	b, err := st.WithCodec(statetest.PassphraseCodec(t, "the right passphrase, long enough")).Workspace("default")
	if err != nil {
		t.Fatal(err)
	}
	s := state.New()
	s.Outputs = map[string]*state.Output{"secret_marker": {Value: cty.StringVal("visible-if-plain")}}
	if err := b.Write(ctx, s); err != nil {
		t.Fatal(err)
	}
	var raw string
	if err := sql(t, url).QueryRow(ctx, `SELECT data FROM terraform_remote_state.states WHERE name = 'default'`).Scan(&raw); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(raw, "visible-if-plain") || !encryption.IsEncrypted([]byte(raw)) {
		t.Fatalf("the row is not encrypted:\n%s", raw)
	}

	wrong, err := st.WithCodec(statetest.PassphraseCodec(t, "another passphrase, long enough")).Workspace("default")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := wrong.Read(ctx); err == nil {
		t.Fatal("a wrong key read the state")
	}
	if err := wrong.Write(ctx, s); err == nil {
		t.Error("a client that could not read the state wrote it")
	}
	var after string
	if err := sql(t, url).QueryRow(ctx, `SELECT data FROM terraform_remote_state.states WHERE name = 'default'`).Scan(&after); err != nil {
		t.Fatal(err)
	}
	if after != raw {
		t.Error("the row changed after a wrong key's write")
	}
}
