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
