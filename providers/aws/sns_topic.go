package aws

import (
	"context"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	snstypes "github.com/aws/aws-sdk-go-v2/service/sns/types"
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/providers/internal/kit"
	"github.com/trueup/trueup/schema"
)

// snsTopicAttrs are topic attributes settable through the API, in the
// sqsAttr shape (the API takes and returns strings).
var snsTopicAttrs = []sqsAttr{
	{"display_name", "DisplayName", cty.String, cty.NilVal, false},
	{"policy", "Policy", cty.String, cty.NilVal, false},
	{"delivery_policy", "DeliveryPolicy", cty.String, cty.NilVal, false},
	{"fifo_topic", "FifoTopic", cty.Bool, cty.False, true},
	{"content_based_deduplication", "ContentBasedDeduplication", cty.Bool, cty.False, false},
	{"kms_master_key_id", "KmsMasterKeyId", cty.String, cty.NilVal, false},
	{"signature_version", "SignatureVersion", cty.Number, cty.NilVal, false},
	{"tracing_config", "TracingConfig", cty.String, cty.NilVal, false},
}

var snsTopicBlock = func() *schema.Block {
	b := &schema.Block{
		Description: "An SNS topic. Import ID: the topic ARN.",
		Attributes: map[string]*schema.Attribute{
			"id":          {Type: cty.String, Computed: true, Description: "The topic ARN."},
			"arn":         {Type: cty.String, Computed: true},
			"owner":       {Type: cty.String, Computed: true},
			"name":        {Type: cty.String, Optional: true, Computed: true, ForceNew: true},
			"name_prefix": {Type: cty.String, Optional: true, ForceNew: true},
			"tags":        {Type: cty.Map(cty.String), Optional: true},
			"tags_all":    {Type: cty.Map(cty.String), Computed: true},
		},
	}
	for _, a := range snsTopicAttrs {
		b.Attributes[a.name] = &schema.Attribute{Type: a.ty, Optional: true, Computed: a.def != cty.NilVal ||
			a.name == "policy" || a.name == "signature_version" || a.name == "tracing_config", ForceNew: a.forceNew}
	}
	return b
}()

func snsTopicResource() *resourceType {
	return &resourceType{
		schema:    &schema.Resource{Block: snsTopicBlock},
		defaults:  map[string]cty.Value{"fifo_topic": cty.False, "content_based_deduplication": cty.False},
		jsonAttrs: map[string]equalFunc{"policy": policyEqual, "delivery_policy": jsonEqual},
		validate:  validateJSONAttrs("policy", "delivery_policy"),
		create:    createSNSTopic,
		read:      readSNSTopic,
		update:    updateSNSTopic,
		delete: func(ctx context.Context, c *client, prior cty.Value) schema.Diagnostics {
			_, err := c.sns.DeleteTopic(ctx, &sns.DeleteTopicInput{TopicArn: aws.String(kit.Obj(prior).Str("id"))})
			if err != nil && !isNotFound(err, "NotFound") {
				return apiDiag(err, nil, "Cannot delete SNS topic")
			}
			return nil
		},
		importState: func(id string) (cty.Value, schema.Diagnostics) {
			return idStub(snsTopicBlock, id, map[string]cty.Value{"arn": cty.StringVal(id)})
		},
	}
}

func createSNSTopic(ctx context.Context, c *client, planned cty.Value) (cty.Value, schema.Diagnostics) {
	o := kit.Obj(planned)
	name := o.Str("name")
	if name == "" {
		name = uniqueName(o.Str("name_prefix"))
		if o.Bool("fifo_topic") {
			name += ".fifo"
		}
	}
	attrs := map[string]string{}
	for _, a := range snsTopicAttrs {
		if s := sqsAPIValue(o.Attr(a.name)); s != "" && s != "false" {
			attrs[a.api] = s
		}
	}
	var tags []snstypes.Tag
	for k, v := range o.StrMap("tags_all") {
		tags = append(tags, snstypes.Tag{Key: aws.String(k), Value: aws.String(v)})
	}
	out, err := c.sns.CreateTopic(ctx, &sns.CreateTopicInput{Name: aws.String(name), Attributes: attrs, Tags: tags})
	if err != nil {
		return cty.NullVal(planned.Type()), apiDiag(err, apiAttrPath(err, snsTopicAttrs), "Cannot create SNS topic")
	}
	arn := aws.ToString(out.TopicArn)
	return kit.Set(kit.Set(kit.Set(planned, "name", cty.StringVal(name)), "id", cty.StringVal(arn)), "arn", cty.StringVal(arn)), nil
}

// apiAttrPath guesses the attribute an error is about from its message.
func apiAttrPath(err error, attrs []sqsAttr) cty.Path {
	msg := apiMessage(err)
	for _, a := range attrs {
		if strings.Contains(msg, a.api) {
			return attrPath(a.name)
		}
	}
	return nil
}

func readSNSTopic(ctx context.Context, c *client, prior cty.Value) (cty.Value, schema.Diagnostics) {
	o := kit.Obj(prior)
	arn := o.Str("id")
	out, err := c.sns.GetTopicAttributes(ctx, &sns.GetTopicAttributesInput{TopicArn: aws.String(arn)})
	if isNotFound(err, "NotFound") {
		return cty.NullVal(prior.Type()), nil
	}
	if err != nil {
		return prior, apiDiag(err, nil, "Cannot read SNS topic")
	}
	tagOut, err := c.sns.ListTagsForResource(ctx, &sns.ListTagsForResourceInput{ResourceArn: aws.String(arn)})
	if err != nil {
		return prior, apiDiag(err, attrPath("tags"), "Cannot read SNS topic tags")
	}
	live := map[string]string{}
	for _, t := range tagOut.Tags {
		live[aws.ToString(t.Key)] = aws.ToString(t.Value)
	}
	tags, tagsAll := c.readTags(prior, live)
	vals := map[string]cty.Value{
		"id": cty.StringVal(arn), "arn": cty.StringVal(arn), "name": cty.StringVal(arn[strings.LastIndex(arn, ":")+1:]),
		"owner": cty.StringVal(out.Attributes["Owner"]), "name_prefix": o.Attr("name_prefix"), "tags": tags, "tags_all": tagsAll,
	}
	for _, a := range snsTopicAttrs {
		v := sqsCtyValue(a, out.Attributes[a.api])
		if !snsTopicBlock.Attributes[a.name].Computed {
			v = conform(o.Attr(a.name), v)
		}
		vals[a.name] = v
	}
	return kit.ObjectVal(snsTopicBlock, vals), nil
}

func updateSNSTopic(ctx context.Context, c *client, prior, planned cty.Value) (cty.Value, schema.Diagnostics) {
	o, arn := kit.Obj(planned), aws.String(kit.Obj(prior).Str("id"))
	for _, a := range snsTopicAttrs {
		if a.forceNew || !changed(prior, planned, a.name) {
			continue
		}
		_, err := c.sns.SetTopicAttributes(ctx, &sns.SetTopicAttributesInput{TopicArn: arn,
			AttributeName: aws.String(a.api), AttributeValue: aws.String(sqsAPIValue(o.Attr(a.name)))})
		if err != nil {
			return prior, apiDiag(err, attrPath(a.name), "Cannot update SNS topic")
		}
	}
	if tagsChanged(prior, planned) {
		set, removed := tagDiff(kit.Obj(prior).StrMap("tags_all"), o.StrMap("tags_all"))
		if len(removed) > 0 {
			if _, err := c.sns.UntagResource(ctx, &sns.UntagResourceInput{ResourceArn: arn, TagKeys: removed}); err != nil {
				return planned, apiDiag(err, attrPath("tags"), "Cannot untag SNS topic")
			}
		}
		if len(set) > 0 {
			var tags []snstypes.Tag
			for k, v := range set {
				tags = append(tags, snstypes.Tag{Key: aws.String(k), Value: aws.String(v)})
			}
			if _, err := c.sns.TagResource(ctx, &sns.TagResourceInput{ResourceArn: arn, Tags: tags}); err != nil {
				return planned, apiDiag(err, attrPath("tags"), "Cannot tag SNS topic")
			}
		}
	}
	return planned, nil
}
