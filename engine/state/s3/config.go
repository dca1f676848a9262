package s3

import (
	"errors"
	"fmt"
	"path"
	"strings"
	"time"

	"github.com/trueup/trueup/engine/state"
	"github.com/trueup/trueup/internal/awsauth"
)

// DefaultWorkspaceKeyPrefix is where non-default workspaces' state lives,
// as in Terraform: PREFIX/WORKSPACE/KEY.
const DefaultWorkspaceKeyPrefix = "env:"

// DefaultMaxRetries is how many times a failed request is retried.
const DefaultMaxRetries = 5

// Config configures the s3 backend. The names follow Terraform's S3
// backend.
type Config struct {
	// Bucket and Key locate the state object.
	Bucket, Key string
	// Region is the bucket's region; empty means the SDK's default chain
	// (AWS_REGION, the profile).
	Region string
	// Profile is a shared-configuration profile for credentials and
	// region.
	Profile string
	// UseLockfile locks with the object KEY.tflock. When DynamoDBTable is
	// empty the lock file is used whatever UseLockfile says: trueup never
	// runs unlocked unless the caller asks (-lock=false).
	UseLockfile bool
	// DynamoDBTable, when set, locks with an item LockID = BUCKET/KEY in
	// this table (string hash key "LockID"), alone or with the lock file.
	DynamoDBTable string
	// Encrypt requests server-side encryption (AES256) of the state.
	Encrypt bool
	// UsePathStyle addresses the bucket in the path, not the host name
	// (needed by most S3-compatible servers).
	UsePathStyle bool
	// EndpointS3 and EndpointDynamoDB override the services' endpoints;
	// AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_S3 and AWS_ENDPOINT_URL_DYNAMODB
	// are honoured by the SDK when these are empty.
	EndpointS3, EndpointDynamoDB string
	// SkipCredentialsValidation skips resolving credentials at New; the
	// first request fails instead when there are none.
	SkipCredentialsValidation bool
	// WorkspaceKeyPrefix is where non-default workspaces' state lives;
	// default "env:".
	WorkspaceKeyPrefix string
	// Workspace selects the workspace; "" and "default" use Key itself.
	Workspace string
	// AccessKey and SecretKey are static credentials; when empty, the
	// SDK's default chain (environment, profile, SSO, instance role)
	// provides them. They are never logged or printed.
	AccessKey, SecretKey string
	// Token is the session token of temporary static credentials.
	Token string
	// AssumeRole, when its RoleARN is set, is the role the backend works
	// as: credentials are the role's, from STS AssumeRole with the
	// credentials above (or the default chain's).
	AssumeRole AssumeRole
	// WebIdentityRole, when its RoleARN is set, is the role whose
	// credentials, from STS AssumeRoleWithWebIdentity with an OIDC token
	// (a CI job's), replace the ones above; AssumeRole, when also set, is
	// then assumed with them, as Terraform chains the two.
	WebIdentityRole WebIdentityRole
	// SharedConfigFiles and SharedCredentialsFiles replace the SDK's
	// default shared files (~/.aws/config, ~/.aws/credentials).
	SharedConfigFiles, SharedCredentialsFiles []string
	// EndpointSTS overrides STS's endpoint (AssumeRole, the account
	// check); STSRegion is the region of STS calls.
	EndpointSTS, STSRegion string
	// KMSKeyID, with Encrypt, encrypts the objects with SSE-KMS under this
	// key instead of SSE-S3.
	KMSKeyID string
	// SSECustomerKey, with Encrypt, encrypts the objects with SSE-C under
	// this key (32 bytes; sse_customer_key or AWS_SSE_CUSTOMER_KEY, base64
	// there): every object call carries it. It is never logged or printed.
	SSECustomerKey []byte
	// ACL is a canned ACL for the objects written ("bucket-owner-full-control").
	ACL string
	// AllowedAccountIDs and ForbiddenAccountIDs check the credentials'
	// account (STS GetCallerIdentity) before any state is touched.
	AllowedAccountIDs, ForbiddenAccountIDs []string
	// SkipMetadataAPICheck keeps the SDK from asking the EC2 instance
	// metadata service for credentials or a region.
	SkipMetadataAPICheck bool
	// SkipS3Checksum sends and checks no flexible checksums (CRC32),
	// for S3-compatible servers that refuse them.
	SkipS3Checksum bool
	// UseFIPSEndpoint and UseDualStackEndpoint select those AWS endpoints.
	UseFIPSEndpoint, UseDualStackEndpoint bool
	// CustomCABundle is a PEM file of certificates to trust besides the
	// system's; Insecure trusts any certificate (self-signed test servers).
	CustomCABundle string
	Insecure       bool
	// HTTPProxy, HTTPSProxy and NoProxy route the backend's requests
	// through proxies, as the variables of those names do; unset, the
	// environment's are used.
	HTTPProxy, HTTPSProxy, NoProxy string
	// MaxRetries is how many times a failed request (5xx, throttling,
	// connection error) is retried with backoff; 0 means
	// DefaultMaxRetries, a negative value none.
	MaxRetries int
	// RetryMaxBackoff caps the delay between retries; 0 means the SDK's
	// default (20s). Tests against emulators set it low.
	RetryMaxBackoff time.Duration
	// Codec turns states into the stored object's bytes and back (it
	// may encrypt them); the zero Codec stores the plain document. It is
	// not part of the backend block: the engine sets it.
	Codec state.Codec
}

// AssumeRole is the s3 backend's assume_role: as Terraform's, and what
// STS AssumeRole takes.
type AssumeRole struct {
	RoleARN, SessionName, ExternalID, Policy, SourceIdentity string
	// Duration is how long the role's credentials last (0: STS's default).
	Duration          time.Duration
	PolicyARNs        []string
	Tags              map[string]string
	TransitiveTagKeys []string
}

// WebIdentityRole is the s3 backend's assume_role_with_web_identity, as
// Terraform's (internal/awsauth, shared with the aws provider).
type WebIdentityRole = awsauth.WebIdentity

// StateKey returns the state object's key for the configured workspace.
func (c Config) StateKey() string {
	if c.Workspace == "" || c.Workspace == "default" {
		return c.Key
	}
	prefix := c.WorkspaceKeyPrefix
	if prefix == "" {
		prefix = DefaultWorkspaceKeyPrefix
	}
	return path.Join(prefix, c.Workspace, c.Key)
}

// Validate reports a missing or malformed setting.
func (c Config) Validate() error {
	var errs []error
	if c.Bucket == "" {
		errs = append(errs, errors.New(`"bucket" is required`))
	}
	if c.Key == "" {
		errs = append(errs, errors.New(`"key" is required`))
	}
	if strings.HasPrefix(c.Key, "/") || strings.HasSuffix(c.Key, "/") {
		errs = append(errs, fmt.Errorf(`"key" %q must not start or end with "/"`, c.Key))
	}
	if (c.AccessKey == "") != (c.SecretKey == "") {
		errs = append(errs, errors.New(`"access_key" and "secret_key" must be set together`))
	}
	return errors.Join(errs...)
}
