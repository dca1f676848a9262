package sandbox_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"

	"github.com/trueup/trueup/engine/sandbox"
)

// stsClient is an STS client pointed at the sandbox's one AWS endpoint,
// as AWS_ENDPOINT_URL points every service there.
func stsClient(t *testing.T, sb *sandbox.Sandbox) *sts.Client {
	t.Helper()
	cfg, err := awsconfig.LoadDefaultConfig(context.Background(),
		awsconfig.WithRegion(sandbox.Region),
		awsconfig.WithCredentialsProvider(credentials.NewStaticCredentialsProvider(sandbox.AccessKeyID, sandbox.SecretAccessKey, "")),
	)
	if err != nil {
		t.Fatal(err)
	}
	return sts.NewFromConfig(cfg, func(o *sts.Options) { o.BaseEndpoint = aws.String(sb.S3URL()) })
}

func TestSTSGetCallerIdentityAnswersTheSandboxAccount(t *testing.T) {
	sb := mustStart(t, sandbox.Options{Buckets: []string{"b"}})
	out, err := stsClient(t, sb).GetCallerIdentity(context.Background(), &sts.GetCallerIdentityInput{})
	if err != nil {
		t.Fatalf("GetCallerIdentity: %v", err)
	}
	if aws.ToString(out.Account) != sandbox.AccountID || aws.ToString(out.Arn) != "arn:aws:iam::123456789012:user/sandbox" || aws.ToString(out.UserId) == "" {
		t.Errorf("identity = %s %s %s", aws.ToString(out.Account), aws.ToString(out.Arn), aws.ToString(out.UserId))
	}
	// S3 on the same endpoint is untouched.
	if err := putS3(context.Background(), s3Client(t, sb), "b", "k", "v"); err != nil {
		t.Errorf("S3 put beside STS: %v", err)
	}
}

func TestOtherQueryActionsGetAnErrorTheSDKReads(t *testing.T) {
	sb := mustStart(t, sandbox.Options{})
	_, err := stsClient(t, sb).GetSessionToken(context.Background(), &sts.GetSessionTokenInput{})
	var api smithy.APIError
	if !errors.As(err, &api) || api.ErrorCode() != "InvalidAction" {
		t.Errorf("GetSessionToken error = %v, want the API error InvalidAction", err)
	}
}

// TestAssumeRoleGivesCredentialsForTheSandboxsRolesOnly checks STS
// AssumeRole: credentials for a role of the sandbox's account, and
// AccessDenied, as AWS says it, for a role of another.
func TestAssumeRoleGivesCredentialsForTheSandboxsRolesOnly(t *testing.T) {
	sb := mustStart(t, sandbox.Options{})
	c := stsClient(t, sb)
	out, err := c.AssumeRole(context.Background(), &sts.AssumeRoleInput{
		RoleArn: aws.String("arn:aws:iam::123456789012:role/deploy"), RoleSessionName: aws.String("ci")})
	if err != nil {
		t.Fatalf("AssumeRole: %v", err)
	}
	if cr := out.Credentials; cr == nil || aws.ToString(cr.AccessKeyId) == "" || aws.ToString(cr.SessionToken) == "" || cr.Expiration == nil || !cr.Expiration.After(time.Now()) {
		t.Errorf("credentials = %+v", out.Credentials)
	}
	if got := aws.ToString(out.AssumedRoleUser.Arn); got != "arn:aws:sts::123456789012:assumed-role/deploy/ci" {
		t.Errorf("assumed role = %s", got)
	}
	_, err = c.AssumeRole(context.Background(), &sts.AssumeRoleInput{
		RoleArn: aws.String("arn:aws:iam::999999999999:role/deploy"), RoleSessionName: aws.String("ci")})
	var api smithy.APIError
	if !errors.As(err, &api) || api.ErrorCode() != "AccessDenied" {
		t.Errorf("AssumeRole of another account's role: error = %v, want AccessDenied", err)
	}
}
