package s3_test

import (
	"bytes"
	"context"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awss3 "github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/engine/sandbox"
	"github.com/trueup/trueup/engine/state"
	s3backend "github.com/trueup/trueup/engine/state/s3"
	"github.com/trueup/trueup/engine/state/statetest"
)

// journalStore returns a statetest.NewJournalStore on endpoint: a fresh
// bucket per subtest, with cfg applied to the clients' configuration.
func journalStore(endpoint string, versioned bool, cfg func(t *testing.T, c *s3backend.Config)) statetest.NewJournalStore {
	return func(t *testing.T) statetest.JournalStore {
		raw := rawS3(t, endpoint)
		bucket := newBucket(t, raw, versioned)
		c := config(endpoint, bucket, "stacks/app/terraform.tfstate")
		if cfg != nil {
			cfg(t, &c)
		}
		return statetest.JournalStore{
			Client:    func() state.Backend { return mustNew(t, c, nil) },
			Objects:   func() map[string][]byte { return allObjects(t, raw, bucket) },
			Put:       func(name string, data []byte) { putObject(t, raw, bucket, name, data) },
			WrapStore: s3backend.WrapObjectStore,
			StateName: c.StateKey(),
			Codec:     c.Codec,
			Encrypted: c.Codec.Sealer != nil,
		}
	}
}

// allObjects returns every object of bucket by key.
func allObjects(t *testing.T, c *awss3.Client, bucket string) map[string][]byte {
	t.Helper()
	ctx := context.Background()
	out := map[string][]byte{}
	p := awss3.NewListObjectsV2Paginator(c, &awss3.ListObjectsV2Input{Bucket: &bucket})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			t.Fatalf("list %s: %v", bucket, err)
		}
		for _, o := range page.Contents {
			got, err := c.GetObject(ctx, &awss3.GetObjectInput{Bucket: &bucket, Key: o.Key})
			if err != nil {
				t.Fatalf("get %s: %v", aws.ToString(o.Key), err)
			}
			data, err := io.ReadAll(got.Body)
			got.Body.Close()
			if err != nil {
				t.Fatal(err)
			}
			out[aws.ToString(o.Key)] = data
		}
	}
	return out
}

// putObject stores data at key, unconditionally.
func putObject(t *testing.T, c *awss3.Client, bucket, key string, data []byte) {
	t.Helper()
	if _, err := c.PutObject(context.Background(), &awss3.PutObjectInput{Bucket: &bucket, Key: &key, Body: bytes.NewReader(data)}); err != nil {
		t.Fatalf("put %s: %v", key, err)
	}
}

func TestJournalGofakes3(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	statetest.RunJournal(t, journalStore(sb.S3URL(), false, nil))
}

func TestJournalGofakes3VersionedEncrypted(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	statetest.RunJournal(t, journalStore(sb.S3URL(), true, func(t *testing.T, c *s3backend.Config) {
		c.Codec = statetest.PassphraseCodec(t, "a passphrase for the journal suite")
		c.Encrypt = true
	}))
}

func TestJournalMoto(t *testing.T) {
	statetest.RunJournal(t, journalStore(moto.URL(t), false, nil))
}

// A workspace's journal objects (env:/NAME/KEY.journal/...) are not
// workspaces, and workspace delete removes them.
func TestWorkspaceJournalIsNotListedAndIsDeleted(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	raw := rawS3(t, sb.S3URL())
	bucket := newBucket(t, raw, false)
	st := mustNewStore(t, config(sb.S3URL(), bucket, "app/terraform.tfstate"))
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
	want := []string{"env:/staging/app/terraform.tfstate", "env:/staging/app/terraform.tfstate.journal/"}
	keys := listKeys(t, raw, bucket)
	if len(keys) != 2 || keys[0] != want[0] || !strings.HasPrefix(keys[1], want[1]) {
		t.Fatalf("objects = %q; want the state and one journal object", keys)
	}
	if got, _ := st.Workspaces(ctx); !slices.Equal(got, []string{"default", "staging"}) {
		t.Errorf("Workspaces = %q, want [default staging]", got)
	}
	if err := st.DeleteWorkspace(ctx, "staging"); err != nil {
		t.Fatal(err)
	}
	if got := listKeys(t, raw, bucket); len(got) != 0 {
		t.Errorf("after delete, objects = %q; want none", got)
	}
}
