package s3

import (
	"cmp"
	"encoding/base64"
	"errors"
	"fmt"
	"math/big"
	"os"
	"time"

	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"

	"github.com/trueup/trueup/internal/awsauth"
)

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
	if key, err := customerKey(r.str("sse_customer_key"), c.KMSKeyID); err != nil {
		r.errs = append(r.errs, err)
	} else {
		c.SSECustomerKey = key
	}
	c.ACL = r.str("acl")
	c.AllowedAccountIDs = r.strings("allowed_account_ids")
	c.ForbiddenAccountIDs = r.strings("forbidden_account_ids")
	c.SkipMetadataAPICheck = r.flag("skip_metadata_api_check")
	c.SkipS3Checksum = r.flag("skip_s3_checksum")
	c.UseFIPSEndpoint = r.flag("use_fips_endpoint")
	c.UseDualStackEndpoint = r.flag("use_dualstack_endpoint")
	c.CustomCABundle = r.str("custom_ca_bundle")
	c.Insecure = r.flag("insecure")
	c.HTTPProxy, c.HTTPSProxy, c.NoProxy = r.str("http_proxy"), r.str("https_proxy"), r.str("no_proxy")
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
	if wr := r.object("assume_role_with_web_identity"); !wr.IsNull() {
		c.WebIdentityRole = webIdentityRoleFromValue(wr, &r.errs)
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

// webIdentityRoleFromValue decodes assume_role_with_web_identity, adding
// its errors to errs.
func webIdentityRoleFromValue(v cty.Value, errs *[]error) WebIdentityRole {
	r := valueReader{v: v}
	wr := WebIdentityRole{
		RoleARN: r.str("role_arn"), SessionName: r.str("session_name"), Policy: r.str("policy"),
		PolicyARNs: r.strings("policy_arns"), Token: r.str("web_identity_token"), TokenFile: r.str("web_identity_token_file"),
	}
	var err error
	if wr.Duration, err = awsauth.ParseDuration(r.str("duration")); err != nil {
		r.errs = append(r.errs, fmt.Errorf(`"assume_role_with_web_identity.duration": %w`, err))
	}
	switch err := wr.Check(); {
	case errors.Is(err, awsauth.ErrNoRole):
		r.errs = append(r.errs, errors.New(`"assume_role_with_web_identity.role_arn" is required`))
	case err != nil:
		r.errs = append(r.errs, fmt.Errorf(`"assume_role_with_web_identity": %w`, err))
	}
	*errs = append(*errs, r.errs...)
	return wr
}

// customerKey is the SSE-C key that sse_customer_key, or else the
// environment's AWS_SSE_CUSTOMER_KEY, gives base64-encoded, with
// Terraform's checks; neither error quotes the key.
func customerKey(configured, kmsKeyID string) ([]byte, error) {
	name, encoded := `"sse_customer_key"`, configured
	if encoded == "" {
		name, encoded = `the environment variable "AWS_SSE_CUSTOMER_KEY"`, os.Getenv("AWS_SSE_CUSTOMER_KEY")
	}
	if encoded == "" {
		return nil, nil
	}
	if kmsKeyID != "" {
		return nil, fmt.Errorf(`only one of "kms_key_id" and %s can be set: "kms_key_id" is for encryption with KMS-managed keys (SSE-KMS), the other for customer-managed keys (SSE-C)`, name)
	}
	if len(encoded) != 44 {
		return nil, fmt.Errorf("%s must be 44 characters in length", name)
	}
	key, err := base64.StdEncoding.DecodeString(encoded)
	if err != nil || len(key) != 32 {
		return nil, fmt.Errorf("%s must be a base64-encoded 256-bit key", name)
	}
	return key, nil
}
