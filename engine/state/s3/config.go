package s3

import (
	"github.com/trueup/trueup/engine/state"

	"cmp"
	"errors"
	"fmt"
	"math/big"
	"path"
	"strings"
	"time"

	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"

	"github.com/trueup/trueup/schema"
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
	// SharedConfigFiles and SharedCredentialsFiles replace the SDK's
	// default shared files (~/.aws/config, ~/.aws/credentials).
	SharedConfigFiles, SharedCredentialsFiles []string
	// EndpointSTS overrides STS's endpoint (AssumeRole, the account
	// check); STSRegion is the region of STS calls.
	EndpointSTS, STSRegion string
	// KMSKeyID, with Encrypt, encrypts the objects with SSE-KMS under this
	// key instead of SSE-S3.
	KMSKeyID string
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

// Schema returns the schema of a `backend "s3"` block.
func Schema() *schema.Block {
	str := func(desc string) *schema.Attribute {
		return &schema.Attribute{Type: cty.String, Optional: true, Description: desc}
	}
	flag := func(desc string) *schema.Attribute {
		return &schema.Attribute{Type: cty.Bool, Optional: true, Description: desc}
	}
	return &schema.Block{
		Description: "Stores state as an object in an S3 bucket, locked with a lock object and/or a DynamoDB item.",
		Attributes: map[string]*schema.Attribute{
			"bucket":                      {Type: cty.String, Required: true, Description: "The bucket holding the state."},
			"key":                         {Type: cty.String, Required: true, Description: "The state object's key."},
			"region":                      str("The bucket's region (default: AWS_REGION or the profile's)."),
			"profile":                     str("The shared configuration profile."),
			"use_lockfile":                flag("Lock with the object KEY.tflock (always on when dynamodb_table is unset)."),
			"dynamodb_table":              str("A DynamoDB table (hash key LockID) to lock with."),
			"encrypt":                     flag("Server-side encryption of the state object."),
			"use_path_style":              flag("Put the bucket in the URL path, not the host name."),
			"skip_credentials_validation": flag("Do not resolve credentials when the backend is configured."),
			"workspace_key_prefix":        str(`Prefix of non-default workspaces' keys (default "env:").`),
			"access_key":                  {Type: cty.String, Optional: true, Sensitive: true, Description: "Static access key ID (default: the SDK's credential chain)."},
			"secret_key":                  {Type: cty.String, Optional: true, Sensitive: true, Description: "Static secret access key."},
			"max_retries":                 {Type: cty.Number, Optional: true, Description: "Retries of a failed request (default 5)."},
			"token":                       {Type: cty.String, Optional: true, Sensitive: true, Description: "Session token of temporary static credentials."},
			"shared_config_files":         {Type: cty.List(cty.String), Optional: true, Description: "Shared configuration files instead of ~/.aws/config."},
			"shared_credentials_files":    {Type: cty.List(cty.String), Optional: true, Description: "Shared credentials files instead of ~/.aws/credentials."},
			"sts_region":                  str("The region of STS calls (assume_role, the account check)."),
			"kms_key_id":                  str("With encrypt, the KMS key that encrypts the state (SSE-KMS)."),
			"acl":                         str(`A canned ACL for the objects written ("bucket-owner-full-control").`),
			"allowed_account_ids":         {Type: cty.Set(cty.String), Optional: true, Description: "The only accounts the credentials may belong to."},
			"forbidden_account_ids":       {Type: cty.Set(cty.String), Optional: true, Description: "Accounts the credentials must not belong to."},
			"skip_metadata_api_check":     flag("Never ask the EC2 instance metadata service for credentials or a region."),
			"skip_region_validation":      flag("Accepted as Terraform accepts it: trueup does not check region names."),
			"skip_requesting_account_id":  flag("Accepted as Terraform accepts it: trueup asks for the account only for allowed_account_ids or forbidden_account_ids."),
			"skip_s3_checksum":            flag("Send and check no flexible checksums, for S3-compatible servers that refuse them."),
			"use_fips_endpoint":           flag("Use AWS's FIPS endpoints."),
			"use_dualstack_endpoint":      flag("Use AWS's dual-stack (IPv6) endpoints."),
			"force_path_style":            flag("Deprecated in Terraform: use_path_style."),
			"endpoint":                    str("Deprecated in Terraform: endpoints.s3."),
			"dynamodb_endpoint":           str("Deprecated in Terraform: endpoints.dynamodb."),
			"sts_endpoint":                str("Deprecated in Terraform: endpoints.sts."),
		},
		BlockTypes: map[string]*schema.NestedBlock{
			"endpoints": {
				Nesting: schema.NestingSingle,
				Block: schema.Block{
					Description: "Custom service endpoints (S3-compatible servers, emulators).",
					Attributes: map[string]*schema.Attribute{
						"s3":       str("The S3 endpoint URL."),
						"dynamodb": str("The DynamoDB endpoint URL."),
						"sts":      str("The STS endpoint URL."),
					},
				},
			},
			"assume_role": {
				Nesting: schema.NestingSingle,
				Block: schema.Block{
					Description: "A role to work as, from STS AssumeRole.",
					Attributes: map[string]*schema.Attribute{
						"role_arn":            str("The role's ARN."),
						"session_name":        str("The role session's name."),
						"external_id":         str("The external ID the role's trust policy asks for."),
						"duration":            str(`How long the credentials last ("1h").`),
						"policy":              str("A session policy (JSON)."),
						"policy_arns":         {Type: cty.Set(cty.String), Optional: true, Description: "Managed session policies."},
						"tags":                {Type: cty.Map(cty.String), Optional: true, Description: "Session tags."},
						"transitive_tag_keys": {Type: cty.Set(cty.String), Optional: true, Description: "Session tags kept across role chaining."},
						"source_identity":     str("The source identity."),
					},
				},
			},
		},
	}
}

// ConfigFromValue decodes a backend block's value (of Schema's implied
// type, or any object with a subset of its attributes) into a Config and
// validates it.
func ConfigFromValue(v cty.Value) (Config, error) {
	var c Config
	if v.IsNull() || !v.IsKnown() || !v.Type().IsObjectType() {
		return c, errors.New(`s3 backend: configuration must be a known object`)
	}
	r := valueReader{v: v}
	c.Bucket = r.str("bucket")
	c.Key = r.str("key")
	c.Region = r.str("region")
	c.Profile = r.str("profile")
	c.UseLockfile = r.flag("use_lockfile")
	c.DynamoDBTable = r.str("dynamodb_table")
	c.Encrypt = r.flag("encrypt")
	c.UsePathStyle = r.flag("use_path_style")
	c.SkipCredentialsValidation = r.flag("skip_credentials_validation")
	c.WorkspaceKeyPrefix = r.str("workspace_key_prefix")
	c.AccessKey = r.str("access_key")
	c.SecretKey = r.str("secret_key")
	c.MaxRetries = r.integer("max_retries")
	c.Token = r.str("token")
	c.SharedConfigFiles = r.strings("shared_config_files")
	c.SharedCredentialsFiles = r.strings("shared_credentials_files")
	c.STSRegion = r.str("sts_region")
	c.KMSKeyID = r.str("kms_key_id")
	c.ACL = r.str("acl")
	c.AllowedAccountIDs = r.strings("allowed_account_ids")
	c.ForbiddenAccountIDs = r.strings("forbidden_account_ids")
	c.SkipMetadataAPICheck = r.flag("skip_metadata_api_check")
	c.SkipS3Checksum = r.flag("skip_s3_checksum")
	c.UseFIPSEndpoint = r.flag("use_fips_endpoint")
	c.UseDualStackEndpoint = r.flag("use_dualstack_endpoint")
	// Terraform's deprecated names, under the current ones.
	c.UsePathStyle = c.UsePathStyle || r.flag("force_path_style")
	c.EndpointS3, c.EndpointDynamoDB, c.EndpointSTS = r.str("endpoint"), r.str("dynamodb_endpoint"), r.str("sts_endpoint")
	if ep := r.object("endpoints"); !ep.IsNull() {
		er := valueReader{v: ep}
		c.EndpointS3 = cmp.Or(er.str("s3"), c.EndpointS3)
		c.EndpointDynamoDB = cmp.Or(er.str("dynamodb"), c.EndpointDynamoDB)
		c.EndpointSTS = cmp.Or(er.str("sts"), c.EndpointSTS)
		r.errs = append(r.errs, er.errs...)
	}
	if ar := r.object("assume_role"); !ar.IsNull() {
		c.AssumeRole = assumeRoleFromValue(ar, &r.errs)
	}
	if err := errors.Join(r.errs...); err != nil {
		return c, fmt.Errorf("s3 backend: %w", err)
	}
	if err := c.Validate(); err != nil {
		return c, fmt.Errorf("s3 backend: %w", err)
	}
	return c, nil
}

// valueReader reads optional attributes of an object value, collecting
// type errors; absent and null attributes read as zero values.
type valueReader struct {
	v    cty.Value
	errs []error
}

func (r *valueReader) attr(name string, want cty.Type) cty.Value {
	if !r.v.Type().HasAttribute(name) {
		return cty.NullVal(want)
	}
	a := r.v.GetAttr(name)
	if a.IsNull() {
		return cty.NullVal(want)
	}
	if !a.IsKnown() {
		r.errs = append(r.errs, fmt.Errorf("%q must be known when the backend is configured", name))
		return cty.NullVal(want)
	}
	if want == cty.DynamicPseudoType {
		if !a.Type().IsObjectType() {
			r.errs = append(r.errs, fmt.Errorf("%q must be a block, not a %s", name, a.Type().FriendlyName()))
			return cty.NullVal(want)
		}
		return a
	}
	// Convert, so that -backend-config=encrypt=true (a string) works.
	c, err := convert.Convert(a, want)
	if err != nil {
		r.errs = append(r.errs, fmt.Errorf("%q must be a %s: %v", name, want.FriendlyName(), err))
		return cty.NullVal(want)
	}
	return c
}

func (r *valueReader) str(name string) string {
	if a := r.attr(name, cty.String); !a.IsNull() {
		return a.AsString()
	}
	return ""
}

func (r *valueReader) flag(name string) bool {
	if a := r.attr(name, cty.Bool); !a.IsNull() {
		return a.True()
	}
	return false
}

func (r *valueReader) integer(name string) int {
	a := r.attr(name, cty.Number)
	if a.IsNull() {
		return 0
	}
	bf := a.AsBigFloat()
	i, acc := bf.Int64()
	if acc != big.Exact || i < 0 || i > 100 {
		r.errs = append(r.errs, fmt.Errorf("%q must be a whole number from 0 to 100", name))
		return 0
	}
	if i == 0 {
		return -1
	}
	return int(i)
}

func (r *valueReader) object(name string) cty.Value {
	return r.attr(name, cty.DynamicPseudoType)
}

// strings reads a list or set of strings, in order (a set's sorted).
func (r *valueReader) strings(name string) []string {
	a := r.attr(name, cty.List(cty.String))
	if a.IsNull() {
		return nil
	}
	var out []string
	for _, v := range a.AsValueSlice() {
		if v.IsNull() {
			r.errs = append(r.errs, fmt.Errorf("%q must not hold null", name))
			continue
		}
		out = append(out, v.AsString())
	}
	return out
}

// stringMap reads a map of strings.
func (r *valueReader) stringMap(name string) map[string]string {
	a := r.attr(name, cty.Map(cty.String))
	if a.IsNull() {
		return nil
	}
	out := map[string]string{}
	for k, v := range a.AsValueMap() {
		if !v.IsNull() {
			out[k] = v.AsString()
		}
	}
	return out
}

// assumeRoleFromValue decodes assume_role, adding its errors to errs.
func assumeRoleFromValue(v cty.Value, errs *[]error) AssumeRole {
	r := valueReader{v: v}
	ar := AssumeRole{
		RoleARN: r.str("role_arn"), SessionName: r.str("session_name"), ExternalID: r.str("external_id"),
		Policy: r.str("policy"), SourceIdentity: r.str("source_identity"),
		PolicyARNs: r.strings("policy_arns"), Tags: r.stringMap("tags"), TransitiveTagKeys: r.strings("transitive_tag_keys"),
	}
	if d := r.str("duration"); d != "" {
		var err error
		if ar.Duration, err = time.ParseDuration(d); err != nil || ar.Duration <= 0 {
			r.errs = append(r.errs, fmt.Errorf(`"assume_role.duration" %q must be a duration such as "1h"`, d))
		}
	}
	if ar.RoleARN == "" {
		r.errs = append(r.errs, errors.New(`"assume_role.role_arn" is required`))
	}
	*errs = append(*errs, r.errs...)
	return ar
}
