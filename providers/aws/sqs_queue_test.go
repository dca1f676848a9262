package aws

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/providers/providertest"
)

func sqsClient() *sqs.Client { return sqs.NewFromConfig(sdkConfig()) }

func TestSQSQueueConformance(t *testing.T) {
	p := newMotoProvider(t, nil)
	const typ = "aws_sqs_queue"
	dlq, err := sqsClient().CreateQueue(bg, &sqs.CreateQueueInput{QueueName: aws.String("orders-dlq")})
	mustNoErr(t, err)
	attrs, err := sqsClient().GetQueueAttributes(bg, &sqs.GetQueueAttributesInput{QueueUrl: dlq.QueueUrl,
		AttributeNames: []sqstypes.QueueAttributeName{"QueueArn"}})
	mustNoErr(t, err)
	redrive := `{"deadLetterTargetArn":"` + attrs.Attributes["QueueArn"] + `","maxReceiveCount":5}`
	policy := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"sns.amazonaws.com"},` +
		`"Action":"sqs:SendMessage","Resource":"*"}]}`
	providertest.Run(t, p, []providertest.Case{{
		Name: "redrive and access policies round-trip as JSON; attribute drift is seen",
		Type: typ,
		Steps: []providertest.Step{
			{Config: cfg(t, typ, map[string]cty.Value{"name": cty.StringVal("orders"), "redrive_policy": cty.StringVal(redrive)})},
			{Config: cfg(t, typ, map[string]cty.Value{"name": cty.StringVal("orders"), "redrive_policy": cty.StringVal(redrive),
				"visibility_timeout_seconds": cty.NumberIntVal(60), "policy": cty.StringVal(policy), "tags": tagsVal("team", "shop")})},
			{Config: cfg(t, typ, map[string]cty.Value{"name": cty.StringVal("orders"),
				"visibility_timeout_seconds": cty.NumberIntVal(60), "policy": cty.StringVal(policy)})},
		},
		Mutate: func(t *testing.T, s cty.Value) {
			_, err := sqsClient().SetQueueAttributes(bg, &sqs.SetQueueAttributesInput{QueueUrl: aws.String(str(s, "url")),
				Attributes: map[string]string{"VisibilityTimeout": "99"}})
			mustNoErr(t, err)
		},
		ImportID: func(s cty.Value) string { return str(s, "id") },
	}, {
		Name: "a FIFO queue from a name prefix; turning FIFO off replaces; a deleted queue is re-created",
		Type: typ,
		Steps: []providertest.Step{
			{Config: cfg(t, typ, map[string]cty.Value{"name_prefix": cty.StringVal("jobs-"), "fifo_queue": cty.True,
				"content_based_deduplication": cty.True})},
			{Config: cfg(t, typ, map[string]cty.Value{"name_prefix": cty.StringVal("jobs-")}), Replace: true},
		},
		Mutate: func(t *testing.T, s cty.Value) {
			_, err := sqsClient().DeleteQueue(bg, &sqs.DeleteQueueInput{QueueUrl: aws.String(str(s, "url"))})
			mustNoErr(t, err)
		},
		ImportID:     func(s cty.Value) string { return str(s, "id") },
		ImportIgnore: []string{"name_prefix"},
	}})
}
