package gcs_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"cloud.google.com/go/storage"
	"google.golang.org/api/iterator"

	"github.com/trueup/trueup/engine/sandbox"
	"github.com/trueup/trueup/engine/state"
	gcsbackend "github.com/trueup/trueup/engine/state/gcs"
	"github.com/trueup/trueup/engine/state/statetest"
)

func mustNewStore(t *testing.T, cfg gcsbackend.Config) *gcsbackend.Store {
	t.Helper()
	s, err := gcsbackend.NewStore(context.Background(), cfg, nil)
	if err != nil {
		t.Fatalf("configure gcs backend: %v", err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func TestWorkspacesConformance(t *testing.T) {
	for name, prefix := range map[string]string{"with a prefix": "stacks/app", "at the bucket's root": ""} {
		t.Run(name, func(t *testing.T) {
			sb := startSandbox(t, sandbox.Options{})
			statetest.RunWorkspaces(t, func(t *testing.T) func() state.Store {
				bucket := newBucket(t, rawGCS(t, sb.GCSURL()), false)
				cfg := config(sb.GCSURL(), bucket, prefix)
				return func() state.Store { return mustNewStore(t, cfg) }
			})
		})
	}
}

func listObjects(t *testing.T, c *storage.Client, bucket string) []string {
	t.Helper()
	var names []string
	it := c.Bucket(bucket).Objects(context.Background(), nil)
	for {
		a, err := it.Next()
		if errors.Is(err, iterator.Done) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, a.Name)
	}
	slices.Sort(names)
	return names
}

// The objects are where Terraform's gcs backend puts them:
// PREFIX/NAME.tfstate with PREFIX/NAME.tflock beside it; objects deeper
// under the prefix or with another suffix are not workspaces.
func TestWorkspaceObjectsFollowTerraformsLayout(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	raw := rawGCS(t, sb.GCSURL())
	bucket := newBucket(t, raw, true)
	st := mustNewStore(t, config(sb.GCSURL(), bucket, "app"))
	ctx := context.Background()
	if err := st.CreateWorkspace(ctx, "staging"); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"app/sub/x.tfstate", "app/notes.txt", "other.tfstate"} {
		putObject(t, raw, bucket, name, "{}")
	}
	b, _ := st.Workspace("staging")
	if _, err := b.Read(ctx); err != nil {
		t.Fatal(err)
	}
	id, err := b.Lock(ctx, state.NewLockInfo("OperationTypeApply"))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"app/notes.txt", "app/staging.tflock", "app/staging.tfstate", "app/sub/x.tfstate", "other.tfstate"}
	if got := listObjects(t, raw, bucket); !slices.Equal(got, want) {
		t.Errorf("objects = %q\nwant      %q", got, want)
	}
	if got, _ := st.Workspaces(ctx); !slices.Equal(got, []string{"default", "staging"}) {
		t.Errorf("Workspaces = %q, want [default staging]", got)
	}
	if err := b.Unlock(ctx, id); err != nil {
		t.Fatal(err)
	}
	if err := st.DeleteWorkspace(ctx, "staging"); err != nil {
		t.Fatal(err)
	}
	want = []string{"app/notes.txt", "app/sub/x.tfstate", "other.tfstate"}
	if got := listObjects(t, raw, bucket); !slices.Equal(got, want) {
		t.Errorf("after delete, objects = %q\nwant                %q", got, want)
	}
}
