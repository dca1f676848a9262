package s3

import (
	"bytes"
	"cmp"
	"context"
	"crypto/md5"
	"crypto/tls"
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
	"github.com/aws/aws-sdk-go-v2/feature/ec2/imds"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	ststypes "github.com/aws/aws-sdk-go-v2/service/sts/types"
	"github.com/aws/smithy-go/logging"
	"github.com/aws/smithy-go/middleware"
	"github.com/hashicorp/go-hclog"
	"golang.org/x/net/http/httpproxy"

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
			credentials.NewStaticCredentialsProvider(cfg.AccessKey, cfg.SecretKey, cfg.Token)))
	}
	opts = append(opts, sdkOptions(cfg)...)
	if cfg.CustomCABundle != "" {
		bundle, err := caBundle(cfg.CustomCABundle)
		if err != nil {
			return aws.Config{}, err
		}
		opts = append(opts, awsconfig.WithCustomCABundle(bundle))
	}
	awsCfg, err := awsconfig.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return aws.Config{}, err
	}
	if awsCfg.Region == "" {
		return aws.Config{}, fmt.Errorf(`no region: set "region" or AWS_REGION`)
	}
	if wr := cfg.WebIdentityRole; wr.RoleARN != "" {
		awsCfg.Credentials = wr.Credentials(newSTSClient(awsCfg, cfg))
	}
	if cfg.AssumeRole.RoleARN != "" {
		awsCfg.Credentials = aws.NewCredentialsCache(stscreds.NewAssumeRoleProvider(newSTSClient(awsCfg, cfg), cfg.AssumeRole.RoleARN, cfg.AssumeRole.options))
	}
	if len(cfg.AllowedAccountIDs)+len(cfg.ForbiddenAccountIDs) > 0 {
		if err := checkAccount(ctx, newSTSClient(awsCfg, cfg), cfg); err != nil {
			return aws.Config{}, err
		}
	} else if !cfg.SkipCredentialsValidation {
		// Resolve credentials now, so a missing or broken chain fails at
		// configuration with the SDK's reason (never the secret itself).
		if _, err := awsCfg.Credentials.Retrieve(ctx); err != nil {
			return aws.Config{}, fmt.Errorf("no usable AWS credentials: %w", err)
		}
	}
	return awsCfg, nil
}

// sdkOptions are the SDK settings of cfg besides credentials, region and
// retries: shared files, the instance metadata service, checksums and
// endpoint variants.
func sdkOptions(cfg Config) []func(*awsconfig.LoadOptions) error {
	var opts []func(*awsconfig.LoadOptions) error
	if len(cfg.SharedConfigFiles) > 0 {
		opts = append(opts, awsconfig.WithSharedConfigFiles(cfg.SharedConfigFiles))
	}
	if len(cfg.SharedCredentialsFiles) > 0 {
		opts = append(opts, awsconfig.WithSharedCredentialsFiles(cfg.SharedCredentialsFiles))
	}
	if cfg.SkipMetadataAPICheck {
		opts = append(opts, awsconfig.WithEC2IMDSClientEnableState(imds.ClientDisabled))
	}
	if cfg.SkipS3Checksum {
		opts = append(opts, awsconfig.WithRequestChecksumCalculation(aws.RequestChecksumCalculationWhenRequired),
			awsconfig.WithResponseChecksumValidation(aws.ResponseChecksumValidationWhenRequired))
	}
	if cfg.UseFIPSEndpoint {
		opts = append(opts, awsconfig.WithUseFIPSEndpoint(aws.FIPSEndpointStateEnabled))
	}
	if cfg.UseDualStackEndpoint {
		opts = append(opts, awsconfig.WithUseDualStackEndpoint(aws.DualStackEndpointStateEnabled))
	}
	if cfg.Insecure || cfg.CustomCABundle != "" || cfg.HTTPProxy+cfg.HTTPSProxy+cfg.NoProxy != "" {
		opts = append(opts, awsconfig.WithHTTPClient(httpClient(cfg)))
	}
	return opts
}

// httpClient is the SDK's HTTP client with cfg's proxies, trusted
// certificates and, with insecure, no certificate check.
func httpClient(cfg Config) *awshttp.BuildableClient {
	return awshttp.NewBuildableClient().WithTransportOptions(func(t *http.Transport) {
		if cfg.HTTPProxy+cfg.HTTPSProxy+cfg.NoProxy != "" {
			env := httpproxy.FromEnvironment()
			env.HTTPProxy = cmp.Or(cfg.HTTPProxy, env.HTTPProxy)
			env.HTTPSProxy = cmp.Or(cfg.HTTPSProxy, env.HTTPSProxy)
			env.NoProxy = cmp.Or(cfg.NoProxy, env.NoProxy)
			proxy := env.ProxyFunc()
			t.Proxy = func(r *http.Request) (*url.URL, error) { return proxy(r.URL) }
		}
		if cfg.Insecure {
			if t.TLSClientConfig == nil {
				t.TLSClientConfig = &tls.Config{}
			}
			t.TLSClientConfig.InsecureSkipVerify = true
		}
	})
}

// caBundle opens custom_ca_bundle for the SDK, which adds its
// certificates to the system's.
func caBundle(path string) (io.Reader, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("custom_ca_bundle: %w", err)
	}
	return bytes.NewReader(b), nil
}

// options sets what assume_role says on the SDK's AssumeRole call.
func (ar AssumeRole) options(o *stscreds.AssumeRoleOptions) {
	if ar.SessionName != "" {
		o.RoleSessionName = ar.SessionName
	}
	if ar.ExternalID != "" {
		o.ExternalID = aws.String(ar.ExternalID)
	}
	if ar.Duration > 0 {
		o.Duration = ar.Duration
	}
	if ar.Policy != "" {
		o.Policy = aws.String(ar.Policy)
	}
	if ar.SourceIdentity != "" {
		o.SourceIdentity = aws.String(ar.SourceIdentity)
	}
	for _, arn := range ar.PolicyARNs {
		o.PolicyARNs = append(o.PolicyARNs, ststypes.PolicyDescriptorType{Arn: aws.String(arn)})
	}
	for k, v := range ar.Tags {
		o.Tags = append(o.Tags, ststypes.Tag{Key: aws.String(k), Value: aws.String(v)})
	}
	o.TransitiveTagKeys = ar.TransitiveTagKeys
}

// newSTSClient returns the STS client for cfg: assume_role's and the
// account check's.
func newSTSClient(awsCfg aws.Config, cfg Config) *sts.Client {
	return sts.NewFromConfig(awsCfg, func(o *sts.Options) {
		if cfg.EndpointSTS != "" {
			o.BaseEndpoint = aws.String(cfg.EndpointSTS)
		}
		if cfg.STSRegion != "" {
			o.Region = cfg.STSRegion
		}
	})
}

// checkAccount refuses credentials of an account that allowed_account_ids
// does not name or forbidden_account_ids does, as Terraform does.
func checkAccount(ctx context.Context, c *sts.Client, cfg Config) error {
	out, err := c.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		return fmt.Errorf("checking the credentials' account (allowed_account_ids, forbidden_account_ids): %w", err)
	}
	account := aws.ToString(out.Account)
	if len(cfg.AllowedAccountIDs) > 0 && !slices.Contains(cfg.AllowedAccountIDs, account) {
		return fmt.Errorf("AWS account ID not allowed: %s (allowed_account_ids: %s)", account, strings.Join(cfg.AllowedAccountIDs, ", "))
	}
	if slices.Contains(cfg.ForbiddenAccountIDs, account) {
		return fmt.Errorf("AWS account ID not allowed: %s (it is in forbidden_account_ids)", account)
	}
	return nil
}

// newS3Client returns the S3 client for cfg.
func newS3Client(awsCfg aws.Config, cfg Config) *s3.Client {
	return s3.NewFromConfig(awsCfg, func(o *s3.Options) {
		o.UsePathStyle = cfg.UsePathStyle
		if cfg.EndpointS3 != "" {
			o.BaseEndpoint = aws.String(cfg.EndpointS3)
		}
		if cfg.Encrypt && cfg.SSECustomerKey != nil {
			o.APIOptions = append(o.APIOptions, withCustomerKey(cfg.SSECustomerKey))
		}
	})
}

// withCustomerKey has every object call of a client carry key (SSE-C), as
// Terraform's s3 backend does with encrypt and sse_customer_key: reads and
// heads to decrypt, writes to encrypt, copies both (a backup of the state,
// a compacted journal). Other calls (listings, deletes) need no key.
func withCustomerKey(key []byte) func(*middleware.Stack) error {
	alg, encoded := "AES256", base64.StdEncoding.EncodeToString(key)
	sum := md5.Sum(key) //nolint:gosec // S3's SSE-C key check is MD5
	digest := base64.StdEncoding.EncodeToString(sum[:])
	set := func(a, k, d **string) { *a, *k, *d = &alg, &encoded, &digest }
	return func(stack *middleware.Stack) error {
		return stack.Initialize.Add(middleware.InitializeMiddlewareFunc("trueup:SSECustomerKey",
			func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
				switch p := in.Parameters.(type) {
				case *s3.GetObjectInput:
					set(&p.SSECustomerAlgorithm, &p.SSECustomerKey, &p.SSECustomerKeyMD5)
				case *s3.HeadObjectInput:
					set(&p.SSECustomerAlgorithm, &p.SSECustomerKey, &p.SSECustomerKeyMD5)
				case *s3.PutObjectInput:
					set(&p.SSECustomerAlgorithm, &p.SSECustomerKey, &p.SSECustomerKeyMD5)
				case *s3.CopyObjectInput:
					set(&p.SSECustomerAlgorithm, &p.SSECustomerKey, &p.SSECustomerKeyMD5)
					set(&p.CopySourceSSECustomerAlgorithm, &p.CopySourceSSECustomerKey, &p.CopySourceSSECustomerKeyMD5)
				}
				return next.HandleInitialize(ctx, in)
			}), middleware.Before)
	}
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
