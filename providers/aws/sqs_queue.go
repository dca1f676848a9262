package aws

import (
	"context"
	"math/big"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/providers/internal/kit"
	"github.com/trueup/trueup/schema"
)

// sqsAttr maps a queue attribute of the schema to its SQS API name.
type sqsAttr struct {
	name, api string
	ty        cty.Type
	def       cty.Value // the default when configuration leaves it null
	forceNew  bool
}

var sqsAttrs = []sqsAttr{
	{"fifo_queue", "FifoQueue", cty.Bool, cty.False, true},
	{"content_based_deduplication", "ContentBasedDeduplication", cty.Bool, cty.False, false},
	{"deduplication_scope", "DeduplicationScope", cty.String, cty.NilVal, false},
	{"fifo_throughput_limit", "FifoThroughputLimit", cty.String, cty.NilVal, false},
	{"delay_seconds", "DelaySeconds", cty.Number, cty.NumberIntVal(0), false},
	{"max_message_size", "MaximumMessageSize", cty.Number, cty.NumberIntVal(262144), false},
	{"message_retention_seconds", "MessageRetentionPeriod", cty.Number, cty.NumberIntVal(345600), false},
	{"receive_wait_time_seconds", "ReceiveMessageWaitTimeSeconds", cty.Number, cty.NumberIntVal(0), false},
	{"visibility_timeout_seconds", "VisibilityTimeout", cty.Number, cty.NumberIntVal(30), false},
	{"policy", "Policy", cty.String, cty.NilVal, false},
	{"redrive_policy", "RedrivePolicy", cty.String, cty.NilVal, false},
	{"redrive_allow_policy", "RedriveAllowPolicy", cty.String, cty.NilVal, false},
	{"kms_master_key_id", "KmsMasterKeyId", cty.String, cty.NilVal, false},
	{"kms_data_key_reuse_period_seconds", "KmsDataKeyReusePeriodSeconds", cty.Number, cty.NilVal, false},
	{"sqs_managed_sse_enabled", "SqsManagedSseEnabled", cty.Bool, cty.NilVal, false},
}

var sqsQueueBlock = func() *schema.Block {
	b := &schema.Block{
		Description: "An SQS queue. Import ID: the queue URL.",
		Attributes: map[string]*schema.Attribute{
			"id":          {Type: cty.String, Computed: true, Description: "The queue URL."},
			"url":         {Type: cty.String, Computed: true},
			"arn":         {Type: cty.String, Computed: true},
			"name":        {Type: cty.String, Optional: true, Computed: true, ForceNew: true},
			"name_prefix": {Type: cty.String, Optional: true, ForceNew: true},
			"tags":        {Type: cty.Map(cty.String), Optional: true},
			"tags_all":    {Type: cty.Map(cty.String), Computed: true},
		},
	}
	for _, a := range sqsAttrs {
		b.Attributes[a.name] = &schema.Attribute{Type: a.ty, Optional: true, Computed: true, ForceNew: a.forceNew}
	}
	return b
}()

func sqsQueueResource() *resourceType {
	defaults := map[string]cty.Value{}
	for _, a := range sqsAttrs {
		if a.def != cty.NilVal {
			defaults[a.name] = a.def
		}
	}
	return &resourceType{
		schema:   &schema.Resource{Block: sqsQueueBlock},
		defaults: defaults,
		jsonAttrs: map[string]equalFunc{"policy": policyEqual, "redrive_policy": jsonEqual,
			"redrive_allow_policy": jsonEqual},
		validate: validateJSONAttrs("policy", "redrive_policy", "redrive_allow_policy"),
		create:   createSQSQueue,
		read:     readSQSQueue,
		update:   updateSQSQueue,
		delete:   deleteSQSQueue,
		importState: func(id string) (cty.Value, schema.Diagnostics) {
			return idStub(sqsQueueBlock, id, map[string]cty.Value{"url": cty.StringVal(id)})
		},
	}
}

// sqsAPIValue is the API's string for an attribute value, or "" when unset.
func sqsAPIValue(v cty.Value) string {
	if !kit.Usable(v) {
		return ""
	}
	switch v.Type() {
	case cty.Bool:
		return strconv.FormatBool(v.True())
	case cty.Number:
		i, _ := v.AsBigFloat().Int64()
		return strconv.FormatInt(i, 10)
	}
	return v.AsString()
}

func createSQSQueue(ctx context.Context, c *client, planned cty.Value) (cty.Value, schema.Diagnostics) {
	o := kit.Obj(planned)
	name := o.Str("name")
	if name == "" {
		name = uniqueName(o.Str("name_prefix"))
		if o.Bool("fifo_queue") {
			name += ".fifo"
		}
	}
	attrs := map[string]string{}
	for _, a := range sqsAttrs {
		if s := sqsAPIValue(o.Attr(a.name)); s != "" && !(a.name == "fifo_queue" && s == "false") {
			attrs[a.api] = s
		}
	}
	out, err := c.sqs.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String(name), Attributes: attrs, Tags: o.StrMap("tags_all")})
	if err != nil {
		return cty.NullVal(planned.Type()), apiDiag(err, sqsErrPath(err), "Cannot create SQS queue")
	}
	url := aws.ToString(out.QueueUrl)
	state := kit.Set(kit.Set(kit.Set(planned, "name", cty.StringVal(name)), "id", cty.StringVal(url)), "url", cty.StringVal(url))
	err = waitFor(ctx, 2*time.Minute, "queue "+name+" to exist", func() (bool, error) {
		_, err := c.sqs.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: aws.String(url)})
		return err == nil, ignoreNotFound(err, "AWS.SimpleQueueService.NonExistentQueue", "QueueDoesNotExist")
	})
	return state, schema.FromErr(err, "SQS queue created but not yet visible")
}

// sqsErrPath guesses the attribute an SQS error is about from its message.
func sqsErrPath(err error) cty.Path {
	msg := apiMessage(err)
	if strings.Contains(msg, "DLQ") || strings.Contains(msg, "deadLetterTarget") {
		return attrPath("redrive_policy")
	}
	for _, a := range sqsAttrs {
		if strings.Contains(msg, a.api) {
			return attrPath(a.name)
		}
	}
	return nil
}

func readSQSQueue(ctx context.Context, c *client, prior cty.Value) (cty.Value, schema.Diagnostics) {
	o := kit.Obj(prior)
	url := o.Str("id")
	out, err := c.sqs.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: aws.String(url),
		AttributeNames: []sqstypes.QueueAttributeName{sqstypes.QueueAttributeNameAll}})
	if isNotFound(err, "AWS.SimpleQueueService.NonExistentQueue", "QueueDoesNotExist") {
		return cty.NullVal(prior.Type()), nil
	}
	if err != nil {
		return prior, apiDiag(err, nil, "Cannot read SQS queue")
	}
	tagOut, err := c.sqs.ListQueueTags(ctx, &sqs.ListQueueTagsInput{QueueUrl: aws.String(url)})
	if err != nil {
		return prior, apiDiag(err, attrPath("tags"), "Cannot read SQS queue tags")
	}
	tags, tagsAll := c.readTags(prior, tagOut.Tags)
	vals := map[string]cty.Value{
		"id": cty.StringVal(url), "url": cty.StringVal(url), "name": cty.StringVal(url[strings.LastIndex(url, "/")+1:]),
		"arn": cty.StringVal(out.Attributes["QueueArn"]), "name_prefix": o.Attr("name_prefix"),
		"tags": tags, "tags_all": tagsAll,
	}
	for _, a := range sqsAttrs {
		vals[a.name] = sqsCtyValue(a, out.Attributes[a.api])
	}
	return kit.ObjectVal(sqsQueueBlock, vals), nil
}

// sqsCtyValue is an API attribute string as the schema's type: absent
// booleans are false, absent numbers their default (or 0), absent
// strings "".
func sqsCtyValue(a sqsAttr, s string) cty.Value {
	switch a.ty {
	case cty.Bool:
		return cty.BoolVal(s == "true")
	case cty.Number:
		if s == "" {
			if a.def != cty.NilVal {
				return a.def
			}
			return cty.Zero
		}
		f, _, err := big.ParseFloat(s, 10, 512, big.ToNearestEven)
		if err != nil {
			return cty.Zero
		}
		return cty.NumberVal(f)
	}
	return cty.StringVal(s)
}

func updateSQSQueue(ctx context.Context, c *client, prior, planned cty.Value) (cty.Value, schema.Diagnostics) {
	o, url := kit.Obj(planned), aws.String(kit.Obj(prior).Str("id"))
	attrs := map[string]string{}
	for _, a := range sqsAttrs {
		if !a.forceNew && changed(prior, planned, a.name) {
			attrs[a.api] = sqsAPIValue(o.Attr(a.name))
		}
	}
	if len(attrs) > 0 {
		if _, err := c.sqs.SetQueueAttributes(ctx, &sqs.SetQueueAttributesInput{QueueUrl: url, Attributes: attrs}); err != nil {
			return prior, apiDiag(err, sqsErrPath(err), "Cannot update SQS queue")
		}
	}
	if tagsChanged(prior, planned) {
		set, removed := tagDiff(kit.Obj(prior).StrMap("tags_all"), o.StrMap("tags_all"))
		if len(removed) > 0 {
			if _, err := c.sqs.UntagQueue(ctx, &sqs.UntagQueueInput{QueueUrl: url, TagKeys: removed}); err != nil {
				return planned, apiDiag(err, attrPath("tags"), "Cannot untag SQS queue")
			}
		}
		if len(set) > 0 {
			if _, err := c.sqs.TagQueue(ctx, &sqs.TagQueueInput{QueueUrl: url, Tags: set}); err != nil {
				return planned, apiDiag(err, attrPath("tags"), "Cannot tag SQS queue")
			}
		}
	}
	return planned, nil
}

func deleteSQSQueue(ctx context.Context, c *client, prior cty.Value) schema.Diagnostics {
	url := aws.String(kit.Obj(prior).Str("id"))
	_, err := c.sqs.DeleteQueue(ctx, &sqs.DeleteQueueInput{QueueUrl: url})
	if err != nil && !isNotFound(err, "AWS.SimpleQueueService.NonExistentQueue", "QueueDoesNotExist") {
		return apiDiag(err, nil, "Cannot delete SQS queue")
	}
	// SQS may take up to a minute to forget a deleted queue.
	err = waitFor(ctx, 3*time.Minute, "queue deletion", func() (bool, error) {
		_, err := c.sqs.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: url})
		if isNotFound(err, "AWS.SimpleQueueService.NonExistentQueue", "QueueDoesNotExist") {
			return true, nil
		}
		return false, err
	})
	return schema.FromErr(err, "SQS queue deletion not confirmed")
}
