package aws

import (
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
