package sandbox_test

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/trueup/trueup/engine/sandbox"
)

// TestSandboxHeadAnswersVersionIDsAsS3 checks that HEAD answers an
// object's version id as the upload and GET do: none in a bucket that
// never had versioning (memory and persistent stores), the upload's once
// versioning is enabled.
func TestSandboxHeadAnswersVersionIDsAsS3(t *testing.T) {
	ctx := context.Background()
	for name, opts := range map[string]sandbox.Options{
		"memory":     {Buckets: []string{"b"}},
		"persistent": {Buckets: []string{"b"}, DataDir: t.TempDir()},
	} {
		t.Run(name, func(t *testing.T) {
			c := s3Client(t, mustStart(t, opts))
			bucket := "b"
			put := func(key string) string {
				t.Helper()
				out, err := c.PutObject(ctx, &s3.PutObjectInput{Bucket: &bucket, Key: &key, Body: strings.NewReader("v")})
				if err != nil {
					t.Fatal(err)
				}
				return aws.ToString(out.VersionId)
			}
			versions := func(key string) (head, get string) {
				t.Helper()
				h, err := c.HeadObject(ctx, &s3.HeadObjectInput{Bucket: &bucket, Key: &key})
				if err != nil {
					t.Fatal(err)
				}
				g, err := c.GetObject(ctx, &s3.GetObjectInput{Bucket: &bucket, Key: &key})
				if err != nil {
					t.Fatal(err)
				}
				g.Body.Close()
				return aws.ToString(h.VersionId), aws.ToString(g.VersionId)
			}

			if v := put("plain"); v != "" {
				t.Errorf("upload to an unversioned bucket answered version id %q", v)
			}
			if head, get := versions("plain"); head != "" || get != "" {
				t.Errorf("unversioned bucket: HEAD version id %q, GET %q; want none", head, get)
			}
			if name == "persistent" {
				return // the persistent store has no versioning
			}
			if _, err := c.PutBucketVersioning(ctx, &s3.PutBucketVersioningInput{Bucket: &bucket,
				VersioningConfiguration: &s3types.VersioningConfiguration{Status: s3types.BucketVersioningStatusEnabled}}); err != nil {
				t.Fatal(err)
			}
			v := put("versioned")
			if v == "" {
				t.Fatal("upload to a versioned bucket answered no version id")
			}
			if head, get := versions("versioned"); head != v || get != v {
				t.Errorf("versioned bucket: HEAD version id %q, GET %q; want the upload's %q", head, get, v)
			}
		})
	}
}
