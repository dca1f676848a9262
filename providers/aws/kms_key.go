package aws

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	kmstypes "github.com/aws/aws-sdk-go-v2/service/kms/types"
	"github.com/trueup/trueup/schema"
	"github.com/zclconf/go-cty/cty"
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
		defaults: map[string]cty.Value{"key_usage": strVal("ENCRYPT_DECRYPT"), "customer_master_key_spec": strVal("SYMMETRIC_DEFAULT"),
			"is_enabled": cty.True, "enable_key_rotation": cty.False, "multi_region": cty.False,
			"bypass_policy_lockout_safety_check": cty.False, "description": strVal("")},
		jsonAttrs: map[string]equalFunc{"policy": policyEqual},
		validate:  validateJSONAttrs("policy"),
		create:    createKMSKey,
		read:      readKMSKey,
		update:    updateKMSKey,
		delete: func(ctx context.Context, c *client, prior cty.Value) schema.Diagnostics {
			o := ob(prior)
			_, err := c.kms.ScheduleKeyDeletion(ctx, &kms.ScheduleKeyDeletionInput{KeyId: o.strPtr("id"),
				PendingWindowInDays: o.int32Ptr("deletion_window_in_days")})
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
	o := ob(planned)
	out, err := c.kms.CreateKey(ctx, &kms.CreateKeyInput{Description: o.strPtr("description"),
		KeyUsage: kmstypes.KeyUsageType(o.str("key_usage")), KeySpec: kmstypes.KeySpec(o.str("customer_master_key_spec")),
		Policy: o.strPtr("policy"), MultiRegion: o.boolPtr("multi_region"), Tags: kmsTags(o.strMap("tags_all")),
		BypassPolicyLockoutSafetyCheck: o.boolean("bypass_policy_lockout_safety_check")})
	if err != nil {
		path := cty.Path(nil)
		if hasCode(err, "MalformedPolicyDocumentException") {
			path = attrPath("policy")
		}
		return cty.NullVal(planned.Type()), apiDiag(err, path, "Cannot create KMS key")
	}
	id := aws.ToString(out.KeyMetadata.KeyId)
	state := setAttr(planned, "id", strVal(id))
	if diags := setKMSKeyFlags(ctx, c, id, cty.NilVal, planned); diags.HasErrors() {
		return state, diags
	}
	return state, nil
}

// setKMSKeyFlags applies rotation and enablement; prior is NilVal on create.
func setKMSKeyFlags(ctx context.Context, c *client, id string, prior, planned cty.Value) schema.Diagnostics {
	o := ob(planned)
	key := aws.String(id)
	if (prior == cty.NilVal && o.boolean("enable_key_rotation")) || (prior != cty.NilVal && changed(prior, planned, "enable_key_rotation")) {
		var err error
		if o.boolean("enable_key_rotation") {
			_, err = c.kms.EnableKeyRotation(ctx, &kms.EnableKeyRotationInput{KeyId: key})
		} else {
			_, err = c.kms.DisableKeyRotation(ctx, &kms.DisableKeyRotationInput{KeyId: key})
		}
		if err != nil {
			return apiDiag(err, attrPath("enable_key_rotation"), "Cannot set KMS key rotation")
		}
	}
	if (prior == cty.NilVal && !o.boolean("is_enabled")) || (prior != cty.NilVal && changed(prior, planned, "is_enabled")) {
		var err error
		if o.boolean("is_enabled") {
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
	o := ob(prior)
	key := o.strPtr("id")
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
	return objectVal(kmsKeyBlock, map[string]cty.Value{
		"id": strPtrVal(m.KeyId), "key_id": strPtrVal(m.KeyId), "arn": strPtrVal(m.Arn),
		"description": strVal(aws.ToString(m.Description)), "key_usage": strVal(string(m.KeyUsage)),
		"customer_master_key_spec": strVal(string(m.KeySpec)), "policy": strVal(aws.ToString(pol.Policy)),
		"deletion_window_in_days": o.attr("deletion_window_in_days"), "is_enabled": cty.BoolVal(m.Enabled),
		"enable_key_rotation": cty.BoolVal(rot.KeyRotationEnabled), "multi_region": cty.BoolVal(aws.ToBool(m.MultiRegion)),
		"bypass_policy_lockout_safety_check": o.attr("bypass_policy_lockout_safety_check"), "tags": tags, "tags_all": tagsAll,
	}), nil
}

func updateKMSKey(ctx context.Context, c *client, prior, planned cty.Value) (cty.Value, schema.Diagnostics) {
	o := ob(planned)
	id := ob(prior).str("id")
	key := aws.String(id)
	if changed(prior, planned, "description") {
		if _, err := c.kms.UpdateKeyDescription(ctx, &kms.UpdateKeyDescriptionInput{KeyId: key, Description: aws.String(o.str("description"))}); err != nil {
			return prior, apiDiag(err, attrPath("description"), "Cannot update KMS key description")
		}
	}
	if changed(prior, planned, "policy") && o.str("policy") != "" {
		if _, err := c.kms.PutKeyPolicy(ctx, &kms.PutKeyPolicyInput{KeyId: key, Policy: o.strPtr("policy"), PolicyName: aws.String("default"),
			BypassPolicyLockoutSafetyCheck: o.boolean("bypass_policy_lockout_safety_check")}); err != nil {
			return planned, apiDiag(err, attrPath("policy"), "Cannot update KMS key policy")
		}
	}
	if diags := setKMSKeyFlags(ctx, c, id, prior, planned); diags.HasErrors() {
		return planned, diags
	}
	if tagsChanged(prior, planned) {
		set, removed := tagDiff(ob(prior).strMap("tags_all"), o.strMap("tags_all"))
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
