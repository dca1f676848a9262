package aws

import (
	"context"
	"net/url"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/providers/internal/kit"
	"github.com/trueup/trueup/schema"
)

var iamRoleBlock = &schema.Block{
	Description: "An IAM role. Import ID: the role name.",
	Attributes: map[string]*schema.Attribute{
		"id":                    {Type: cty.String, Computed: true, Description: "The role name."},
		"arn":                   {Type: cty.String, Computed: true},
		"unique_id":             {Type: cty.String, Computed: true},
		"create_date":           {Type: cty.String, Computed: true},
		"name":                  {Type: cty.String, Optional: true, Computed: true, ForceNew: true},
		"name_prefix":           {Type: cty.String, Optional: true, ForceNew: true},
		"path":                  {Type: cty.String, Optional: true, Computed: true, ForceNew: true},
		"assume_role_policy":    {Type: cty.String, Required: true, Description: "The trust policy JSON document."},
		"description":           optStr(""),
		"max_session_duration":  {Type: cty.Number, Optional: true, Computed: true},
		"permissions_boundary":  optStr("ARN of the policy that bounds the role's permissions."),
		"force_detach_policies": {Type: cty.Bool, Optional: true, Computed: true},
		"tags":                  {Type: cty.Map(cty.String), Optional: true},
		"tags_all":              {Type: cty.Map(cty.String), Computed: true},
	},
}

func iamRoleResource() *resourceType {
	return &resourceType{
		schema: &schema.Resource{Block: iamRoleBlock},
		defaults: map[string]cty.Value{"path": cty.StringVal("/"), "max_session_duration": cty.NumberIntVal(3600),
			"force_detach_policies": cty.False},
		jsonAttrs: map[string]equalFunc{"assume_role_policy": policyEqual},
		validate:  validateJSONAttrs("assume_role_policy"),
		create:    createIAMRole,
		read:      readIAMRole,
		update:    updateIAMRole,
		delete:    deleteIAMRole,
		importState: func(id string) (cty.Value, schema.Diagnostics) {
			return idStub(iamRoleBlock, id, map[string]cty.Value{"name": cty.StringVal(id)})
		},
	}
}

func iamTags(tags map[string]string) []iamtypes.Tag {
	out := make([]iamtypes.Tag, 0, len(tags))
	for k, v := range tags {
		out = append(out, iamtypes.Tag{Key: aws.String(k), Value: aws.String(v)})
	}
	return out
}

func fromIAMTags(tags []iamtypes.Tag) map[string]string {
	m := make(map[string]string, len(tags))
	for _, t := range tags {
		m[aws.ToString(t.Key)] = aws.ToString(t.Value)
	}
	return m
}

// decodePolicy undoes the URL encoding IAM returns policy documents in.
func decodePolicy(doc string) string {
	if d, err := url.QueryUnescape(doc); err == nil {
		return d
	}
	return doc
}

func createIAMRole(ctx context.Context, c *client, planned cty.Value) (cty.Value, schema.Diagnostics) {
	o := kit.Obj(planned)
	name := o.Str("name")
	if name == "" {
		name = uniqueName(o.Str("name_prefix"))
	}
	_, err := c.iam.CreateRole(ctx, &iam.CreateRoleInput{
		RoleName: aws.String(name), Path: o.StrPtr("path"), AssumeRolePolicyDocument: o.StrPtr("assume_role_policy"),
		Description: o.StrPtr("description"), MaxSessionDuration: o.Int32Ptr("max_session_duration"),
		PermissionsBoundary: o.StrPtr("permissions_boundary"), Tags: iamTags(o.StrMap("tags_all")),
	})
	if err != nil {
		path := cty.Path(nil)
		if hasCode(err, "MalformedPolicyDocument") {
			path = attrPath("assume_role_policy")
		} else if hasCode(err, "EntityAlreadyExists") {
			path = attrPath("name")
		}
		return cty.NullVal(planned.Type()), apiDiag(err, path, "Cannot create IAM role")
	}
	return kit.Set(kit.Set(planned, "name", cty.StringVal(name)), "id", cty.StringVal(name)), nil
}

func readIAMRole(ctx context.Context, c *client, prior cty.Value) (cty.Value, schema.Diagnostics) {
	o := kit.Obj(prior)
	out, err := c.iam.GetRole(ctx, &iam.GetRoleInput{RoleName: aws.String(o.Str("id"))})
	if isNotFound(err, "NoSuchEntity") {
		return cty.NullVal(prior.Type()), nil
	}
	if err != nil {
		return prior, apiDiag(err, nil, "Cannot read IAM role")
	}
	r := out.Role
	tags, tagsAll := c.readTags(prior, fromIAMTags(r.Tags))
	boundary := cty.NullVal(cty.String)
	if r.PermissionsBoundary != nil {
		boundary = kit.StrPtrVal(r.PermissionsBoundary.PermissionsBoundaryArn)
	}
	created := cty.NullVal(cty.String)
	if r.CreateDate != nil {
		created = timeVal(r.CreateDate)
	}
	return kit.ObjectVal(iamRoleBlock, map[string]cty.Value{
			"id": kit.StrPtrVal(r.RoleName), "name": kit.StrPtrVal(r.RoleName), "arn": kit.StrPtrVal(r.Arn), "unique_id": kit.StrPtrVal(r.RoleId),
			"create_date": created, "name_prefix": o.Attr("name_prefix"), "path": kit.StrPtrVal(r.Path),
			"assume_role_policy":   cty.StringVal(decodePolicy(aws.ToString(r.AssumeRolePolicyDocument))),
			"description":          conform(o.Attr("description"), cty.StringVal(aws.ToString(r.Description))),
			"max_session_duration": kit.Int32PtrVal(r.MaxSessionDuration), "permissions_boundary": boundary,
			"force_detach_policies": o.Attr("force_detach_policies"), "tags": tags, "tags_all": tagsAll,
		}),

		nil
}

func updateIAMRole(ctx context.Context, c *client, prior, planned cty.Value) (cty.Value, schema.Diagnostics) {
	o := kit.Obj(planned)
	name := aws.String(kit.Obj(prior).Str("id"))
	if changed(prior, planned, "assume_role_policy") {
		_, err := c.iam.UpdateAssumeRolePolicy(ctx, &iam.UpdateAssumeRolePolicyInput{RoleName: name, PolicyDocument: o.StrPtr("assume_role_policy")})
		if err != nil {
			return prior, apiDiag(err, attrPath("assume_role_policy"), "Cannot update IAM role trust policy")
		}
	}
	if changed(prior, planned, "description", "max_session_duration") {
		desc := o.Str("description")
		_, err := c.iam.UpdateRole(ctx, &iam.UpdateRoleInput{RoleName: name, Description: &desc,
			MaxSessionDuration: o.Int32Ptr("max_session_duration")})
		if err != nil {
			return planned, apiDiag(err, attrPath("description"), "Cannot update IAM role")
		}
	}
	if changed(prior, planned, "permissions_boundary") {
		var err error
		if b := o.Str("permissions_boundary"); b != "" {
			_, err = c.iam.PutRolePermissionsBoundary(ctx, &iam.PutRolePermissionsBoundaryInput{RoleName: name, PermissionsBoundary: &b})
		} else {
			_, err = c.iam.DeleteRolePermissionsBoundary(ctx, &iam.DeleteRolePermissionsBoundaryInput{RoleName: name})
		}
		if err != nil {
			return planned, apiDiag(err, attrPath("permissions_boundary"), "Cannot set IAM role permissions boundary")
		}
	}
	if tagsChanged(prior, planned) {
		set, removed := tagDiff(kit.Obj(prior).StrMap("tags_all"), o.StrMap("tags_all"))
		if len(removed) > 0 {
			if _, err := c.iam.UntagRole(ctx, &iam.UntagRoleInput{RoleName: name, TagKeys: removed}); err != nil {
				return planned, apiDiag(err, attrPath("tags"), "Cannot untag IAM role")
			}
		}
		if len(set) > 0 {
			if _, err := c.iam.TagRole(ctx, &iam.TagRoleInput{RoleName: name, Tags: iamTags(set)}); err != nil {
				return planned, apiDiag(err, attrPath("tags"), "Cannot tag IAM role")
			}
		}
	}
	return planned, nil
}

func deleteIAMRole(ctx context.Context, c *client, prior cty.Value) schema.Diagnostics {
	name := aws.String(kit.Obj(prior).Str("id"))
	if kit.Obj(prior).Bool("force_detach_policies") {
		if err := detachAllRolePolicies(ctx, c, name); err != nil {
			return apiDiag(err, attrPath("force_detach_policies"), "Cannot detach IAM role policies")
		}
	}
	_, err := c.iam.DeleteRole(ctx, &iam.DeleteRoleInput{RoleName: name})
	switch {
	case err == nil || isNotFound(err, "NoSuchEntity"):
		return nil
	case hasCode(err, "DeleteConflict"):
		return schema.Errorf(attrPath("force_detach_policies"), "Cannot delete IAM role",
			apiMessage(err)+". Detach its policies first, or set force_detach_policies = true.")
	}
	return apiDiag(err, nil, "Cannot delete IAM role")
}

func detachAllRolePolicies(ctx context.Context, c *client, name *string) error {
	attached := iam.NewListAttachedRolePoliciesPaginator(c.iam, &iam.ListAttachedRolePoliciesInput{RoleName: name})
	for attached.HasMorePages() {
		page, err := attached.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, p := range page.AttachedPolicies {
			if _, err := c.iam.DetachRolePolicy(ctx, &iam.DetachRolePolicyInput{RoleName: name, PolicyArn: p.PolicyArn}); err != nil && !isNotFound(err, "NoSuchEntity") {
				return err
			}
		}
	}
	inline := iam.NewListRolePoliciesPaginator(c.iam, &iam.ListRolePoliciesInput{RoleName: name})
	for inline.HasMorePages() {
		page, err := inline.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, p := range page.PolicyNames {
			if _, err := c.iam.DeleteRolePolicy(ctx, &iam.DeleteRolePolicyInput{RoleName: name, PolicyName: aws.String(p)}); err != nil && !isNotFound(err, "NoSuchEntity") {
				return err
			}
		}
	}
	return nil
}
