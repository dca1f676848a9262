package aws

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	ssmtypes "github.com/aws/aws-sdk-go-v2/service/ssm/types"
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/providers/providertest"
)

func ssmClient() *ssm.Client { return ssm.NewFromConfig(sdkConfig()) }

func TestSSMParameterConformance(t *testing.T) {
	p := newMotoProvider(t, nil)
	const typ = "aws_ssm_parameter"
	if !resourceBlock(t, typ).Attributes["value"].Sensitive {
		t.Fatal("aws_ssm_parameter.value must be sensitive")
	}
	param := func(vals map[string]cty.Value) cty.Value { return cfg(t, typ, vals) }
	providertest.Run(t, p, []providertest.Case{{
		Name: "a SecureString value changes in place with a new version; an out-of-band overwrite is drift",
		Type: typ,
		Steps: []providertest.Step{
			{Config: param(map[string]cty.Value{"name": cty.StringVal("/app/db/password"), "type": cty.StringVal("SecureString"),
				"value": cty.StringVal("s3cret-1")})},
			{Config: param(map[string]cty.Value{"name": cty.StringVal("/app/db/password"), "type": cty.StringVal("SecureString"),
				"value": cty.StringVal("s3cret-2"), "description": cty.StringVal("db password"), "tags": tagsVal("app", "db")}),
				Check: func(t *testing.T, s cty.Value) {
					if v := s.GetAttr("version"); !v.RawEquals(cty.NumberIntVal(2)) {
						t.Errorf("version = %#v, want 2", v)
					}
				}},
		},
		Mutate: func(t *testing.T, _ cty.Value) {
			_, err := ssmClient().PutParameter(bg, &ssm.PutParameterInput{Name: aws.String("/app/db/password"),
				Type: ssmtypes.ParameterTypeSecureString, Value: aws.String("leaked"), Overwrite: aws.Bool(true)})
			mustNoErr(t, err)
		},
		ImportID: func(s cty.Value) string { return str(s, "id") },
	}, {
		Name: "a plain insecure_value; a deleted parameter is re-created",
		Type: typ,
		Steps: []providertest.Step{
			{Config: param(map[string]cty.Value{"name": cty.StringVal("/app/region"), "type": cty.StringVal("String"),
				"insecure_value": cty.StringVal("eu-west-1")})},
			{Config: param(map[string]cty.Value{"name": cty.StringVal("/app/region"), "type": cty.StringVal("String"),
				"insecure_value": cty.StringVal("us-east-1")})},
		},
		Mutate: func(t *testing.T, _ cty.Value) {
			_, err := ssmClient().DeleteParameter(bg, &ssm.DeleteParameterInput{Name: aws.String("/app/region")})
			mustNoErr(t, err)
		},
		ImportID:     func(s cty.Value) string { return str(s, "id") },
		ImportIgnore: []string{"value", "insecure_value"},
	}})
}

func TestSSMErrorsHideTheValue(t *testing.T) {
	p := newMotoProvider(t, nil)
	const secret = "do-not-print-me"
	_, err := ssmClient().PutParameter(bg, &ssm.PutParameterInput{Name: aws.String("/taken"), Type: ssmtypes.ParameterTypeString, Value: aws.String("x")})
	mustNoErr(t, err)
	resp := planApply(t, p, "aws_ssm_parameter", cfg(t, "aws_ssm_parameter", map[string]cty.Value{
		"name": cty.StringVal("/taken"), "type": cty.StringVal("SecureString"), "value": cty.StringVal(secret)}))
	if !resp.Diagnostics.HasErrors() {
		t.Fatal("creating over an existing parameter succeeded, want ParameterAlreadyExists")
	}
	d := resp.Diagnostics[0]
	if pathName(d.Attribute) != "name" {
		t.Errorf("attribute = %q, want name", pathName(d.Attribute))
	}
	if strings.Contains(d.Summary+d.Detail, secret) {
		t.Errorf("diagnostic reveals the value: %s", d.Detail)
	}
}
