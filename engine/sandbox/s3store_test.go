package sandbox_test

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/trueup/trueup/engine/sandbox"
)

// gofakes3's old bolt backend read copied objects from bolt's memory map
// after their transaction: a copy that grew the file crashed the process.
func TestPersistentStoreCopiesLargeObjectsWhileTheFileGrows(t *testing.T) {
	ctx := context.Background()
	sb := mustStart(t, sandbox.Options{DataDir: t.TempDir(), Buckets: []string{"big"}})
	c := s3Client(t, sb)
	body := strings.Repeat("0123456789abcdef", 128<<10) // 2 MiB
	if err := putS3(ctx, c, "big", "src", body); err != nil {
		t.Fatalf("put: %v", err)
	}
	for i := range 8 {
		dst := fmt.Sprintf("copy-%d", i)
		_, err := c.CopyObject(ctx, &s3.CopyObjectInput{Bucket: aws.String("big"), Key: &dst, CopySource: aws.String("big/src")})
		if err != nil {
			t.Fatalf("copy %d: %v", i, err)
		}
		got, err := getS3(ctx, c, "big", dst)
		if err != nil || got != body {
			t.Fatalf("copy %d reads back %d bytes, %v; want the 2 MiB source", i, len(got), err)
		}
	}
}

// A data directory written by gofakes3's s3bolt backend (testdata, made
// with it before trueup had its own store) keeps its objects, metadata and
// modification times.
func TestPersistentStoreReadsDataWrittenByS3bolt(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	legacy, err := os.ReadFile(filepath.Join("testdata", "legacy-s3.db"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "s3.db"), legacy, 0o600); err != nil {
		t.Fatal(err)
	}
	sb := mustStart(t, sandbox.Options{DataDir: dir})
	c := s3Client(t, sb)
	out, err := c.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String("state"), Key: aws.String("env/prod/terraform.tfstate")})
	if err != nil {
		t.Fatalf("get legacy object: %v", err)
	}
	defer out.Body.Close()
	body, _ := io.ReadAll(out.Body)
	if string(body) != `{"version": 4, "serial": 7}`+"\n" || out.Metadata["owner"] != "ops" {
		t.Errorf("legacy object = %q, metadata %v", body, out.Metadata)
	}
	list, err := c.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: aws.String("state")})
	if err != nil || len(list.Contents) != 2 {
		t.Fatalf("list legacy bucket: %v, %+v", err, list)
	}
	if m := list.Contents[1].LastModified; m == nil || !m.Equal(time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)) {
		t.Errorf("legacy object's modification time = %v, want the stored 2025-06-01T12:00:00Z", m)
	}
	if got, err := getS3(ctx, c, "state", "empty"); err != nil || got != "" {
		t.Errorf("legacy empty object = %q, %v", got, err)
	}
}

// Every change reaches the file: after a restart, deleted objects stay
// deleted, copies and overwrites are there, and a conditional create of
// an existing object is still refused.
func TestPersistentStoreKeepsEveryChangeAcrossRestart(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	sb, err := sandbox.Start(ctx, sandbox.Options{DataDir: dir, Buckets: []string{"b", "gone"}})
	if err != nil {
		t.Fatal(err)
	}
	c := s3Client(t, sb)
	for _, k := range []string{"keep", "over", "del1", "del2", "del3"} {
		if err := putS3(ctx, c, "b", k, "v1 "+k); err != nil {
			t.Fatal(err)
		}
	}
	steps := []error{
		putS3(ctx, c, "b", "over", "v2"),
		func() error {
			_, err := c.CopyObject(ctx, &s3.CopyObjectInput{Bucket: aws.String("b"), Key: aws.String("copy"), CopySource: aws.String("b/keep")})
			return err
		}(),
		func() error {
			_, err := c.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String("b"), Key: aws.String("del1")})
			return err
		}(),
		func() error {
			_, err := c.DeleteObjects(ctx, &s3.DeleteObjectsInput{Bucket: aws.String("b"), Delete: &types.Delete{
				Objects: []types.ObjectIdentifier{{Key: aws.String("del2")}, {Key: aws.String("del3")}}}})
			return err
		}(),
		func() error {
			_, err := c.DeleteBucket(ctx, &s3.DeleteBucketInput{Bucket: aws.String("gone")})
			return err
		}(),
	}
	for i, err := range steps {
		if err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
	}
	if err := sb.Close(); err != nil {
		t.Fatal(err)
	}

	c = s3Client(t, mustStart(t, sandbox.Options{DataDir: dir}))
	list, err := c.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: aws.String("b")})
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, o := range list.Contents {
		keys = append(keys, *o.Key)
	}
	if strings.Join(keys, ",") != "copy,keep,over" {
		t.Errorf("keys after restart = %v, want copy,keep,over", keys)
	}
	if got, _ := getS3(ctx, c, "b", "over"); got != "v2" {
		t.Errorf("overwritten object after restart = %q", got)
	}
	if got, _ := getS3(ctx, c, "b", "copy"); got != "v1 keep" {
		t.Errorf("copied object after restart = %q", got)
	}
	_, err = c.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String("b"), Key: aws.String("keep"), Body: strings.NewReader("x"), IfNoneMatch: aws.String("*")})
	if err == nil {
		t.Error("If-None-Match: * over an object kept across a restart succeeded")
	}
	if _, err := c.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: aws.String("gone")}); err == nil {
		t.Error("deleted bucket is back after restart")
	}
}
