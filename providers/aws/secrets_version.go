package aws

import (
	"context"
	"encoding/base64"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/trueup/trueup/schema"
	"github.com/zclconf/go-cty/cty"
)

var secretVersionBlock = &schema.Block{
	Description: "A value of a Secrets Manager secret. Import ID: SECRET_ARN|VERSION_ID.",
	Attributes: map[string]*schema.Attribute{
		"id":             {Type: cty.String, Computed: true, Description: "SECRET_ARN|VERSION_ID."},
		"arn":            {Type: cty.String, Computed: true},
		"version_id":     {Type: cty.String, Computed: true},
		"secret_id":      {Type: cty.String, Required: true, ForceNew: true},
		"secret_string":  {Type: cty.String, Optional: true, ForceNew: true, Sensitive: true},
		"secret_binary":  {Type: cty.String, Optional: true, ForceNew: true, Sensitive: true, Description: "Base64-encoded."},
		"version_stages": {Type: cty.Set(cty.String), Optional: true, Computed: true},
	},
}

func secretVersionResource() *resourceType {
	return &resourceType{
		schema: &schema.Resource{Block: secretVersionBlock},
		validate: func(config cty.Value) schema.Diagnostics {
			if o := ob(config); !o.null("secret_string") && !o.null("secret_binary") {
				return schema.Errorf(attrPath("secret_binary"), "Conflicting values", "Set secret_string or secret_binary, not both.")
			}
			return nil
		},
		create: createSecretVersion,
		read:   readSecretVersion,
		update: func(ctx context.Context, c *client, prior, planned cty.Value) (cty.Value, schema.Diagnostics) {
			return planned, moveVersionStages(ctx, c, ob(prior), ob(prior).strList("version_stages"), ob(planned).strList("version_stages"))
		},
		delete: func(ctx context.Context, c *client, prior cty.Value) schema.Diagnostics {
			// A version cannot be deleted; it is deprecated by taking its
			// stages away (AWSCURRENT stays: it must label some version).
			stages := slices.DeleteFunc(ob(prior).strList("version_stages"), func(s string) bool { return s == "AWSCURRENT" })
			diags := moveVersionStages(ctx, c, ob(prior), stages, nil)
			if diags.HasErrors() && strings.Contains(diags.Err().Error(), "ResourceNotFoundException") {
				return nil
			}
			return diags
		},
		importState: func(id string) (cty.Value, schema.Diagnostics) {
			arn, version, ok := strings.Cut(id, "|")
			if !ok || arn == "" || version == "" {
				return cty.NilVal, schema.Errorf(nil, "Invalid import ID", "Want SECRET_ARN|VERSION_ID, got "+id+".")
			}
			return idStub(secretVersionBlock, id, map[string]cty.Value{"secret_id": strVal(arn), "arn": strVal(arn), "version_id": strVal(version)})
		},
	}
}

func createSecretVersion(ctx context.Context, c *client, planned cty.Value) (cty.Value, schema.Diagnostics) {
	o := ob(planned)
	in := &secretsmanager.PutSecretValueInput{SecretId: o.strPtr("secret_id"), SecretString: o.strPtr("secret_string")}
	if b := o.str("secret_binary"); b != "" {
		raw, err := base64.StdEncoding.DecodeString(b)
		if err != nil {
			return cty.NullVal(planned.Type()), schema.Errorf(attrPath("secret_binary"), "Invalid base64", "secret_binary must be base64-encoded.")
		}
		in.SecretBinary = raw
	}
	if o.known("version_stages") {
		in.VersionStages = o.strList("version_stages")
	}
	out, err := c.secrets.PutSecretValue(ctx, in)
	if err != nil {
		return cty.NullVal(planned.Type()), apiDiag(err, attrPath("secret_id"), "Cannot put secret value")
	}
	arn, version := aws.ToString(out.ARN), aws.ToString(out.VersionId)
	state := setAttr(setAttr(setAttr(planned, "id", strVal(arn+"|"+version)), "arn", strVal(arn)), "version_id", strVal(version))
	return state, nil
}

func readSecretVersion(ctx context.Context, c *client, prior cty.Value) (cty.Value, schema.Diagnostics) {
	o := ob(prior)
	out, err := c.secrets.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: o.strPtr("secret_id"), VersionId: o.strPtr("version_id")})
	if isNotFound(err, "ResourceNotFoundException") || hasCode(err, "InvalidRequestException") {
		return cty.NullVal(prior.Type()), nil // gone, or its secret is scheduled for deletion
	}
	if err != nil {
		return prior, apiDiag(err, nil, "Cannot read secret value")
	}
	if len(out.VersionStages) == 0 {
		return cty.NullVal(prior.Type()), nil // deprecated: what destroy leaves
	}
	binary := cty.NullVal(cty.String)
	if len(out.SecretBinary) > 0 {
		binary = strVal(base64.StdEncoding.EncodeToString(out.SecretBinary))
	}
	arn := aws.ToString(out.ARN)
	return objectVal(secretVersionBlock, map[string]cty.Value{
		"id": strVal(arn + "|" + aws.ToString(out.VersionId)), "arn": strVal(arn), "version_id": strPtrVal(out.VersionId),
		"secret_id": o.attr("secret_id"), "secret_string": strPtrVal(out.SecretString), "secret_binary": binary,
		"version_stages": setStrVal(out.VersionStages),
	}), nil
}

// moveVersionStages gives the version the stages in want, taking away
// those in have that want lacks.
func moveVersionStages(ctx context.Context, c *client, o obj, have, want []string) schema.Diagnostics {
	id, version := o.strPtr("secret_id"), o.strPtr("version_id")
	for _, s := range want {
		if slices.Contains(have, s) {
			continue
		}
		if _, err := c.secrets.UpdateSecretVersionStage(ctx, &secretsmanager.UpdateSecretVersionStageInput{SecretId: id,
			VersionStage: aws.String(s), MoveToVersionId: version}); err != nil {
			return apiDiag(err, attrPath("version_stages"), "Cannot add secret version stage")
		}
	}
	for _, s := range have {
		if slices.Contains(want, s) {
			continue
		}
		if _, err := c.secrets.UpdateSecretVersionStage(ctx, &secretsmanager.UpdateSecretVersionStageInput{SecretId: id,
			VersionStage: aws.String(s), RemoveFromVersionId: version}); err != nil {
			return apiDiag(err, attrPath("version_stages"), "Cannot remove secret version stage")
		}
	}
	return nil
}
