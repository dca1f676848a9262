package sandbox_test

import (
	"context"
	"maps"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/trueup/trueup/engine/sandbox"
)

// objectTags reads an object's tag set, and the tag count its HEAD and
// GET answer (0 when absent).
func objectTags(t *testing.T, c *s3.Client, bucket, key string) (tags map[string]string, headCount, getCount int32) {
	t.Helper()
	ctx := context.Background()
	out, err := c.GetObjectTagging(ctx, &s3.GetObjectTaggingInput{Bucket: &bucket, Key: &key})
	if err != nil {
		t.Fatalf("GetObjectTagging: %v", err)
	}
	tags = map[string]string{}
	for _, tag := range out.TagSet {
		tags[aws.ToString(tag.Key)] = aws.ToString(tag.Value)
	}
	head, err := c.HeadObject(ctx, &s3.HeadObjectInput{Bucket: &bucket, Key: &key})
	if err != nil {
		t.Fatalf("HeadObject: %v", err)
	}
	get, err := c.GetObject(ctx, &s3.GetObjectInput{Bucket: &bucket, Key: &key})
	if err != nil {
		t.Fatalf("GetObject: %v", err)
	}
	get.Body.Close()
	return tags, aws.ToInt32(head.TagCount), aws.ToInt32(get.TagCount)
}

func TestSandboxObjectTaggingAsS3(t *testing.T) {
	ctx := context.Background()
	sb := mustStart(t, sandbox.Options{Buckets: []string{"tagged"}, DataDir: t.TempDir()})
	c := s3Client(t, sb)
	bucket, key := "tagged", "site/index.html"
	check := func(step string, want map[string]string, body string) {
		t.Helper()
		tags, headCount, getCount := objectTags(t, c, bucket, key)
		if !maps.Equal(tags, want) || headCount != int32(len(want)) || getCount != int32(len(want)) {
			t.Errorf("%s: tags %v, HEAD x-amz-tagging-count %d, GET %d; want %v and %d", step, tags, headCount, getCount, want, len(want))
		}
		if got, err := getS3(ctx, c, bucket, key); err != nil || got != body {
			t.Errorf("%s: body %q (%v), want %q", step, got, err, body)
		}
	}

	if _, err := c.PutObject(ctx, &s3.PutObjectInput{Bucket: &bucket, Key: &key, Body: strings.NewReader("one"),
		Tagging: aws.String("env=dev&owner=web%20team")}); err != nil {
		t.Fatal(err)
	}
	check("upload with tags", map[string]string{"env": "dev", "owner": "web team"}, "one")
	head, err := c.HeadObject(ctx, &s3.HeadObjectInput{Bucket: &bucket, Key: &key})
	if err != nil {
		t.Fatal(err)
	}
	if v, ok := head.ResultMetadata.Get("x-amz-tagging").(string); ok || strings.Contains(aws.ToString(head.ContentType), "tagging") {
		t.Errorf("HEAD leaks the stored tagging header: %q", v)
	}

	if _, err := c.PutObjectTagging(ctx, &s3.PutObjectTaggingInput{Bucket: &bucket, Key: &key,
		Tagging: &s3types.Tagging{TagSet: []s3types.Tag{{Key: aws.String("env"), Value: aws.String("prod")}}}}); err != nil {
		t.Fatal(err)
	}
	check("PutObjectTagging replaces the set and keeps the body", map[string]string{"env": "prod"}, "one")

	if _, err := c.DeleteObjectTagging(ctx, &s3.DeleteObjectTaggingInput{Bucket: &bucket, Key: &key}); err != nil {
		t.Fatal(err)
	}
	check("DeleteObjectTagging", map[string]string{}, "one")

	if _, err := c.PutObject(ctx, &s3.PutObjectInput{Bucket: &bucket, Key: &key, Body: strings.NewReader("two"),
		Tagging: aws.String("a=1")}); err != nil {
		t.Fatal(err)
	}
	if err := putS3(ctx, c, bucket, key, "three"); err != nil {
		t.Fatal(err)
	}
	check("an upload without tags drops the replaced object's", map[string]string{}, "three")

	if _, err := c.GetObjectTagging(ctx, &s3.GetObjectTaggingInput{Bucket: &bucket, Key: aws.String("missing")}); err == nil ||
		!strings.Contains(err.Error(), "NoSuchKey") {
		t.Errorf("tags of a missing object: %v, want NoSuchKey", err)
	}
}

// S3's PutObjectTagging changes the tags of the current version; it adds
// no version, and the earlier versions keep theirs.
func TestSandboxTaggingAVersionedObjectAddsNoVersion(t *testing.T) {
	ctx := context.Background()
	sb := mustStart(t, sandbox.Options{Buckets: []string{"versioned"}}) // memory: versioning
	c := s3Client(t, sb)
	bucket, key := "versioned", "app.zip"
	if _, err := c.PutBucketVersioning(ctx, &s3.PutBucketVersioningInput{Bucket: &bucket,
		VersioningConfiguration: &s3types.VersioningConfiguration{Status: s3types.BucketVersioningStatusEnabled}}); err != nil {
		t.Fatal(err)
	}
	var versions []string
	for _, body := range []string{"v1", "v2"} {
		out, err := c.PutObject(ctx, &s3.PutObjectInput{Bucket: &bucket, Key: &key, Body: strings.NewReader(body), Tagging: aws.String("build=" + body)})
		if err != nil {
			t.Fatal(err)
		}
		versions = append(versions, aws.ToString(out.VersionId))
	}
	if _, err := c.PutObjectTagging(ctx, &s3.PutObjectTaggingInput{Bucket: &bucket, Key: &key,
		Tagging: &s3types.Tagging{TagSet: []s3types.Tag{{Key: aws.String("stage"), Value: aws.String("prod")}, {Key: aws.String("build"), Value: aws.String("v2")}}}}); err != nil {
		t.Fatal(err)
	}
	listed, err := c.ListObjectVersions(ctx, &s3.ListObjectVersionsInput{Bucket: &bucket})
	if err != nil {
		t.Fatal(err)
	}
	if len(listed.Versions) != 2 {
		t.Fatalf("%d versions after tagging, want 2 (tagging must not add one)", len(listed.Versions))
	}
	tags, headCount, getCount := objectTags(t, c, bucket, key)
	if want := map[string]string{"stage": "prod", "build": "v2"}; !maps.Equal(tags, want) || headCount != 2 || getCount != 2 {
		t.Errorf("current version: tags %v, HEAD count %d, GET count %d; want %v and 2", tags, headCount, getCount, want)
	}
	if got, err := getS3(ctx, c, bucket, key); err != nil || got != "v2" {
		t.Errorf("current body %q (%v), want v2", got, err)
	}
	old, err := c.GetObjectTagging(ctx, &s3.GetObjectTaggingInput{Bucket: &bucket, Key: &key, VersionId: &versions[0]})
	if err != nil {
		t.Fatal(err)
	}
	if len(old.TagSet) != 1 || aws.ToString(old.TagSet[0].Value) != "v1" || aws.ToString(old.VersionId) != versions[0] {
		t.Errorf("the first version's tags are %+v (version %s), want build=v1 untouched", old.TagSet, aws.ToString(old.VersionId))
	}
	// Tagging an earlier version by its ID changes that version only.
	if _, err := c.DeleteObjectTagging(ctx, &s3.DeleteObjectTaggingInput{Bucket: &bucket, Key: &key, VersionId: &versions[0]}); err != nil {
		t.Fatal(err)
	}
	old, err = c.GetObjectTagging(ctx, &s3.GetObjectTaggingInput{Bucket: &bucket, Key: &key, VersionId: &versions[0]})
	if err != nil || len(old.TagSet) != 0 {
		t.Errorf("first version after DeleteObjectTagging: %+v (%v), want no tags", old, err)
	}
	if tags, _, _ := objectTags(t, c, bucket, key); len(tags) != 2 {
		t.Errorf("the current version's tags changed with the first's: %v", tags)
	}
}
