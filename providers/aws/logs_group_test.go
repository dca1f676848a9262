package aws

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/providers/providertest"
)

func logsClient() *cloudwatchlogs.Client { return cloudwatchlogs.NewFromConfig(sdkConfig()) }

func TestLogGroupConformance(t *testing.T) {
	p := newMotoProvider(t, nil)
	const typ = "aws_cloudwatch_log_group"
	providertest.Run(t, p, []providertest.Case{{
		Name: "retention and tags change in place; out-of-band retention is drift",
		Type: typ,
		Steps: []providertest.Step{
			{Config: cfg(t, typ, map[string]cty.Value{"name": cty.StringVal("/app/web")})},
			{Config: cfg(t, typ, map[string]cty.Value{"name": cty.StringVal("/app/web"), "retention_in_days": cty.NumberIntVal(14),
				"tags": tagsVal("app", "web")})},
		},
		Mutate: func(t *testing.T, _ cty.Value) {
			_, err := logsClient().PutRetentionPolicy(bg, &cloudwatchlogs.PutRetentionPolicyInput{LogGroupName: aws.String("/app/web"),
				RetentionInDays: aws.Int32(1)})
			mustNoErr(t, err)
		},
		ImportID: func(s cty.Value) string { return str(s, "id") },
	}, {
		Name: "a log group from a prefix; a deleted group is re-created",
		Type: typ,
		Steps: []providertest.Step{
			{Config: cfg(t, typ, map[string]cty.Value{"name_prefix": cty.StringVal("/jobs/"), "retention_in_days": cty.NumberIntVal(7)})},
		},
		Mutate: func(t *testing.T, s cty.Value) {
			_, err := logsClient().DeleteLogGroup(bg, &cloudwatchlogs.DeleteLogGroupInput{LogGroupName: aws.String(str(s, "id"))})
			mustNoErr(t, err)
		},
		ImportID:     func(s cty.Value) string { return str(s, "id") },
		ImportIgnore: []string{"name_prefix"},
	}})
}
