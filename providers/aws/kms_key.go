package aws

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	kmstypes "github.com/aws/aws-sdk-go-v2/service/kms/types"
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/providers/internal/kit"
	"github.com/trueup/trueup/schema"
)

var kmsKeyBlock = &schema.Block{
	Description: "A KMS key. Import ID: the key ID.",
	Attributes: map[string]*schema.Attribute{
		"id":                                 {Type: cty.String, Computed: true},
		"arn":                                {Type: cty.String, Computed: true},
		"key_id":                             {Type: cty.String, Computed: true},
		"description":                        {Type: cty.String, Optional: true, Computed: true},
		"key_usage":                          {Type: cty.String, Optional: true, Computed: true, ForceNew: true},
		"customer_master_key_spec":           {Type: cty.String, Optional: true, Computed: true, ForceNew: true},
		"policy":                             {Type: cty.String, Optional: true, Computed: true},
		"deletion_window_in_days":            optNum("Days before a destroyed key is deleted (7-30, default 30)."),
		"is_enabled":                         {Type: cty.Bool, Optional: true, Computed: true},
		"enable_key_rotation":                {Type: cty.Bool, Optional: true, Computed: true},
		"multi_region":                       {Type: cty.Bool, Optional: true, Computed: true, ForceNew: true},
		"bypass_policy_lockout_safety_check": {Type: cty.Bool, Optional: true, Computed: true},
		"tags":                               {Type: cty.Map(cty.String), Optional: true},
		"tags_all":                           {Type: cty.Map(cty.String), Computed: true},
	},
}

func kmsKeyResource() *resourceType {
	return &resourceType{
		schema: &schema.Resource{Block: kmsKeyBlock},
		defaults: map[string]cty.Value{"key_usage": cty.StringVal("ENCRYPT_DECRYPT"), "customer_master_key_spec": cty.StringVal("SYMMETRIC_DEFAULT"),
			"is_enabled": cty.True, "enable_key_rotation": cty.False, "multi_region": cty.False,
			"bypass_policy_lockout_safety_check": cty.False, "description": cty.StringVal("")},
		jsonAttrs: map[string]equalFunc{"policy": policyEqual},
		validate:  validateJSONAttrs("policy"),
		create:    createKMSKey,
		read:      readKMSKey,
		update:    updateKMSKey,
		delete: func(ctx context.Context, c *client, prior cty.Value) schema.Diagnostics {
			o := kit.Obj(prior)
			_, err := c.kms.ScheduleKeyDeletion(ctx, &kms.ScheduleKeyDeletionInput{KeyId: o.StrPtr("id"),
				PendingWindowInDays: o.Int32Ptr("deletion_window_in_days")})
			if err != nil && !isNotFound(err, "NotFoundException") && !hasCode(err, "KMSInvalidStateException") {
				return apiDiag(err, attrPath("deletion_window_in_days"), "Cannot schedule KMS key deletion")
			}
			return nil
		},
		importState: func(id string) (cty.Value, schema.Diagnostics) { return idStub(kmsKeyBlock, id, nil) },
	}
}

func kmsTags(tags map[string]string) []kmstypes.Tag {
	out := make([]kmstypes.Tag, 0, len(tags))
	for k, v := range tags {
		out = append(out, kmstypes.Tag{TagKey: aws.String(k), TagValue: aws.String(v)})
	}
	return out
}

func createKMSKey(ctx context.Context, c *client, planned cty.Value) (cty.Value, schema.Diagnostics) {
	o := kit.Obj(planned)
	out, err := c.kms.CreateKey(ctx, &kms.CreateKeyInput{Description: o.StrPtr("description"),
		KeyUsage: kmstypes.KeyUsageType(o.Str("key_usage")), KeySpec: kmstypes.KeySpec(o.Str("customer_master_key_spec")),
		Policy: o.StrPtr("policy"), MultiRegion: o.BoolPtr("multi_region"), Tags: kmsTags(o.StrMap("tags_all")),
		BypassPolicyLockoutSafetyCheck: o.Bool("bypass_policy_lockout_safety_check")})
	if err != nil {
		path := cty.Path(nil)
		if hasCode(err, "MalformedPolicyDocumentException") {
			path = attrPath("policy")
		}
		return cty.NullVal(planned.Type()), apiDiag(err, path, "Cannot create KMS key")
	}
	id := aws.ToString(out.KeyMetadata.KeyId)
	state := kit.Set(planned, "id", cty.StringVal(id))
	if diags := setKMSKeyFlags(ctx, c, id, cty.NilVal, planned); diags.HasErrors() {
		return state, diags
	}
	return state, nil
}

// setKMSKeyFlags applies rotation and enablement; prior is NilVal on create.
func setKMSKeyFlags(ctx context.Context, c *client, id string, prior, planned cty.Value) schema.Diagnostics {
	o := kit.Obj(planned)
	key := aws.String(id)
	if (prior == cty.NilVal && o.Bool("enable_key_rotation")) || (prior != cty.NilVal && changed(prior, planned, "enable_key_rotation")) {
		var err error
		if o.Bool("enable_key_rotation") {
			_, err = c.kms.EnableKeyRotation(ctx, &kms.EnableKeyRotationInput{KeyId: key})
		} else {
			_, err = c.kms.DisableKeyRotation(ctx, &kms.DisableKeyRotationInput{KeyId: key})
		}
		if err != nil {
			return apiDiag(err, attrPath("enable_key_rotation"), "Cannot set KMS key rotation")
		}
	}
	if (prior == cty.NilVal && !o.Bool("is_enabled")) || (prior != cty.NilVal && changed(prior, planned, "is_enabled")) {
		var err error
		if o.Bool("is_enabled") {
			_, err = c.kms.EnableKey(ctx, &kms.EnableKeyInput{KeyId: key})
		} else {
			_, err = c.kms.DisableKey(ctx, &kms.DisableKeyInput{KeyId: key})
		}
		if err != nil {
			return apiDiag(err, attrPath("is_enabled"), "Cannot enable or disable KMS key")
		}
	}
	return nil
}

func readKMSKey(ctx context.Context, c *client, prior cty.Value) (cty.Value, schema.Diagnostics) {
	o := kit.Obj(prior)
	key := o.StrPtr("id")
	out, err := c.kms.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: key})
	if isNotFound(err, "NotFoundException") || (err == nil && out.KeyMetadata.KeyState == kmstypes.KeyStatePendingDeletion) {
		return cty.NullVal(prior.Type()), nil
	}
	if err != nil {
		return prior, apiDiag(err, nil, "Cannot read KMS key")
	}
	m := out.KeyMetadata
	pol, err := c.kms.GetKeyPolicy(ctx, &kms.GetKeyPolicyInput{KeyId: key, PolicyName: aws.String("default")})
	if err != nil {
		return prior, apiDiag(err, attrPath("policy"), "Cannot read KMS key policy")
	}
	rot, err := c.kms.GetKeyRotationStatus(ctx, &kms.GetKeyRotationStatusInput{KeyId: key})
	if err != nil {
		return prior, apiDiag(err, attrPath("enable_key_rotation"), "Cannot read KMS key rotation")
	}
	tagOut, err := c.kms.ListResourceTags(ctx, &kms.ListResourceTagsInput{KeyId: key})
	if err != nil {
		return prior, apiDiag(err, attrPath("tags"), "Cannot read KMS key tags")
	}
	live := map[string]string{}
	for _, t := range tagOut.Tags {
		live[aws.ToString(t.TagKey)] = aws.ToString(t.TagValue)
	}
	tags, tagsAll := c.readTags(prior, live)
	return kit.ObjectVal(kmsKeyBlock, map[string]cty.Value{
			"id": kit.StrPtrVal(m.KeyId), "key_id": kit.StrPtrVal(m.KeyId), "arn": kit.StrPtrVal(m.Arn),
			"description": cty.StringVal(aws.ToString(m.Description)), "key_usage": cty.StringVal(string(m.KeyUsage)),
			"customer_master_key_spec": cty.StringVal(string(m.KeySpec)), "policy": cty.StringVal(aws.ToString(pol.Policy)),
			"deletion_window_in_days": o.Attr("deletion_window_in_days"), "is_enabled": cty.BoolVal(m.Enabled),
			"enable_key_rotation": cty.BoolVal(rot.KeyRotationEnabled), "multi_region": cty.BoolVal(aws.ToBool(m.MultiRegion)),
			"bypass_policy_lockout_safety_check": o.Attr("bypass_policy_lockout_safety_check"), "tags": tags, "tags_all": tagsAll,
		}),

		nil
}

func updateKMSKey(ctx context.Context, c *client, prior, planned cty.Value) (cty.Value, schema.Diagnostics) {
	o := kit.Obj(planned)
	id := kit.Obj(prior).Str("id")
	key := aws.String(id)
	if changed(prior, planned, "description") {
		if _, err := c.kms.UpdateKeyDescription(ctx, &kms.UpdateKeyDescriptionInput{KeyId: key, Description: aws.String(o.Str("description"))}); err != nil {
			return prior, apiDiag(err, attrPath("description"), "Cannot update KMS key description")
		}
	}
	if changed(prior, planned, "policy") && o.Str("policy") != "" {
		if _, err := c.kms.PutKeyPolicy(ctx, &kms.PutKeyPolicyInput{KeyId: key, Policy: o.StrPtr("policy"), PolicyName: aws.String("default"),
			BypassPolicyLockoutSafetyCheck: o.Bool("bypass_policy_lockout_safety_check")}); err != nil {
			return planned, apiDiag(err, attrPath("policy"), "Cannot update KMS key policy")
		}
	}
	if diags := setKMSKeyFlags(ctx, c, id, prior, planned); diags.HasErrors() {
		return planned, diags
	}
	if tagsChanged(prior, planned) {
		set, removed := tagDiff(kit.Obj(prior).StrMap("tags_all"), o.StrMap("tags_all"))
		if len(removed) > 0 {
			if _, err := c.kms.UntagResource(ctx, &kms.UntagResourceInput{KeyId: key, TagKeys: removed}); err != nil {
				return planned, apiDiag(err, attrPath("tags"), "Cannot untag KMS key")
			}
		}
		if len(set) > 0 {
			if _, err := c.kms.TagResource(ctx, &kms.TagResourceInput{KeyId: key, Tags: kmsTags(set)}); err != nil {
				return planned, apiDiag(err, attrPath("tags"), "Cannot tag KMS key")
			}
		}
	}
	return planned, nil
}
