package aws

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/providers/providertest"
)

func ddbClient() *dynamodb.Client { return dynamodb.NewFromConfig(sdkConfig()) }

func TestDynamoDBTableConformance(t *testing.T) {
	p := newMotoProvider(t, nil)
	const typ = "aws_dynamodb_table"
	b := resourceBlock(t, typ)
	attr := func(name, ty string) cty.Value {
		return providertest.Config(&b.BlockTypes["attribute"].Block, map[string]cty.Value{"name": cty.StringVal(name), "type": cty.StringVal(ty)})
	}
	gsi := func(rc int64) cty.Value {
		return cty.SetVal([]cty.Value{providertest.Config(&b.BlockTypes["global_secondary_index"].Block, map[string]cty.Value{
			"name": cty.StringVal("by-owner"), "hash_key": cty.StringVal("owner"), "projection_type": cty.StringVal("ALL"),
			"read_capacity": cty.NumberIntVal(rc), "write_capacity": cty.NumberIntVal(1)})})
	}
	table := func(vals map[string]cty.Value) cty.Value {
		vals["hash_key"] = cty.StringVal("pk")
		if _, ok := vals["name"]; !ok {
			vals["name"] = cty.StringVal("orders")
		}
		if _, ok := vals["attribute"]; !ok {
			vals["attribute"] = cty.SetVal([]cty.Value{attr("pk", "S")})
		}
		return cfg(t, typ, vals)
	}
	ttl := nested(b, "ttl", map[string]cty.Value{"attribute_name": cty.StringVal("expires"), "enabled": cty.True})
	pitr := nested(b, "point_in_time_recovery", map[string]cty.Value{"enabled": cty.True})
	providertest.Run(t, p, []providertest.Case{{
		Name: "on-demand table gains ttl, recovery, an index and tags in place; tag drift is seen",
		Type: typ,
		Steps: []providertest.Step{
			{Config: table(map[string]cty.Value{"billing_mode": cty.StringVal("PAY_PER_REQUEST")})},
			{Config: table(map[string]cty.Value{"billing_mode": cty.StringVal("PAY_PER_REQUEST"), "ttl": ttl,
				"point_in_time_recovery": pitr, "tags": tagsVal("app", "shop")})},
		},
		Mutate: func(t *testing.T, s cty.Value) {
			_, err := ddbClient().TagResource(bg, &dynamodb.TagResourceInput{ResourceArn: aws.String(str(s, "arn")),
				Tags: []ddbtypes.Tag{{Key: aws.String("app"), Value: aws.String("other")}}})
			mustNoErr(t, err)
		},
		ImportID: func(s cty.Value) string { return str(s, "id") },
	}, {
		Name: "provisioned capacity and a global index update in place; a deleted table is re-created",
		Type: typ,
		Steps: []providertest.Step{
			{Config: table(map[string]cty.Value{"name": cty.StringVal("users"), "read_capacity": cty.NumberIntVal(1),
				"write_capacity": cty.NumberIntVal(1)})},
			{Config: table(map[string]cty.Value{"name": cty.StringVal("users"), "read_capacity": cty.NumberIntVal(2),
				"write_capacity": cty.NumberIntVal(1), "attribute": cty.SetVal([]cty.Value{attr("pk", "S"), attr("owner", "S")}),
				"global_secondary_index": gsi(1)})},
			{Config: table(map[string]cty.Value{"name": cty.StringVal("users"), "read_capacity": cty.NumberIntVal(2),
				"write_capacity": cty.NumberIntVal(1), "attribute": cty.SetVal([]cty.Value{attr("pk", "S"), attr("owner", "S")}),
				"global_secondary_index": gsi(3)})},
			{Config: table(map[string]cty.Value{"name": cty.StringVal("users"), "range_key": cty.StringVal("owner"),
				"read_capacity": cty.NumberIntVal(2), "write_capacity": cty.NumberIntVal(1),
				"attribute": cty.SetVal([]cty.Value{attr("pk", "S"), attr("owner", "S")})}), Replace: true},
		},
		Mutate: func(t *testing.T, _ cty.Value) {
			_, err := ddbClient().DeleteTable(bg, &dynamodb.DeleteTableInput{TableName: aws.String("users")})
			mustNoErr(t, err)
		},
		ImportID: func(s cty.Value) string { return str(s, "id") },
	}})
}
