package sandbox_test

import (
	"context"
	"testing"
	"time"

	"cloud.google.com/go/storage"

	"github.com/trueup/trueup/engine/sandbox"
)

func TestPersistentGCSKeepsBucketVersioningAndLocationAcrossRestarts(t *testing.T) {
	data := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	sb, err := sandbox.Start(ctx, sandbox.Options{DataDir: data})
	if err != nil {
		t.Fatal(err)
	}
	c := gcsClient(t, sb)
	// Before the fix the store answered 500 "not implemented", which the
	// client retried until ctx ran out.
	if err := c.Bucket("vers").Create(ctx, "p", &storage.BucketAttrs{Location: "eu", VersioningEnabled: true}); err != nil {
		t.Fatalf("create a bucket with versioning: %v", err)
	}
	if err := c.Bucket("plain").Create(ctx, "p", &storage.BucketAttrs{Location: "ASIA"}); err != nil {
		t.Fatal(err)
	}
	if err := putGCS(ctx, c, "vers", "a.txt", "one"); err != nil {
		t.Fatalf("write to the versioned bucket: %v", err)
	}
	if err := sb.Close(); err != nil {
		t.Fatal(err)
	}

	sb = mustStart(t, sandbox.Options{DataDir: data})
	c = gcsClient(t, sb)
	for name, want := range map[string]storage.BucketAttrs{
		"vers":  {Location: "EU", VersioningEnabled: true},
		"plain": {Location: "ASIA"},
	} {
		a, err := c.Bucket(name).Attrs(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if a.Location != want.Location || a.VersioningEnabled != want.VersioningEnabled {
			t.Errorf("bucket %s after a restart: location %q versioning %v, want %q %v",
				name, a.Location, a.VersioningEnabled, want.Location, want.VersioningEnabled)
		}
	}
	if got, err := getGCS(ctx, c, "vers", "a.txt"); err != nil || got != "one" {
		t.Errorf("object after a restart: %q, %v", got, err)
	}

	// Turning versioning off is kept too, and a deleted bucket forgets it.
	if _, err := c.Bucket("vers").Update(ctx, storage.BucketAttrsToUpdate{VersioningEnabled: false}); err != nil {
		t.Fatalf("turn versioning off: %v", err)
	}
	if a, err := c.Bucket("vers").Attrs(ctx); err != nil || a.VersioningEnabled {
		t.Fatalf("versioning after turning it off: %+v, %v", a, err)
	}
	if err := c.Bucket("plain").Delete(ctx); err != nil {
		t.Fatal(err)
	}
	if err := c.Bucket("plain").Create(ctx, "p", &storage.BucketAttrs{Location: "US"}); err != nil {
		t.Fatal(err)
	}
	if a, err := c.Bucket("plain").Attrs(ctx); err != nil || a.Location != "US" {
		t.Fatalf("re-created bucket: %+v, %v", a, err)
	}
}
