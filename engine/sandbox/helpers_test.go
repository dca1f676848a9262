package sandbox_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"

	"cloud.google.com/go/storage"
	"github.com/aws/aws-sdk-go-v2/aws"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"google.golang.org/api/option"

	"github.com/trueup/trueup/engine/sandbox"
)

// mustStart starts a sandbox closed at the end of the test.
func mustStart(t *testing.T, opts sandbox.Options) *sandbox.Sandbox {
	t.Helper()
	sb, err := sandbox.Start(context.Background(), opts)
	if err != nil {
		t.Fatalf("start sandbox: %v", err)
	}
	t.Cleanup(func() { _ = sb.Close() })
	return sb
}

// s3Client is an S3 client on the sandbox, with the SDK's retryer as
// configured by mods.
func s3Client(t *testing.T, sb *sandbox.Sandbox, mods ...func(*s3.Options)) *s3.Client {
	t.Helper()
	cfg, err := awsconfig.LoadDefaultConfig(context.Background(),
		awsconfig.WithRegion(sandbox.Region),
		awsconfig.WithCredentialsProvider(credentials.NewStaticCredentialsProvider(sandbox.AccessKeyID, sandbox.SecretAccessKey, "")),
	)
	if err != nil {
		t.Fatalf("aws config: %v", err)
	}
	return s3.NewFromConfig(cfg, append([]func(*s3.Options){func(o *s3.Options) {
		o.BaseEndpoint = aws.String(sb.S3URL())
		o.UsePathStyle = true
	}}, mods...)...)
}

// gcsClient is a GCS client on the sandbox.
func gcsClient(t *testing.T, sb *sandbox.Sandbox) *storage.Client {
	t.Helper()
	c, err := storage.NewClient(context.Background(),
		option.WithEndpoint(sb.GCSURL()+"/storage/v1/"),
		option.WithoutAuthentication())
	if err != nil {
		t.Fatalf("gcs client: %v", err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

func putS3(ctx context.Context, c *s3.Client, bucket, key, body string) error {
	_, err := c.PutObject(ctx, &s3.PutObjectInput{Bucket: &bucket, Key: &key, Body: strings.NewReader(body)})
	return err
}

func getS3(ctx context.Context, c *s3.Client, bucket, key string) (string, error) {
	out, err := c.GetObject(ctx, &s3.GetObjectInput{Bucket: &bucket, Key: &key})
	if err != nil {
		return "", err
	}
	defer out.Body.Close()
	b, err := io.ReadAll(out.Body)
	return string(b), err
}

func putGCS(ctx context.Context, c *storage.Client, bucket, name, body string) error {
	w := c.Bucket(bucket).Object(name).NewWriter(ctx)
	if _, err := io.Copy(w, strings.NewReader(body)); err != nil {
		return errors.Join(err, w.Close())
	}
	return w.Close()
}

func getGCS(ctx context.Context, c *storage.Client, bucket, name string) (string, error) {
	r, err := c.Bucket(bucket).Object(name).NewReader(ctx)
	if err != nil {
		return "", err
	}
	defer r.Close()
	var buf bytes.Buffer
	_, err = io.Copy(&buf, r)
	return buf.String(), err
}

// countingRetryer counts the retries the SDK decides to make.
type countingRetryer struct {
	aws.RetryerV2
	n *int
}

func (r countingRetryer) IsErrorRetryable(err error) bool {
	ok := r.RetryerV2.IsErrorRetryable(err)
	if ok {
		*r.n++
	}
	return ok
}
