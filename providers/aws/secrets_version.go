package aws

import (
	"context"
	"encoding/base64"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/providers/internal/kit"
	"github.com/trueup/trueup/schema"
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
			if o := kit.Obj(config); !o.Null("secret_string") && !o.Null("secret_binary") {
				return schema.Errorf(attrPath("secret_binary"), "Conflicting values", "Set secret_string or secret_binary, not both.")
			}
			return nil
		},
		create: createSecretVersion,
		read:   readSecretVersion,
		update: func(ctx context.Context, c *client, prior, planned cty.Value) (cty.Value, schema.Diagnostics) {
			return planned, moveVersionStages(ctx, c, kit.Obj(prior), kit.Obj(prior).StrList("version_stages"), kit.Obj(planned).StrList("version_stages"))
		},
		delete: func(ctx context.Context, c *client, prior cty.Value) schema.Diagnostics {
			// A version cannot be deleted; it is deprecated by taking its
			// stages away (AWSCURRENT stays: it must label some version).
			stages := slices.DeleteFunc(kit.Obj(prior).StrList("version_stages"), func(s string) bool { return s == "AWSCURRENT" })
			diags := moveVersionStages(ctx, c, kit.Obj(prior), stages, nil)
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
			return idStub(secretVersionBlock, id, map[string]cty.Value{"secret_id": cty.StringVal(arn), "arn": cty.StringVal(arn), "version_id": cty.StringVal(version)})
		},
	}
}

func createSecretVersion(ctx context.Context, c *client, planned cty.Value) (cty.Value, schema.Diagnostics) {
	o := kit.Obj(planned)
	in := &secretsmanager.PutSecretValueInput{SecretId: o.StrPtr("secret_id"), SecretString: o.StrPtr("secret_string")}
	if b := o.Str("secret_binary"); b != "" {
		raw, err := base64.StdEncoding.DecodeString(b)
		if err != nil {
			return cty.NullVal(planned.Type()), schema.Errorf(attrPath("secret_binary"), "Invalid base64", "secret_binary must be base64-encoded.")
		}
		in.SecretBinary = raw
	}
	if o.Known("version_stages") {
		in.VersionStages = o.StrList("version_stages")
	}
	out, err := c.secrets.PutSecretValue(ctx, in)
	if err != nil {
		return cty.NullVal(planned.Type()), apiDiag(err, attrPath("secret_id"), "Cannot put secret value")
	}
	arn, version := aws.ToString(out.ARN), aws.ToString(out.VersionId)
	state := kit.Set(kit.Set(kit.Set(planned, "id", cty.StringVal(arn+"|"+version)), "arn", cty.StringVal(arn)), "version_id", cty.StringVal(version))
	return state, nil
}

func readSecretVersion(ctx context.Context, c *client, prior cty.Value) (cty.Value, schema.Diagnostics) {
	o := kit.Obj(prior)
	out, err := c.secrets.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: o.StrPtr("secret_id"), VersionId: o.StrPtr("version_id")})
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
		binary = cty.StringVal(base64.StdEncoding.EncodeToString(out.SecretBinary))
	}
	arn := aws.ToString(out.ARN)
	return kit.ObjectVal(secretVersionBlock, map[string]cty.Value{
			"id": cty.StringVal(arn + "|" + aws.ToString(out.VersionId)), "arn": cty.StringVal(arn), "version_id": kit.StrPtrVal(out.VersionId),
			"secret_id": o.Attr("secret_id"), "secret_string": kit.StrPtrVal(out.SecretString), "secret_binary": binary,
			"version_stages": kit.SetVal(out.VersionStages),
		}),

		nil
}

// moveVersionStages gives the version the stages in want, taking away
// those in have that want lacks.
func moveVersionStages(ctx context.Context, c *client, o kit.Obj, have, want []string) schema.Diagnostics {
	id, version := o.StrPtr("secret_id"), o.StrPtr("version_id")
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
