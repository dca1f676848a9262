package aws

import (
	"context"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	logstypes "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/providers/internal/kit"
	"github.com/trueup/trueup/schema"
)

var logGroupBlock = &schema.Block{
	Description: "A CloudWatch Logs log group. Import ID: the log group name.",
	Attributes: map[string]*schema.Attribute{
		"id":                {Type: cty.String, Computed: true},
		"arn":               {Type: cty.String, Computed: true},
		"name":              {Type: cty.String, Optional: true, Computed: true, ForceNew: true},
		"name_prefix":       {Type: cty.String, Optional: true, ForceNew: true},
		"retention_in_days": {Type: cty.Number, Optional: true, Computed: true, Description: "0 (default) keeps events forever."},
		"kms_key_id":        optStr(""),
		"log_group_class":   {Type: cty.String, Optional: true, Computed: true, ForceNew: true},
		"skip_destroy":      {Type: cty.Bool, Optional: true, Computed: true},
		"tags":              {Type: cty.Map(cty.String), Optional: true},
		"tags_all":          {Type: cty.Map(cty.String), Computed: true},
	},
}

func logGroupResource() *resourceType {
	return &resourceType{
		schema: &schema.Resource{Block: logGroupBlock},
		defaults: map[string]cty.Value{"retention_in_days": cty.Zero, "skip_destroy": cty.False,
			"log_group_class": cty.StringVal("STANDARD")},
		create: createLogGroup,
		read:   readLogGroup,
		update: updateLogGroup,
		delete: func(ctx context.Context, c *client, prior cty.Value) schema.Diagnostics {
			if kit.Obj(prior).Bool("skip_destroy") {
				return nil
			}
			_, err := c.logs.DeleteLogGroup(ctx, &cloudwatchlogs.DeleteLogGroupInput{LogGroupName: aws.String(kit.Obj(prior).Str("id"))})
			if err != nil && !isNotFound(err, "ResourceNotFoundException") {
				return apiDiag(err, nil, "Cannot delete log group")
			}
			return nil
		},
		importState: func(id string) (cty.Value, schema.Diagnostics) {
			return idStub(logGroupBlock, id, map[string]cty.Value{"name": cty.StringVal(id)})
		},
	}
}

func createLogGroup(ctx context.Context, c *client, planned cty.Value) (cty.Value, schema.Diagnostics) {
	o := kit.Obj(planned)
	name := o.Str("name")
	if name == "" {
		name = uniqueName(o.Str("name_prefix"))
	}
	_, err := c.logs.CreateLogGroup(ctx, &cloudwatchlogs.CreateLogGroupInput{LogGroupName: aws.String(name),
		KmsKeyId: o.StrPtr("kms_key_id"), LogGroupClass: logstypes.LogGroupClass(o.Str("log_group_class")), Tags: o.StrMap("tags_all")})
	if err != nil {
		return cty.NullVal(planned.Type()), apiDiag(err, attrPath("name"), "Cannot create log group")
	}
	state := kit.Set(kit.Set(planned, "name", cty.StringVal(name)), "id", cty.StringVal(name))
	if days := o.Int32Ptr("retention_in_days"); days != nil && *days > 0 {
		if _, err := c.logs.PutRetentionPolicy(ctx, &cloudwatchlogs.PutRetentionPolicyInput{LogGroupName: aws.String(name),
			RetentionInDays: days}); err != nil {
			return state, apiDiag(err, attrPath("retention_in_days"), "Log group created but retention not set")
		}
	}
	return state, nil
}

func readLogGroup(ctx context.Context, c *client, prior cty.Value) (cty.Value, schema.Diagnostics) {
	o := kit.Obj(prior)
	name := o.Str("id")
	var found *logstypes.LogGroup
	pages := cloudwatchlogs.NewDescribeLogGroupsPaginator(c.logs, &cloudwatchlogs.DescribeLogGroupsInput{LogGroupNamePrefix: aws.String(name)})
	for pages.HasMorePages() && found == nil {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return prior, apiDiag(err, nil, "Cannot read log group")
		}
		for i := range page.LogGroups {
			if aws.ToString(page.LogGroups[i].LogGroupName) == name {
				found = &page.LogGroups[i]
				break
			}
		}
	}
	if found == nil {
		return cty.NullVal(prior.Type()), nil
	}
	arn := strings.TrimSuffix(aws.ToString(found.Arn), ":*")
	tagOut, err := c.logs.ListTagsForResource(ctx, &cloudwatchlogs.ListTagsForResourceInput{ResourceArn: aws.String(arn)})
	if err != nil {
		return prior, apiDiag(err, attrPath("tags"), "Cannot read log group tags")
	}
	tags, tagsAll := c.readTags(prior, tagOut.Tags)
	class := string(found.LogGroupClass)
	if class == "" {
		class = "STANDARD"
	}
	return kit.ObjectVal(logGroupBlock, map[string]cty.Value{
			"id": cty.StringVal(name), "name": cty.StringVal(name), "arn": cty.StringVal(arn), "name_prefix": o.Attr("name_prefix"),
			"retention_in_days": cty.NumberIntVal(int64(aws.ToInt32(found.RetentionInDays))),
			"kms_key_id":        conform(o.Attr("kms_key_id"), cty.StringVal(aws.ToString(found.KmsKeyId))),
			"log_group_class":   cty.StringVal(class), "skip_destroy": o.Attr("skip_destroy"), "tags": tags, "tags_all": tagsAll,
		}),

		nil
}

func updateLogGroup(ctx context.Context, c *client, prior, planned cty.Value) (cty.Value, schema.Diagnostics) {
	o := kit.Obj(planned)
	name := aws.String(kit.Obj(prior).Str("id"))
	if changed(prior, planned, "retention_in_days") {
		var err error
		if days := o.Int32Ptr("retention_in_days"); days != nil && *days > 0 {
			_, err = c.logs.PutRetentionPolicy(ctx, &cloudwatchlogs.PutRetentionPolicyInput{LogGroupName: name, RetentionInDays: days})
		} else {
			_, err = c.logs.DeleteRetentionPolicy(ctx, &cloudwatchlogs.DeleteRetentionPolicyInput{LogGroupName: name})
		}
		if err != nil {
			return prior, apiDiag(err, attrPath("retention_in_days"), "Cannot set log group retention")
		}
	}
	if changed(prior, planned, "kms_key_id") {
		var err error
		if k := o.Str("kms_key_id"); k != "" {
			_, err = c.logs.AssociateKmsKey(ctx, &cloudwatchlogs.AssociateKmsKeyInput{LogGroupName: name, KmsKeyId: &k})
		} else {
			_, err = c.logs.DisassociateKmsKey(ctx, &cloudwatchlogs.DisassociateKmsKeyInput{LogGroupName: name})
		}
		if err != nil {
			return planned, apiDiag(err, attrPath("kms_key_id"), "Cannot set log group KMS key")
		}
	}
	if tagsChanged(prior, planned) {
		arn := aws.String(kit.Obj(prior).Str("arn"))
		set, removed := tagDiff(kit.Obj(prior).StrMap("tags_all"), o.StrMap("tags_all"))
		if len(removed) > 0 {
			if _, err := c.logs.UntagResource(ctx, &cloudwatchlogs.UntagResourceInput{ResourceArn: arn, TagKeys: removed}); err != nil {
				return planned, apiDiag(err, attrPath("tags"), "Cannot untag log group")
			}
		}
		if len(set) > 0 {
			if _, err := c.logs.TagResource(ctx, &cloudwatchlogs.TagResourceInput{ResourceArn: arn, Tags: set}); err != nil {
				return planned, apiDiag(err, attrPath("tags"), "Cannot tag log group")
			}
		}
	}
	return planned, nil
}
