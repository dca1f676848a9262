package s3_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	awss3 "github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/hashicorp/go-hclog"

	"github.com/trueup/trueup/engine/sandbox"
	s3backend "github.com/trueup/trueup/engine/state/s3"
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

// config is a backend configuration for bucket/key on the S3 endpoint,
// with fast retries.
func config(endpoint, bucket, key string) s3backend.Config {
	return s3backend.Config{
		Bucket:          bucket,
		Key:             key,
		Region:          sandbox.Region,
		EndpointS3:      endpoint,
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

// awsConfig is the SDK configuration of the tests' own clients.
func awsConfig(t *testing.T) aws.Config {
	t.Helper()
	cfg, err := awsconfig.LoadDefaultConfig(context.Background(),
		awsconfig.WithRegion(sandbox.Region),
		awsconfig.WithCredentialsProvider(credentials.NewStaticCredentialsProvider(sandbox.AccessKeyID, sandbox.SecretAccessKey, "")),
	)
	if err != nil {
		t.Fatalf("aws config: %v", err)
	}
	return cfg
}

// rawS3 is an S3 client of the test's own on endpoint, to prepare,
// inspect and tamper with objects behind the backend's back.
func rawS3(t *testing.T, endpoint string, opts ...func(*awss3.Options)) *awss3.Client {
	t.Helper()
	return awss3.NewFromConfig(awsConfig(t), append([]func(*awss3.Options){func(o *awss3.Options) {
		o.BaseEndpoint = aws.String(endpoint)
		o.UsePathStyle = true
	}}, opts...)...)
}

var bucketSeq atomic.Int64

// newBucket creates a bucket with a fresh name, with versioning when
// asked.
func newBucket(t *testing.T, c *awss3.Client, versioned bool) string {
	t.Helper()
	ctx := context.Background()
	name := fmt.Sprintf("state-%d-%d", time.Now().UnixNano()%1e9, bucketSeq.Add(1))
	if _, err := c.CreateBucket(ctx, &awss3.CreateBucketInput{Bucket: &name}); err != nil {
		t.Fatalf("create bucket %s: %v", name, err)
	}
	if versioned {
		_, err := c.PutBucketVersioning(ctx, &awss3.PutBucketVersioningInput{
			Bucket:                  &name,
			VersioningConfiguration: &types.VersioningConfiguration{Status: types.BucketVersioningStatusEnabled},
		})
		if err != nil {
			t.Fatalf("enable versioning on %s: %v", name, err)
		}
	}
	return name
}

// newLockTable creates a Terraform-style lock table (hash key LockID) on
// the DynamoDB endpoint and returns its name.
func newLockTable(t *testing.T, endpoint string) string {
	t.Helper()
	db := dynamodb.NewFromConfig(awsConfig(t), func(o *dynamodb.Options) { o.BaseEndpoint = aws.String(endpoint) })
	name := fmt.Sprintf("locks-%d-%d", time.Now().UnixNano()%1e9, bucketSeq.Add(1))
	_, err := db.CreateTable(context.Background(), &dynamodb.CreateTableInput{
		TableName:            &name,
		AttributeDefinitions: []ddbtypes.AttributeDefinition{{AttributeName: aws.String("LockID"), AttributeType: ddbtypes.ScalarAttributeTypeS}},
		KeySchema:            []ddbtypes.KeySchemaElement{{AttributeName: aws.String("LockID"), KeyType: ddbtypes.KeyTypeHash}},
		BillingMode:          ddbtypes.BillingModePayPerRequest,
	})
	if err != nil {
		t.Fatalf("create lock table %s: %v", name, err)
	}
	return name
}
