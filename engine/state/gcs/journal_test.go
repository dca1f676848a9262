package gcs_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"cloud.google.com/go/storage"
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/engine/sandbox"
	"github.com/trueup/trueup/engine/state"
	gcsbackend "github.com/trueup/trueup/engine/state/gcs"
	"github.com/trueup/trueup/engine/state/statetest"
)

// journalStore returns a statetest.NewJournalStore on endpoint: a fresh
// bucket per subtest, with cfg applied to the clients' configuration.
func journalStore(endpoint string, versioned bool, cfg func(t *testing.T, c *gcsbackend.Config)) statetest.NewJournalStore {
	return func(t *testing.T) statetest.JournalStore {
		raw := rawGCS(t, endpoint)
		bucket := newBucket(t, raw, versioned)
		c := config(endpoint, bucket, "stacks/app")
		if cfg != nil {
			cfg(t, &c)
		}
		return statetest.JournalStore{
			Client:    func() state.Backend { return mustNew(t, c, nil) },
			Objects:   func() map[string][]byte { return allObjects(t, raw, bucket) },
			Put:       func(name string, data []byte) { putObject(t, raw, bucket, name, string(data)) },
			WrapStore: gcsbackend.WrapObjectStore,
			StateName: c.StateObject(),
			Codec:     c.Codec,
			Encrypted: c.Codec.Sealer != nil,
		}
	}
}

// allObjects returns every object of bucket by name.
func allObjects(t *testing.T, c *storage.Client, bucket string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for _, name := range listObjects(t, c, bucket) {
		data, _ := getObject(t, c, bucket, name)
		out[name] = []byte(data)
	}
	return out
}

func TestJournalFakeGCS(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	statetest.RunJournal(t, journalStore(sb.GCSURL(), false, nil))
}

func TestJournalFakeGCSVersionedEncrypted(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	statetest.RunJournal(t, journalStore(sb.GCSURL(), true, func(t *testing.T, c *gcsbackend.Config) {
		c.Codec = statetest.PassphraseCodec(t, "a passphrase for the journal suite")
	}))
}

// A workspace's journal objects (PREFIX/NAME.tfstate.journal/...) are not
// workspaces, and workspace delete removes them.
func TestWorkspaceJournalIsNotListedAndIsDeleted(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	raw := rawGCS(t, sb.GCSURL())
	bucket := newBucket(t, raw, false)
	st := mustNewStore(t, config(sb.GCSURL(), bucket, "app"))
	ctx := context.Background()
	if err := st.CreateWorkspace(ctx, "staging"); err != nil {
		t.Fatal(err)
	}
	b, _ := st.Workspace("staging")
	s, err := b.Read(ctx)
	if err != nil {
		t.Fatal(err)
	}
	s.TrackChanges()
	s.Outputs["o"] = &state.Output{Value: cty.StringVal("x")}
	entries := append(s.TakeChanges(), state.JournalEntry{Op: state.JournalSerial, Serial: s.Serial + 1})
	if err := b.(state.Journaler).AppendJournal(ctx, entries); err != nil {
		t.Fatal(err)
	}
	keys := listObjects(t, raw, bucket)
	if len(keys) != 2 || keys[0] != "app/staging.tfstate" || !strings.HasPrefix(keys[1], "app/staging.tfstate.journal/") {
		t.Fatalf("objects = %q; want the state and one journal object", keys)
	}
	if got, _ := st.Workspaces(ctx); !slices.Equal(got, []string{"default", "staging"}) {
		t.Errorf("Workspaces = %q, want [default staging]", got)
	}
	if err := st.DeleteWorkspace(ctx, "staging"); err != nil {
		t.Fatal(err)
	}
	if got := listObjects(t, raw, bucket); len(got) != 0 {
		t.Errorf("after delete, objects = %q; want none", got)
	}
}
