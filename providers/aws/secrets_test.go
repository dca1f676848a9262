package aws

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/providers/providertest"
)

func secretsClient() *secretsmanager.Client { return secretsmanager.NewFromConfig(sdkConfig()) }

func TestSecretsManagerConformance(t *testing.T) {
	p := newMotoProvider(t, nil)
	for _, name := range []string{"secret_string", "secret_binary"} {
		if !resourceBlock(t, "aws_secretsmanager_secret_version").Attributes[name].Sensitive {
			t.Fatalf("aws_secretsmanager_secret_version.%s must be sensitive", name)
		}
	}
	existing, err := secretsClient().CreateSecret(bg, &secretsmanager.CreateSecretInput{Name: aws.String("db"),
		SecretString: aws.String(`{"password":"first"}`)})
	mustNoErr(t, err)
	secretARN := aws.ToString(existing.ARN)
	version := func(stages ...string) cty.Value {
		return cfg(t, "aws_secretsmanager_secret_version", map[string]cty.Value{"secret_id": cty.StringVal(secretARN),
			"secret_string": cty.StringVal(`{"password":"second"}`), "version_stages": strs(stages...)})
	}
	policy := `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"secretsmanager:DeleteSecret","Resource":"*"}]}`
	providertest.Run(t, p, []providertest.Case{{
		Name: "secret description, policy and tags change in place; description drift is seen",
		Type: "aws_secretsmanager_secret",
		Steps: []providertest.Step{
			{Config: cfg(t, "aws_secretsmanager_secret", map[string]cty.Value{"name": cty.StringVal("api-key"),
				"recovery_window_in_days": cty.Zero})},
			{Config: cfg(t, "aws_secretsmanager_secret", map[string]cty.Value{"name": cty.StringVal("api-key"),
				"recovery_window_in_days": cty.Zero, "description": cty.StringVal("the API key"), "policy": cty.StringVal(policy),
				"tags": tagsVal("app", "api")})},
		},
		Mutate: func(t *testing.T, s cty.Value) {
			_, err := secretsClient().UpdateSecret(bg, &secretsmanager.UpdateSecretInput{SecretId: aws.String(str(s, "arn")),
				Description: aws.String("changed by hand")})
			mustNoErr(t, err)
		},
		ImportID:     func(s cty.Value) string { return str(s, "id") },
		ImportIgnore: []string{"recovery_window_in_days"},
	}, {
		Name: "a version's stages move in place; a stage taken away by hand is drift; destroy deprecates it",
		Type: "aws_secretsmanager_secret_version",
		Steps: []providertest.Step{
			{Config: version("blue")},
			{Config: version("blue", "green")},
		},
		Mutate: func(t *testing.T, s cty.Value) {
			_, err := secretsClient().UpdateSecretVersionStage(bg, &secretsmanager.UpdateSecretVersionStageInput{SecretId: aws.String(secretARN),
				VersionStage: aws.String("green"), RemoveFromVersionId: aws.String(str(s, "version_id"))})
			mustNoErr(t, err)
		},
		ImportID: func(s cty.Value) string { return str(s, "id") },
	}})
}
