package aws

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/providers/providertest"
)

func kmsClient() *kms.Client { return kms.NewFromConfig(sdkConfig()) }

func TestKMSConformance(t *testing.T) {
	p := newMotoProvider(t, nil)
	k1, err := kmsClient().CreateKey(bg, &kms.CreateKeyInput{})
	mustNoErr(t, err)
	k2, err := kmsClient().CreateKey(bg, &kms.CreateKeyInput{})
	mustNoErr(t, err)
	alias := func(key *string) cty.Value {
		return cfg(t, "aws_kms_alias", map[string]cty.Value{"name": cty.StringVal("alias/app"), "target_key_id": cty.StringVal(aws.ToString(key))})
	}
	providertest.Run(t, p, []providertest.Case{{
		Name: "key description, rotation, enablement and tags change in place; disabling by hand is drift",
		Type: "aws_kms_key",
		Steps: []providertest.Step{
			{Config: cfg(t, "aws_kms_key", map[string]cty.Value{"description": cty.StringVal("app data"),
				"deletion_window_in_days": cty.NumberIntVal(7)})},
			{Config: cfg(t, "aws_kms_key", map[string]cty.Value{"description": cty.StringVal("app data v2"),
				"deletion_window_in_days": cty.NumberIntVal(7), "enable_key_rotation": cty.True, "tags": tagsVal("app", "data")})},
		},
		Mutate: func(t *testing.T, s cty.Value) {
			_, err := kmsClient().DisableKey(bg, &kms.DisableKeyInput{KeyId: aws.String(str(s, "id"))})
			mustNoErr(t, err)
		},
		ImportID:     func(s cty.Value) string { return str(s, "id") },
		ImportIgnore: []string{"deletion_window_in_days"},
	}, {
		Name:  "an alias is retargeted in place; a deleted alias is re-created",
		Type:  "aws_kms_alias",
		Steps: []providertest.Step{{Config: alias(k1.KeyMetadata.KeyId)}, {Config: alias(k2.KeyMetadata.KeyId)}},
		Mutate: func(t *testing.T, _ cty.Value) {
			_, err := kmsClient().DeleteAlias(bg, &kms.DeleteAliasInput{AliasName: aws.String("alias/app")})
			mustNoErr(t, err)
		},
		ImportID: func(s cty.Value) string { return str(s, "id") },
	}})
}
