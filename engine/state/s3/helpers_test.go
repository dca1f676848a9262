package s3_test

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	awss3 "github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/hashicorp/go-hclog"

	"github.com/trueup/trueup/engine/sandbox"
	s3backend "github.com/trueup/trueup/engine/state/s3"
)

// startSandbox starts an in-memory sandbox (versioning available) with
// the given buckets, closed at the end of the test.
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

// sandboxConfig is a backend configuration for bucket/key on sb.
func sandboxConfig(sb *sandbox.Sandbox, bucket, key string) s3backend.Config {
	return s3backend.Config{
		Bucket:          bucket,
		Key:             key,
		Region:          sandbox.Region,
		EndpointS3:      sb.S3URL(),
		UsePathStyle:    true,
		AccessKey:       sandbox.AccessKeyID,
		SecretKey:       sandbox.SecretAccessKey,
		RetryMaxBackoff: 20 * time.Millisecond,
	}
}

// mustNew configures a backend or fails the test.
func mustNew(t *testing.T, cfg s3backend.Config, log hclog.Logger) *s3backend.Backend {
	t.Helper()
	b, err := s3backend.New(context.Background(), cfg, log)
	if err != nil {
		t.Fatalf("configure s3 backend: %v", err)
	}
	return b
}

// rawClient is an S3 client of our own on endpoint, to inspect and
// tamper with objects behind the backend's back.
func rawClient(t *testing.T, endpoint string) *awss3.Client {
	t.Helper()
	cfg, err := awsconfig.LoadDefaultConfig(context.Background(),
		awsconfig.WithRegion(sandbox.Region),
		awsconfig.WithCredentialsProvider(credentials.NewStaticCredentialsProvider(sandbox.AccessKeyID, sandbox.SecretAccessKey, "")),
	)
	if err != nil {
		t.Fatalf("aws config: %v", err)
	}
	return awss3.NewFromConfig(cfg, func(o *awss3.Options) {
		o.BaseEndpoint = aws.String(endpoint)
		o.UsePathStyle = true
	})
}
