package s3_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	awss3 "github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/trueup/trueup/engine/state"
	s3backend "github.com/trueup/trueup/engine/state/s3"
	"github.com/trueup/trueup/engine/state/statetest"
)

// checkingMoto is moto checking the access key and SigV4 signature of
// every request after the first five: a test's set-up (a role, its policy,
// a bucket) and two AssumeRoleWithWebIdentity calls, which moto cannot
// take unsigned once it checks (it answers a 500).
var checkingMoto = motoWith("INITIAL_NO_AUTH_ACTION_COUNT=5")

// TestWebIdentityRoleWritesState: a CI job's OIDC token, in a file or
// given as a value, gets the backend the credentials of the role
// assume_role_with_web_identity names (STS AssumeRoleWithWebIdentity),
// and only those: the static keys beside them are refused by moto, which
// checks every request's credentials. The token is in no error.
func TestWebIdentityRoleWritesState(t *testing.T) {
	ctx := context.Background()
	url := checkingMoto.URL(t)
	cfg := awsConfig(t)
	cfg.BaseEndpoint = aws.String(url)
	admin := iam.NewFromConfig(cfg)
	if _, err := admin.CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String("ci"),
		AssumeRolePolicyDocument: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"token.actions.githubusercontent.com"},"Action":"sts:AssumeRoleWithWebIdentity"}]}`)}); err != nil {
		t.Fatal(err)
	}
	if _, err := admin.PutRolePolicy(ctx, &iam.PutRolePolicyInput{RoleName: aws.String("ci"), PolicyName: aws.String("state"),
		PolicyDocument: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}`)}); err != nil {
		t.Fatal(err)
	}
	if _, err := awss3.NewFromConfig(cfg, func(o *awss3.Options) { o.UsePathStyle = true }).CreateBucket(ctx, &awss3.CreateBucketInput{Bucket: aws.String("oidc")}); err != nil {
		t.Fatal(err)
	}
	tokenFile := filepath.Join(t.TempDir(), "token")
	if err := os.WriteFile(tokenFile, []byte("eyJ-the-ci-jobs-token"), 0o600); err != nil {
		t.Fatal(err)
	}
	base := config(url, "oidc", "k.tfstate")
	base.EndpointSTS = url
	base.AccessKey, base.SecretKey = "AKIDNOTAUSER", "not-a-secret"

	// Both backends are configured first: each makes its one STS call
	// then, inside moto's unchecked window.
	backends := map[string]*s3backend.Backend{}
	for name, role := range map[string]s3backend.WebIdentityRole{
		"token file": {RoleARN: "arn:aws:iam::123456789012:role/ci", TokenFile: tokenFile, SessionName: "ci-run"},
		"token":      {RoleARN: "arn:aws:iam::123456789012:role/ci", Token: "eyJ-the-ci-jobs-token", Duration: time.Hour},
	} {
		c := base
		c.Key = strings.ReplaceAll(name, " ", "-") + ".tfstate"
		c.WebIdentityRole = role
		backends[name] = mustNew(t, c, nil)
	}
	for name, b := range backends {
		t.Run(name, func(t *testing.T) {
			// One write: a read, or a second write, lists the state
			// journal, and moto's check refuses the SDK's own signature
			// on that ListObjectsV2's query (prefix=KEY.journal%2F).
			if err := b.Write(ctx, statetest.Sample(state.New().Lineage, 1, "oidc")); err != nil {
				t.Fatalf("write as the web identity role: %v", err)
			}
		})
	}
	// Without the role, the static keys are refused: moto checks.
	b, err := s3backend.New(ctx, base, nil)
	if err == nil {
		err = b.Write(ctx, statetest.Sample(state.New().Lineage, 1, "oidc"))
	}
	if err == nil {
		t.Fatal("moto accepted the static keys: it does not check credentials, and this test shows nothing")
	}
	if strings.Contains(err.Error(), "eyJ-the-ci-jobs-token") {
		t.Errorf("an error prints the token: %v", err)
	}
}
