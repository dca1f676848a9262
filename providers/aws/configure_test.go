package aws

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/providers/providertest"
	"github.com/trueup/trueup/schema"
)

func configureDiags(t *testing.T, vals map[string]cty.Value) schema.Diagnostics {
	t.Helper()
	p := New()
	block := p.GetSchema(bg).Schema.Provider
	return p.Configure(bg, schema.ConfigureRequest{Config: providertest.Config(block, vals)}).Diagnostics
}

func TestConfigureRejects(t *testing.T) {
	t.Setenv("AWS_REGION", "")
	t.Setenv("AWS_DEFAULT_REGION", "")
	t.Setenv("AWS_CONFIG_FILE", t.TempDir()+"/none")
	t.Setenv("AWS_PROFILE", "")
	const secret = "s3cr3t-value-never-printed"
	for _, tc := range []struct {
		name     string
		vals     map[string]cty.Value
		wantAttr string
		wantText string
	}{
		{"no region anywhere is an error on region",
			map[string]cty.Value{"access_key": cty.StringVal("a"), "secret_key": cty.StringVal(secret), "skip_credentials_validation": cty.True},
			"region", "No AWS region"},
		{"an access key without a secret is an error on access_key",
			map[string]cty.Value{"region": cty.StringVal("us-east-1"), "access_key": cty.StringVal("a")},
			"access_key", "Incomplete static credentials"},
		{"credentials STS refuses are an error that hides the secret",
			map[string]cty.Value{"region": cty.StringVal("us-east-1"), "access_key": cty.StringVal("a"),
				"secret_key": cty.StringVal(secret), "max_retries": cty.Zero,
				"endpoints": nested(providerBlock(), "endpoints", map[string]cty.Value{"sts": cty.StringVal("http://127.0.0.1:1")})},
			"", "Invalid AWS credentials"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			diags := configureDiags(t, tc.vals)
			if !diags.HasErrors() {
				t.Fatal("Configure succeeded, want an error")
			}
			d := diags[0]
			if d.Summary != tc.wantText {
				t.Errorf("summary = %q, want %q", d.Summary, tc.wantText)
			}
			if got := pathName(d.Attribute); got != tc.wantAttr {
				t.Errorf("attribute = %q, want %q", got, tc.wantAttr)
			}
			if strings.Contains(d.Summary+d.Detail, secret) {
				t.Errorf("diagnostic reveals the secret key: %s", d.Detail)
			}
		})
	}
}

func pathName(p cty.Path) string {
	if len(p) == 0 {
		return ""
	}
	if s, ok := p[0].(cty.GetAttrStep); ok {
		return s.Name
	}
	return "?"
}

func TestConfigureHonoursSDKEnvironment(t *testing.T) {
	moto.Fresh(t)
	t.Setenv("AWS_ENDPOINT_URL", moto.URL)
	t.Setenv("AWS_REGION", "eu-west-1")
	t.Setenv("AWS_ACCESS_KEY_ID", "envkey")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "envsecret")
	p := providertest.Configure(t, New(), map[string]cty.Value{"s3_use_path_style": cty.True})
	state := createBucket(t, p, "env-bucket")
	if got := str(state, "region"); got != "eu-west-1" {
		t.Errorf("bucket region = %q, want eu-west-1 from AWS_REGION", got)
	}
	if _, err := s3Client().HeadBucket(bg, headBucket("env-bucket")); err != nil {
		t.Errorf("bucket not made at AWS_ENDPOINT_URL: %v", err)
	}
}

func TestConfigureAssumesRole(t *testing.T) {
	p := newMotoProvider(t, map[string]cty.Value{
		"assume_role": nested(providerBlock(), "assume_role", map[string]cty.Value{
			"role_arn":     cty.StringVal("arn:aws:iam::123456789012:role/deployer"),
			"session_name": cty.StringVal("trueup-test"),
		}),
	})
	resp := p.ReadData(bg, schema.ReadDataRequest{TypeName: "aws_caller_identity",
		Config: providertest.Config(p.GetSchema(bg).Schema.DataSources["aws_caller_identity"].Block, nil)})
	if resp.Diagnostics.HasErrors() {
		t.Fatal(resp.Diagnostics.Err())
	}
	if arn := str(resp.State, "arn"); !strings.Contains(arn, "assumed-role/deployer/trueup-test") {
		t.Errorf("caller ARN = %q, want the assumed role's session", arn)
	}
}

// TestConfigureAssumesRoleWithWebIdentity: a CI job's OIDC token, given
// or in a file, gets the provider the credentials of the role
// assume_role_with_web_identity names (moto's GetCallerIdentity names the
// role session that signed the call); a block without a role or with two
// tokens is refused without printing the token.
func TestConfigureAssumesRoleWithWebIdentity(t *testing.T) {
	tokenFile := filepath.Join(t.TempDir(), "token")
	mustNoErr(t, os.WriteFile(tokenFile, []byte("eyJ-the-ci-jobs-token"), 0o600))
	for name, block := range map[string]map[string]cty.Value{
		"token file": {"role_arn": cty.StringVal("arn:aws:iam::123456789012:role/ci"), "session_name": cty.StringVal("from-file"),
			"web_identity_token_file": cty.StringVal(tokenFile)},
		"token": {"role_arn": cty.StringVal("arn:aws:iam::123456789012:role/ci"), "session_name": cty.StringVal("from-value"),
			"web_identity_token": cty.StringVal("eyJ-the-ci-jobs-token"), "duration": cty.StringVal("1h")},
	} {
		t.Run(name, func(t *testing.T) {
			p := newMotoProvider(t, map[string]cty.Value{
				"assume_role_with_web_identity": nested(providerBlock(), "assume_role_with_web_identity", block),
			})
			resp := p.ReadData(bg, schema.ReadDataRequest{TypeName: "aws_caller_identity",
				Config: providertest.Config(p.GetSchema(bg).Schema.DataSources["aws_caller_identity"].Block, nil)})
			if resp.Diagnostics.HasErrors() {
				t.Fatal(resp.Diagnostics.Err())
			}
			if arn, want := str(resp.State, "arn"), "assumed-role/ci/"+block["session_name"].AsString(); !strings.Contains(arn, want) {
				t.Errorf("caller ARN = %q, want the web identity role's session (%s)", arn, want)
			}
		})
	}
	for name, tc := range map[string]struct {
		block   map[string]cty.Value
		summary string
	}{
		"no role":    {map[string]cty.Value{"web_identity_token": cty.StringVal("eyJ-the-ci-jobs-token")}, "Missing role_arn"},
		"two tokens": {map[string]cty.Value{"role_arn": cty.StringVal("arn:aws:iam::123456789012:role/ci"), "web_identity_token": cty.StringVal("eyJ-the-ci-jobs-token"), "web_identity_token_file": cty.StringVal(tokenFile)}, "Invalid web identity token"},
		"13 hours":   {map[string]cty.Value{"role_arn": cty.StringVal("arn:aws:iam::123456789012:role/ci"), "web_identity_token": cty.StringVal("eyJ-the-ci-jobs-token"), "duration": cty.StringVal("13h")}, "Invalid duration"},
	} {
		t.Run(name, func(t *testing.T) {
			moto.Fresh(t)
			resp := New().Configure(bg, schema.ConfigureRequest{Config: providertest.Config(providerBlock(), motoProviderConfig(map[string]cty.Value{
				"assume_role_with_web_identity": nested(providerBlock(), "assume_role_with_web_identity", tc.block),
			}))})
			if !resp.Diagnostics.HasErrors() || resp.Diagnostics[0].Summary != tc.summary {
				t.Fatalf("diagnostics %v, want %q", resp.Diagnostics, tc.summary)
			}
			if strings.Contains(resp.Diagnostics.Err().Error(), "eyJ") {
				t.Errorf("the error prints the token: %v", resp.Diagnostics.Err())
			}
		})
	}
}
