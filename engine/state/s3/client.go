package s3

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go/logging"
	"github.com/hashicorp/go-hclog"

	"github.com/trueup/trueup/internal/awsretry"
	"github.com/trueup/trueup/internal/retry"
)

// s3API is the part of the S3 client the backend uses.
type s3API interface {
	GetObject(ctx context.Context, in *s3.GetObjectInput, optFns ...func(*s3.Options)) (*s3.GetObjectOutput, error)
	HeadObject(ctx context.Context, in *s3.HeadObjectInput, optFns ...func(*s3.Options)) (*s3.HeadObjectOutput, error)
	PutObject(ctx context.Context, in *s3.PutObjectInput, optFns ...func(*s3.Options)) (*s3.PutObjectOutput, error)
	DeleteObjects(ctx context.Context, in *s3.DeleteObjectsInput, optFns ...func(*s3.Options)) (*s3.DeleteObjectsOutput, error)
	DeleteObject(ctx context.Context, in *s3.DeleteObjectInput, optFns ...func(*s3.Options)) (*s3.DeleteObjectOutput, error)
	CopyObject(ctx context.Context, in *s3.CopyObjectInput, optFns ...func(*s3.Options)) (*s3.CopyObjectOutput, error)
	GetBucketVersioning(ctx context.Context, in *s3.GetBucketVersioningInput, optFns ...func(*s3.Options)) (*s3.GetBucketVersioningOutput, error)
	ListObjectsV2(ctx context.Context, in *s3.ListObjectsV2Input, optFns ...func(*s3.Options)) (*s3.ListObjectsV2Output, error)
	ListObjectVersions(ctx context.Context, in *s3.ListObjectVersionsInput, optFns ...func(*s3.Options)) (*s3.ListObjectVersionsOutput, error)
}

// dynamoAPI is the part of the DynamoDB client the lock table uses.
type dynamoAPI interface {
	PutItem(ctx context.Context, in *dynamodb.PutItemInput, optFns ...func(*dynamodb.Options)) (*dynamodb.PutItemOutput, error)
	GetItem(ctx context.Context, in *dynamodb.GetItemInput, optFns ...func(*dynamodb.Options)) (*dynamodb.GetItemOutput, error)
	DeleteItem(ctx context.Context, in *dynamodb.DeleteItemInput, optFns ...func(*dynamodb.Options)) (*dynamodb.DeleteItemOutput, error)
}

var (
	_ s3API     = (*s3.Client)(nil)
	_ dynamoAPI = (*dynamodb.Client)(nil)
)

// retryPolicy is the waits between the SDK's tries: awsretry's, capped at
// RetryMaxBackoff when set.
func retryPolicy(cfg Config) retry.Policy {
	p := awsretry.Policy
	if cfg.RetryMaxBackoff > 0 {
		p.Max = cfg.RetryMaxBackoff
		p.First = min(p.First, p.Max/10)
	}
	return p
}

// loadAWSConfig builds the SDK configuration: the default chain (with the
// profile and region given), static credentials when configured, the
// standard retryer, and retries logged at debug level through log.
func loadAWSConfig(ctx context.Context, cfg Config, log hclog.Logger) (aws.Config, error) {
	maxAttempts := DefaultMaxRetries + 1
	switch {
	case cfg.MaxRetries > 0:
		maxAttempts = cfg.MaxRetries + 1
	case cfg.MaxRetries < 0:
		maxAttempts = 1
	}
	opts := []func(*awsconfig.LoadOptions) error{
		// The SDK's standard retryer decides what to retry, internal/retry
		// how long to wait (at least Retry-After; docs/retry.md).
		awsconfig.WithRetryer(func() aws.Retryer { return awsretry.New(maxAttempts-1, retryPolicy(cfg)) }),
		awsconfig.WithLogger(hclogAdapter{log}),
		awsconfig.WithClientLogMode(aws.LogRetries),
	}
	if cfg.Region != "" {
		opts = append(opts, awsconfig.WithRegion(cfg.Region))
	}
	if cfg.Profile != "" {
		opts = append(opts, awsconfig.WithSharedConfigProfile(cfg.Profile))
	}
	if cfg.AccessKey != "" {
		opts = append(opts, awsconfig.WithCredentialsProvider(
			credentials.NewStaticCredentialsProvider(cfg.AccessKey, cfg.SecretKey, "")))
	}
	awsCfg, err := awsconfig.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return aws.Config{}, err
	}
	if awsCfg.Region == "" {
		return aws.Config{}, fmt.Errorf(`no region: set "region" or AWS_REGION`)
	}
	if !cfg.SkipCredentialsValidation {
		// Resolve credentials now, so a missing or broken chain fails at
		// configuration with the SDK's reason (never the secret itself).
		if _, err := awsCfg.Credentials.Retrieve(ctx); err != nil {
			return aws.Config{}, fmt.Errorf("no usable AWS credentials: %w", err)
		}
	}
	return awsCfg, nil
}

// newS3Client returns the S3 client for cfg.
func newS3Client(awsCfg aws.Config, cfg Config) *s3.Client {
	return s3.NewFromConfig(awsCfg, func(o *s3.Options) {
		o.UsePathStyle = cfg.UsePathStyle
		if cfg.EndpointS3 != "" {
			o.BaseEndpoint = aws.String(cfg.EndpointS3)
		}
	})
}

// newDynamoClient returns the DynamoDB client for cfg.
func newDynamoClient(awsCfg aws.Config, cfg Config) *dynamodb.Client {
	return dynamodb.NewFromConfig(awsCfg, func(o *dynamodb.Options) {
		if cfg.EndpointDynamoDB != "" {
			o.BaseEndpoint = aws.String(cfg.EndpointDynamoDB)
		}
	})
}

// hclogAdapter routes the SDK's log lines (retries, with LogRetries) to
// hclog at debug level; warnings stay warnings.
type hclogAdapter struct{ log hclog.Logger }

// Logf implements the SDK's logging.Logger.
func (a hclogAdapter) Logf(c logging.Classification, format string, v ...any) {
	msg := fmt.Sprintf(format, v...)
	if c == logging.Warn {
		a.log.Warn(msg)
		return
	}
	a.log.Debug(msg)
}
