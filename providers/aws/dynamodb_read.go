package aws

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/providers/internal/kit"
	"github.com/trueup/trueup/schema"
)

func readDynamoTable(ctx context.Context, c *client, prior cty.Value) (cty.Value, schema.Diagnostics) {
	o := kit.Obj(prior)
	name := o.Str("id")
	out, err := c.dynamodb.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(name)})
	if isNotFound(err, "ResourceNotFoundException") {
		return cty.NullVal(prior.Type()), nil
	}
	if err != nil {
		return prior, apiDiag(err, nil, "Cannot read DynamoDB table")
	}
	t := out.Table
	arn := aws.ToString(t.TableArn)
	tagOut, err := c.dynamodb.ListTagsOfResource(ctx, &dynamodb.ListTagsOfResourceInput{ResourceArn: aws.String(arn)})
	if err != nil {
		return prior, apiDiag(err, attrPath("tags"), "Cannot read DynamoDB table tags")
	}
	live := map[string]string{}
	for _, tg := range tagOut.Tags {
		live[aws.ToString(tg.Key)] = aws.ToString(tg.Value)
	}
	tags, tagsAll := c.readTags(prior, live)
	attrs := map[string]cty.Value{
		"id": cty.StringVal(name), "name": cty.StringVal(name), "arn": cty.StringVal(arn), "tags": tags, "tags_all": tagsAll,
		"billing_mode": cty.StringVal("PROVISIONED"), "table_class": cty.StringVal("STANDARD"),
		"read_capacity": cty.Zero, "write_capacity": cty.Zero,
		"stream_enabled": cty.False, "stream_view_type": cty.StringVal(""),
		"stream_arn": cty.StringVal(aws.ToString(t.LatestStreamArn)), "stream_label": cty.StringVal(aws.ToString(t.LatestStreamLabel)),
		"deletion_protection_enabled": kit.BoolPtrVal(t.DeletionProtectionEnabled),
	}
	if t.BillingModeSummary != nil && t.BillingModeSummary.BillingMode != "" {
		attrs["billing_mode"] = cty.StringVal(string(t.BillingModeSummary.BillingMode))
	}
	if t.TableClassSummary != nil && t.TableClassSummary.TableClass != "" {
		attrs["table_class"] = cty.StringVal(string(t.TableClassSummary.TableClass))
	}
	if p := t.ProvisionedThroughput; p != nil {
		attrs["read_capacity"], attrs["write_capacity"] = kit.Int64PtrVal(p.ReadCapacityUnits), kit.Int64PtrVal(p.WriteCapacityUnits)
	}
	if s := t.StreamSpecification; s != nil && aws.ToBool(s.StreamEnabled) {
		attrs["stream_enabled"], attrs["stream_view_type"] = cty.True, cty.StringVal(string(s.StreamViewType))
	}
	for _, k := range t.KeySchema {
		if k.KeyType == ddbtypes.KeyTypeHash {
			attrs["hash_key"] = kit.StrPtrVal(k.AttributeName)
		} else {
			attrs["range_key"] = kit.StrPtrVal(k.AttributeName)
		}
	}
	flattenDynamoIndexes(t, attrs)
	if diags := readTTLAndPITR(ctx, c, o, t, attrs); diags.HasErrors() {
		return prior, diags
	}
	v := kit.ObjectVal(dynamoTableBlock, attrs)
	for _, n := range []string{"stream_enabled", "deletion_protection_enabled", "global_secondary_index", "local_secondary_index", "server_side_encryption"} {
		v = kit.Set(v, n, conform(prior.GetAttr(n), v.GetAttr(n)))
	}
	return v, nil
}

func flattenDynamoIndexes(t *ddbtypes.TableDescription, attrs map[string]cty.Value) {
	var defs, gsis, lsis []cty.Value
	for _, a := range t.AttributeDefinitions {
		defs = append(defs, kit.ObjectVal(&ddbAttrNB.Block, map[string]cty.Value{
			"name": kit.StrPtrVal(a.AttributeName), "type": cty.StringVal(string(a.AttributeType))}))
	}
	for _, g := range t.GlobalSecondaryIndexes {
		v := map[string]cty.Value{"name": kit.StrPtrVal(g.IndexName), "read_capacity": cty.Zero, "write_capacity": cty.Zero}
		flattenKeys(g.KeySchema, g.Projection, v, cty.Set)
		if p := g.ProvisionedThroughput; p != nil {
			v["read_capacity"], v["write_capacity"] = kit.Int64PtrVal(p.ReadCapacityUnits), kit.Int64PtrVal(p.WriteCapacityUnits)
		}
		gsis = append(gsis, kit.ObjectVal(&ddbGSINB.Block, v))
	}
	for _, l := range t.LocalSecondaryIndexes {
		v := map[string]cty.Value{"name": kit.StrPtrVal(l.IndexName)}
		flattenKeys(l.KeySchema, l.Projection, v, cty.List)
		delete(v, "hash_key")
		lsis = append(lsis, kit.ObjectVal(&ddbLSINB.Block, v))
	}
	attrs["attribute"], attrs["global_secondary_index"], attrs["local_secondary_index"] =
		kit.BlockVal(ddbAttrNB, defs), kit.BlockVal(ddbGSINB, gsis), kit.BlockVal(ddbLSINB, lsis)
	if s := t.SSEDescription; s != nil && s.Status == ddbtypes.SSEStatusEnabled {
		attrs["server_side_encryption"] = kit.BlockVal(ddbSSENB, []cty.Value{kit.ObjectVal(&ddbSSENB.Block, map[string]cty.Value{
			"enabled": cty.True, "kms_key_arn": cty.StringVal(aws.ToString(s.KMSMasterKeyArn))})})

	}
}

func flattenKeys(ks []ddbtypes.KeySchemaElement, p *ddbtypes.Projection, v map[string]cty.Value, coll func(cty.Type) cty.Type) {
	for _, k := range ks {
		if k.KeyType == ddbtypes.KeyTypeHash {
			v["hash_key"] = kit.StrPtrVal(k.AttributeName)
		} else {
			v["range_key"] = kit.StrPtrVal(k.AttributeName)
		}
	}
	if p == nil {
		return
	}
	v["projection_type"] = cty.StringVal(string(p.ProjectionType))
	if len(p.NonKeyAttributes) > 0 {
		if coll(cty.String).IsSetType() {
			v["non_key_attributes"] = kit.SetVal(p.NonKeyAttributes)
		} else {
			v["non_key_attributes"] = kit.ListVal(p.NonKeyAttributes)
		}
	}
}

// readTTLAndPITR reads time to live and point-in-time recovery; each
// block appears when enabled or when prior had it.
func readTTLAndPITR(ctx context.Context, c *client, prior kit.Obj, t *ddbtypes.TableDescription, attrs map[string]cty.Value) schema.Diagnostics {
	ttl, err := c.dynamodb.DescribeTimeToLive(ctx, &dynamodb.DescribeTimeToLiveInput{TableName: t.TableName})
	if err != nil {
		return apiDiag(err, attrPath("ttl"), "Cannot read DynamoDB time to live")
	}
	if d := ttl.TimeToLiveDescription; d != nil {
		on := d.TimeToLiveStatus == ddbtypes.TimeToLiveStatusEnabled || d.TimeToLiveStatus == ddbtypes.TimeToLiveStatusEnabling
		if on || prior.Block("ttl").Present() {
			name := kit.StrPtrVal(d.AttributeName)
			if !on {
				name = prior.Block("ttl").Attr("attribute_name")
			}
			attrs["ttl"] = kit.BlockVal(ddbTTLNB, []cty.Value{conform(prior.Block("ttl").Value(), kit.ObjectVal(&ddbTTLNB.Block,
				map[string]cty.Value{"attribute_name": name, "enabled": cty.BoolVal(on)}))})

		}
	}
	backups, err := c.dynamodb.DescribeContinuousBackups(ctx, &dynamodb.DescribeContinuousBackupsInput{TableName: t.TableName})
	if err != nil {
		return apiDiag(err, attrPath("point_in_time_recovery"), "Cannot read DynamoDB continuous backups")
	}
	on := false
	if d := backups.ContinuousBackupsDescription; d != nil && d.PointInTimeRecoveryDescription != nil {
		on = d.PointInTimeRecoveryDescription.PointInTimeRecoveryStatus == ddbtypes.PointInTimeRecoveryStatusEnabled
	}
	if on || prior.Block("point_in_time_recovery").Present() {
		attrs["point_in_time_recovery"] = kit.BlockVal(ddbPITRNB, []cty.Value{kit.ObjectVal(&ddbPITRNB.Block,
			map[string]cty.Value{"enabled": cty.BoolVal(on)})})

	}
	return nil
}
