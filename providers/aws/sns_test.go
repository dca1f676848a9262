package aws

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/providers/providertest"
)

func snsClient() *sns.Client { return sns.NewFromConfig(sdkConfig()) }

func TestSNSConformance(t *testing.T) {
	p := newMotoProvider(t, nil)
	topic, err := snsClient().CreateTopic(bg, &sns.CreateTopicInput{Name: aws.String("events")})
	mustNoErr(t, err)
	_, err = sqsClient().CreateQueue(bg, &sqs.CreateQueueInput{QueueName: aws.String("events-q")})
	mustNoErr(t, err)
	queueARN := "arn:aws:sqs:us-east-1:123456789012:events-q"
	sub := func(vals map[string]cty.Value) cty.Value {
		vals["topic_arn"], vals["protocol"] = cty.StringVal(aws.ToString(topic.TopicArn)), cty.StringVal("sqs")
		if _, ok := vals["endpoint"]; !ok {
			vals["endpoint"] = cty.StringVal(queueARN)
		}
		return cfg(t, "aws_sns_topic_subscription", vals)
	}
	providertest.Run(t, p, []providertest.Case{{
		Name: "topic display name and tags change in place; out-of-band display name is drift",
		Type: "aws_sns_topic",
		Steps: []providertest.Step{
			{Config: cfg(t, "aws_sns_topic", map[string]cty.Value{"name": cty.StringVal("orders")})},
			{Config: cfg(t, "aws_sns_topic", map[string]cty.Value{"name": cty.StringVal("orders"),
				"display_name": cty.StringVal("Orders"), "tags": tagsVal("team", "shop")})},
		},
		Mutate: func(t *testing.T, s cty.Value) {
			_, err := snsClient().SetTopicAttributes(bg, &sns.SetTopicAttributesInput{TopicArn: aws.String(str(s, "arn")),
				AttributeName: aws.String("DisplayName"), AttributeValue: aws.String("Hacked")})
			mustNoErr(t, err)
		},
		ImportID: func(s cty.Value) string { return str(s, "id") },
	}, {
		Name: "a FIFO topic from a prefix; a deleted topic is re-created",
		Type: "aws_sns_topic",
		Steps: []providertest.Step{
			{Config: cfg(t, "aws_sns_topic", map[string]cty.Value{"name_prefix": cty.StringVal("jobs-"), "fifo_topic": cty.True})},
		},
		Mutate: func(t *testing.T, s cty.Value) {
			_, err := snsClient().DeleteTopic(bg, &sns.DeleteTopicInput{TopicArn: aws.String(str(s, "arn"))})
			mustNoErr(t, err)
		},
		ImportID:     func(s cty.Value) string { return str(s, "id") },
		ImportIgnore: []string{"name_prefix"},
	}, {
		Name: "subscription filter policy and raw delivery change in place; a new endpoint replaces",
		Type: "aws_sns_topic_subscription",
		Steps: []providertest.Step{
			{Config: sub(map[string]cty.Value{})},
			{Config: sub(map[string]cty.Value{"raw_message_delivery": cty.True,
				"filter_policy": cty.StringVal(`{"kind":["order"]}`)})},
			{Config: sub(map[string]cty.Value{"endpoint": cty.StringVal("arn:aws:sqs:us-east-1:123456789012:other-q")}), Replace: true},
		},
		Mutate: func(t *testing.T, s cty.Value) {
			_, err := snsClient().Unsubscribe(bg, &sns.UnsubscribeInput{SubscriptionArn: aws.String(str(s, "arn"))})
			mustNoErr(t, err)
		},
		ImportID: func(s cty.Value) string { return str(s, "id") },
	}})
}
