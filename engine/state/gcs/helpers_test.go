package gcs_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"cloud.google.com/go/storage"
	"github.com/hashicorp/go-hclog"
	"google.golang.org/api/option"

	"github.com/trueup/trueup/engine/sandbox"
	gcsbackend "github.com/trueup/trueup/engine/state/gcs"
)

// startSandbox starts a sandbox closed at the end of the test.
func startSandbox(t *testing.T, opts sandbox.Options) *sandbox.Sandbox {
	t.Helper()
	sb, err := sandbox.Start(context.Background(), opts)
	if err != nil {
		t.Fatalf("start sandbox: %v", err)
	}
	t.Cleanup(func() {
		if err := sb.Close(); err != nil {
			t.Errorf("close sandbox: %v", err)
		}
	})
	return sb
}

// config is a backend configuration for bucket/prefix on the endpoint,
// with fast retries.
func config(endpoint, bucket, prefix string) gcsbackend.Config {
	return gcsbackend.Config{Bucket: bucket, Prefix: prefix, Endpoint: endpoint, RetryMaxBackoff: 20 * time.Millisecond}
}

// mustNew configures a backend, closed at the end of the test.
func mustNew(t *testing.T, cfg gcsbackend.Config, log hclog.Logger) *gcsbackend.Backend {
	t.Helper()
	b, err := gcsbackend.New(context.Background(), cfg, log)
	if err != nil {
		t.Fatalf("configure gcs backend: %v", err)
	}
	t.Cleanup(func() { _ = b.Close() })
	return b
}

// rawGCS is a storage client of the test's own on endpoint, to prepare,
// inspect and tamper with objects behind the backend's back.
func rawGCS(t *testing.T, endpoint string) *storage.Client {
	t.Helper()
	c, err := storage.NewClient(context.Background(), option.WithEndpoint(endpoint+"/storage/v1/"), option.WithoutAuthentication())
	if err != nil {
		t.Fatalf("gcs client: %v", err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

var bucketSeq atomic.Int64

// newBucket creates a bucket with a fresh name, keeping versions when
// asked.
func newBucket(t *testing.T, c *storage.Client, versioned bool) string {
	t.Helper()
	name := bucketName()
	if err := c.Bucket(name).Create(context.Background(), "sandbox", &storage.BucketAttrs{VersioningEnabled: versioned}); err != nil {
		t.Fatalf("create bucket %s: %v", name, err)
	}
	return name
}

// tryNewBucket creates a bucket without versioning, reporting failure
// (bucket creation is not retried by the client).
func tryNewBucket(c *storage.Client) (string, bool) {
	name := bucketName()
	return name, c.Bucket(name).Create(context.Background(), "sandbox", nil) == nil
}

func bucketName() string {
	return fmt.Sprintf("state-%d-%d", time.Now().UnixNano()%1e9, bucketSeq.Add(1))
}

func putObject(t *testing.T, c *storage.Client, bucket, name, body string) {
	t.Helper()
	w := c.Bucket(bucket).Object(name).NewWriter(context.Background())
	if _, err := io.Copy(w, strings.NewReader(body)); err != nil {
		t.Fatalf("write %s: %v", name, errors.Join(err, w.Close()))
	}
	if err := w.Close(); err != nil {
		t.Fatalf("write %s: %v", name, err)
	}
}

// getObject returns the object's content and generation.
func getObject(t *testing.T, c *storage.Client, bucket, name string) (string, int64) {
	t.Helper()
	r, err := c.Bucket(bucket).Object(name).NewReader(context.Background())
	if err != nil {
		t.Fatalf("read %s: %v", name, err)
	}
	defer r.Close()
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("read %s: %v", name, err)
	}
	return string(b), r.Attrs.Generation
}
