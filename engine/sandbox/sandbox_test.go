package sandbox_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"cloud.google.com/go/storage"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"google.golang.org/api/iterator"
	"google.golang.org/api/option"

	"github.com/trueup/trueup/engine/sandbox"
)

func TestDataDirSurvivesRestart(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	sb, err := sandbox.Start(ctx, sandbox.Options{DataDir: dir, Buckets: []string{"persist"}})
	if err != nil {
		t.Fatalf("start: %v", err)
	}
	if err := putS3(ctx, s3Client(t, sb), "persist", "env/prod.tfstate", "s3 body"); err != nil {
		t.Fatalf("put s3: %v", err)
	}
	if err := putGCS(ctx, gcsClient(t, sb), "persist", "env/default.tfstate", "gcs body"); err != nil {
		t.Fatalf("put gcs: %v", err)
	}
	if err := sb.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}

	sb2 := mustStart(t, sandbox.Options{DataDir: dir})
	if got, err := getS3(ctx, s3Client(t, sb2), "persist", "env/prod.tfstate"); err != nil || got != "s3 body" {
		t.Errorf("S3 object after restart = %q, %v; want %q", got, err, "s3 body")
	}
	if got, err := getGCS(ctx, gcsClient(t, sb2), "persist", "env/default.tfstate"); err != nil || got != "gcs body" {
		t.Errorf("GCS object after restart = %q, %v; want %q", got, err, "gcs body")
	}
}

func TestSecondSandboxOnSameDataDirFailsClearly(t *testing.T) {
	dir := t.TempDir()
	mustStart(t, sandbox.Options{DataDir: dir})
	_, err := sandbox.Start(context.Background(), sandbox.Options{DataDir: dir})
	if err == nil || !strings.Contains(err.Error(), filepath.Join(dir, "s3.db")) || !strings.Contains(err.Error(), "in use") {
		t.Fatalf("second Start on the same data directory: err = %v, want one naming s3.db in use", err)
	}
}

func TestInvalidOptionsAreRefused(t *testing.T) {
	for name, opts := range map[string]sandbox.Options{
		"fail rate above one is refused":    {FailRate: 1.5},
		"negative fail rate is refused":     {FailRate: -0.1},
		"negative latency is refused":       {Latency: -1},
		"malformed address is refused":      {Addr: "127.0.0.1"},
		"port 65535 leaves no room for GCS": {Addr: "127.0.0.1:65535"},
	} {
		t.Run(name, func(t *testing.T) {
			sb, err := sandbox.Start(context.Background(), opts)
			if err == nil {
				_ = sb.Close()
				t.Fatal("Start succeeded, want an error")
			}
		})
	}
}

func TestInMemorySandboxKeepsVersions(t *testing.T) {
	ctx := context.Background()
	sb := mustStart(t, sandbox.Options{Buckets: []string{"hist"}})
	c := s3Client(t, sb)
	_, err := c.PutBucketVersioning(ctx, &s3.PutBucketVersioningInput{
		Bucket:                  aws.String("hist"),
		VersioningConfiguration: &types.VersioningConfiguration{Status: types.BucketVersioningStatusEnabled},
	})
	if err != nil {
		t.Fatalf("enable S3 versioning: %v", err)
	}
	for _, body := range []string{"one", "two"} {
		if err := putS3(ctx, c, "hist", "k", body); err != nil {
			t.Fatalf("put: %v", err)
		}
	}
	out, err := c.ListObjectVersions(ctx, &s3.ListObjectVersionsInput{Bucket: aws.String("hist")})
	if err != nil || len(out.Versions) != 2 {
		t.Fatalf("S3 versions = %d, %v; want 2", len(out.Versions), err)
	}

	g := gcsClient(t, sb)
	if err := g.Bucket("ghist").Create(ctx, "p", &storage.BucketAttrs{VersioningEnabled: true}); err != nil {
		t.Fatalf("create versioned GCS bucket: %v", err)
	}
	for _, body := range []string{"one", "two"} {
		if err := putGCS(ctx, g, "ghist", "o", body); err != nil {
			t.Fatalf("put gcs: %v", err)
		}
	}
	n := 0
	it := g.Bucket("ghist").Objects(ctx, &storage.Query{Versions: true})
	for {
		_, err := it.Next()
		if err != nil {
			if !errors.Is(err, iterator.Done) {
				t.Fatalf("list GCS versions: %v", err)
			}
			break
		}
		n++
	}
	if n != 2 {
		t.Errorf("GCS versions = %d, want 2", n)
	}
}

func TestServicesAreSeparate(t *testing.T) {
	ctx := context.Background()
	sb := mustStart(t, sandbox.Options{Buckets: []string{"data"}})
	if sb.S3URL() == sb.GCSURL() {
		t.Fatalf("S3URL and GCSURL are both %q, want two endpoints", sb.S3URL())
	}
	s3c, gcs := s3Client(t, sb), gcsClient(t, sb)
	if err := putS3(ctx, s3c, "data", "o", "s3 side"); err != nil {
		t.Fatalf("put S3 object: %v", err)
	}
	if err := putGCS(ctx, gcs, "data", "o", "gcs side"); err != nil {
		t.Fatalf("put GCS object: %v", err)
	}
	if got, err := getS3(ctx, s3c, "data", "o"); err != nil || got != "s3 side" {
		t.Errorf("S3 object = %q, %v; want %q", got, err, "s3 side")
	}
	if got, err := getGCS(ctx, gcs, "data", "o"); err != nil || got != "gcs side" {
		t.Errorf("GCS object = %q, %v; want %q", got, err, "gcs side")
	}
}

func TestGCSAnswersUnderAnyHostName(t *testing.T) {
	ctx := context.Background()
	sb := mustStart(t, sandbox.Options{Buckets: []string{"named"}})
	g := gcsClient(t, sb)
	if err := putGCS(ctx, g, "named", "o", "body"); err != nil {
		t.Fatal(err)
	}
	// The Google client reads objects at /BUCKET/OBJECT on the endpoint's
	// host; "localhost" must work as well as the printed 127.0.0.1.
	local := strings.Replace(sb.GCSURL(), "127.0.0.1", "localhost", 1)
	c, err := storage.NewClient(ctx, option.WithEndpoint(local+"/storage/v1/"), option.WithoutAuthentication())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if got, err := getGCS(ctx, c, "named", "o"); err != nil || got != "body" {
		t.Errorf("read through localhost = %q, %v; want %q", got, err, "body")
	}
}
