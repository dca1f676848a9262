// Package awsauth is what the s3 state backend and the aws provider share
// of their credentials: assume_role_with_web_identity, which both take as
// Terraform's do (docs/remote-state.md, docs/aws-provider.md).
//
// It sits beside internal/awsretry, below engine/ and providers/, and
// imports nothing of trueup's.
package awsauth

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
	ststypes "github.com/aws/aws-sdk-go-v2/service/sts/types"
)

// WebIdentity is an assume_role_with_web_identity block: a role assumed
// with an OIDC token (a CI job's), given as Token or read from TokenFile
// at each renewal. The token is never logged or printed.
type WebIdentity struct {
	RoleARN, SessionName, Policy string
	PolicyARNs                   []string
	Duration                     time.Duration
	Token, TokenFile             string
}

// Errors of Check, for callers to word (and locate) as their block's.
var (
	ErrNoRole  = errors.New("role_arn is required")
	ErrTokens  = errors.New(`exactly one of "web_identity_token" and "web_identity_token_file" must be set`)
	ErrSession = errors.New("duration must be between 15 minutes and 12 hours")
)

// ParseDuration reads a session duration ("1h"), which STS takes from 15
// minutes to 12 hours; "" is STS's default (0).
func ParseDuration(s string) (time.Duration, error) {
	if s == "" {
		return 0, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 15*time.Minute || d > 12*time.Hour {
		return 0, fmt.Errorf("%w, such as \"1h\"; got %q", ErrSession, s)
	}
	return d, nil
}

// Check reports what is missing from w: its role, or exactly one token.
func (w WebIdentity) Check() error {
	if w.RoleARN == "" {
		return ErrNoRole
	}
	if (w.Token == "") == (w.TokenFile == "") {
		return ErrTokens
	}
	return nil
}

// Credentials is the role's credentials, asked of client (STS, with the
// configured credentials: AssumeRoleWithWebIdentity is not signed) when
// first used and again before they expire.
func (w WebIdentity) Credentials(client stscreds.AssumeRoleWithWebIdentityAPIClient) aws.CredentialsProvider {
	var token stscreds.IdentityTokenRetriever = stscreds.IdentityTokenFile(w.TokenFile)
	if w.Token != "" {
		token = inlineToken(w.Token)
	}
	return aws.NewCredentialsCache(stscreds.NewWebIdentityRoleProvider(client, w.RoleARN, token, func(o *stscreds.WebIdentityRoleOptions) {
		if w.SessionName != "" {
			o.RoleSessionName = w.SessionName
		}
		o.Duration = w.Duration
		if p := strings.TrimSpace(w.Policy); p != "" {
			o.Policy = aws.String(p)
		}
		for _, arn := range w.PolicyARNs {
			o.PolicyARNs = append(o.PolicyARNs, ststypes.PolicyDescriptorType{Arn: aws.String(arn)})
		}
	}))
}

// inlineToken is a web identity token given as a value.
type inlineToken string

// GetIdentityToken returns the token.
func (t inlineToken) GetIdentityToken() ([]byte, error) { return []byte(t), nil }
