package aws

import (
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	ststypes "github.com/aws/aws-sdk-go-v2/service/sts/types"
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/schema"
)

// webIdentityRole is the provider block's assume_role_with_web_identity,
// as the Terraform AWS provider's: a role assumed with a CI job's OIDC
// token (STS AssumeRoleWithWebIdentity), whose credentials replace the
// configured ones before any assume_role.
type webIdentityRole struct {
	roleARN, sessionName, duration, policy string
	policyARNs                             []string
	token, tokenFile                       string
}

// credentials is the role's credentials, asked of stsClient when first
// used and again before they expire, or the error of a block that names
// no role or not exactly one token.
func (wr *webIdentityRole) credentials(stsClient *sts.Client) (aws.CredentialsProvider, schema.Diagnostics) {
	at := func(name string) cty.Path {
		return cty.GetAttrPath("assume_role_with_web_identity").IndexInt(0).GetAttr(name)
	}
	if wr.roleARN == "" {
		return nil, schema.Errorf(at("role_arn"), "Missing role_arn", "assume_role_with_web_identity needs the ARN of the role to assume.")
	}
	if (wr.token == "") == (wr.tokenFile == "") {
		return nil, schema.Errorf(at("web_identity_token"), "Invalid web identity token",
			"Set exactly one of web_identity_token and web_identity_token_file in assume_role_with_web_identity.")
	}
	var d time.Duration
	if wr.duration != "" {
		var err error
		if d, err = time.ParseDuration(wr.duration); err != nil || d < 15*time.Minute || d > 12*time.Hour {
			return nil, schema.Errorf(at("duration"), "Invalid duration",
				"duration must be between 15 minutes and 12 hours, such as \"1h\"; got "+wr.duration+".")
		}
	}
	var token stscreds.IdentityTokenRetriever = stscreds.IdentityTokenFile(wr.tokenFile)
	if wr.token != "" {
		token = inlineToken(wr.token)
	}
	return aws.NewCredentialsCache(stscreds.NewWebIdentityRoleProvider(stsClient, wr.roleARN, token, func(o *stscreds.WebIdentityRoleOptions) {
		if wr.sessionName != "" {
			o.RoleSessionName = wr.sessionName
		}
		o.Duration = d
		if wr.policy != "" {
			o.Policy = aws.String(wr.policy)
		}
		for _, arn := range wr.policyARNs {
			o.PolicyARNs = append(o.PolicyARNs, ststypes.PolicyDescriptorType{Arn: aws.String(arn)})
		}
	})), nil
}

// inlineToken is a web identity token given as a value.
type inlineToken string

// GetIdentityToken returns the token.
func (t inlineToken) GetIdentityToken() ([]byte, error) { return []byte(t), nil }
