package aws

import (
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/schema"
)

// endpointServices are the services whose endpoint the provider block's
// endpoints block may override.
var endpointServices = []string{
	"s3", "dynamodb", "sqs", "sns", "iam", "sts", "ec2", "kms", "ssm",
	"secretsmanager", "route53", "logs",
}

func providerBlock() *schema.Block {
	endpoints := map[string]*schema.Attribute{}
	for _, s := range endpointServices {
		endpoints[s] = &schema.Attribute{Type: cty.String, Optional: true,
			Description: "Custom endpoint URL for the " + s + " API."}
	}
	return &schema.Block{
		Attributes: map[string]*schema.Attribute{
			"region":     {Type: cty.String, Optional: true, Description: "AWS region; defaults to AWS_REGION or the profile's region."},
			"access_key": {Type: cty.String, Optional: true, Description: "Access key ID; defaults to the SDK credential chain."},
			"secret_key": {Type: cty.String, Optional: true, Sensitive: true, Description: "Secret access key."},
			"token":      {Type: cty.String, Optional: true, Sensitive: true, Description: "Session token for temporary credentials."},
			"profile":    {Type: cty.String, Optional: true, Description: "Shared config profile name."},
			"s3_use_path_style": {Type: cty.Bool, Optional: true,
				Description: "Address buckets as http://host/BUCKET rather than http://BUCKET.host."},
			"skip_credentials_validation": {Type: cty.Bool, Optional: true,
				Description: "Skip checking the credentials with STS GetCallerIdentity."},
			"skip_requesting_account_id": {Type: cty.Bool, Optional: true,
				Description: "Skip asking STS for the account ID."},
			"skip_region_validation":  {Type: cty.Bool, Optional: true, Description: "Accepted for compatibility; regions are not validated."},
			"skip_metadata_api_check": {Type: cty.String, Optional: true, Description: "Accepted for compatibility."},
			"max_retries": {Type: cty.Number, Optional: true,
				Description: "How many times a throttled or failed call is retried (SDK standard retryer); default 25."},
		},
		BlockTypes: map[string]*schema.NestedBlock{
			"assume_role": {Nesting: schema.NestingList, MaxItems: 1, Block: schema.Block{
				Attributes: map[string]*schema.Attribute{
					"role_arn":     {Type: cty.String, Optional: true, Description: "ARN of the role to assume."},
					"session_name": {Type: cty.String, Optional: true, Description: "Session name for the assumed role."},
					"external_id":  {Type: cty.String, Optional: true, Description: "External ID the role's trust policy requires."},
				},
			}},
			"assume_role_with_web_identity": {Nesting: schema.NestingList, MaxItems: 1, Block: schema.Block{
				Attributes: map[string]*schema.Attribute{
					"role_arn":                {Type: cty.String, Optional: true, Description: "ARN of the role to assume."},
					"session_name":            {Type: cty.String, Optional: true, Description: "Session name for the assumed role."},
					"duration":                {Type: cty.String, Optional: true, Description: `How long the credentials last, 15m to 12h ("1h").`},
					"policy":                  {Type: cty.String, Optional: true, Description: "A session policy (JSON)."},
					"policy_arns":             {Type: cty.Set(cty.String), Optional: true, Description: "Managed session policies."},
					"web_identity_token":      {Type: cty.String, Optional: true, Sensitive: true, Description: "The OIDC token itself."},
					"web_identity_token_file": {Type: cty.String, Optional: true, Description: "A file holding the OIDC token, read again at each renewal."},
				},
			}},
			"endpoints": {Nesting: schema.NestingList, MaxItems: 1, Block: schema.Block{Attributes: endpoints}},
			"default_tags": {Nesting: schema.NestingList, MaxItems: 1, Block: schema.Block{
				Attributes: map[string]*schema.Attribute{
					"tags": {Type: cty.Map(cty.String), Optional: true, Description: "Tags merged into every taggable resource's tags_all."},
				},
			}},
		},
	}
}
