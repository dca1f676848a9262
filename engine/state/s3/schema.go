package s3

import (
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/schema"
)

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
			"sse_customer_key":            {Type: cty.String, Optional: true, Sensitive: true, Description: "With encrypt, a base64-encoded 256-bit key to encrypt the objects with (SSE-C); else AWS_SSE_CUSTOMER_KEY."},
			"acl":                         str(`A canned ACL for the objects written ("bucket-owner-full-control").`),
			"allowed_account_ids":         {Type: cty.Set(cty.String), Optional: true, Description: "The only accounts the credentials may belong to."},
			"forbidden_account_ids":       {Type: cty.Set(cty.String), Optional: true, Description: "Accounts the credentials must not belong to."},
			"skip_metadata_api_check":     flag("Never ask the EC2 instance metadata service for credentials or a region."),
			"skip_region_validation":      flag("Accepted as Terraform accepts it: trueup does not check region names."),
			"skip_requesting_account_id":  flag("Accepted as Terraform accepts it: trueup asks for the account only for allowed_account_ids or forbidden_account_ids."),
			"skip_s3_checksum":            flag("Send and check no flexible checksums, for S3-compatible servers that refuse them."),
			"use_fips_endpoint":           flag("Use AWS's FIPS endpoints."),
			"use_dualstack_endpoint":      flag("Use AWS's dual-stack (IPv6) endpoints."),
			"custom_ca_bundle":            str("A PEM file of certificates to trust besides the system's."),
			"insecure":                    flag("Trust any TLS certificate (self-signed test servers)."),
			"http_proxy":                  str("Proxy for http:// endpoints (default: HTTP_PROXY)."),
			"https_proxy":                 str("Proxy for https:// endpoints (default: HTTPS_PROXY)."),
			"no_proxy":                    str("Hosts reached without a proxy (default: NO_PROXY)."),
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
			"assume_role_with_web_identity": {
				Nesting: schema.NestingSingle,
				Block: schema.Block{
					Description: "A role to work as, from STS AssumeRoleWithWebIdentity with an OIDC token (a CI job's).",
					Attributes: map[string]*schema.Attribute{
						"role_arn":                str("The role's ARN."),
						"session_name":            str("The role session's name."),
						"duration":                str(`How long the credentials last, 15m to 12h ("1h").`),
						"policy":                  str("A session policy (JSON)."),
						"policy_arns":             {Type: cty.Set(cty.String), Optional: true, Description: "Managed session policies."},
						"web_identity_token":      {Type: cty.String, Optional: true, Sensitive: true, Description: "The OIDC token itself."},
						"web_identity_token_file": str("A file holding the OIDC token, read again at each renewal."),
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
