package aws

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/trueup/trueup/schema"
	"github.com/zclconf/go-cty/cty"
)

func readDynamoTable(ctx context.Context, c *client, prior cty.Value) (cty.Value, schema.Diagnostics) {
	o := ob(prior)
	name := o.str("id")
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
		"id": strVal(name), "name": strVal(name), "arn": strVal(arn), "tags": tags, "tags_all": tagsAll,
		"billing_mode": strVal("PROVISIONED"), "table_class": strVal("STANDARD"),
		"read_capacity": cty.Zero, "write_capacity": cty.Zero,
		"stream_enabled": cty.False, "stream_view_type": strVal(""),
		"stream_arn": strVal(aws.ToString(t.LatestStreamArn)), "stream_label": strVal(aws.ToString(t.LatestStreamLabel)),
		"deletion_protection_enabled": boolPtrVal(t.DeletionProtectionEnabled),
	}
	if t.BillingModeSummary != nil && t.BillingModeSummary.BillingMode != "" {
		attrs["billing_mode"] = strVal(string(t.BillingModeSummary.BillingMode))
	}
	if t.TableClassSummary != nil && t.TableClassSummary.TableClass != "" {
		attrs["table_class"] = strVal(string(t.TableClassSummary.TableClass))
	}
	if p := t.ProvisionedThroughput; p != nil {
		attrs["read_capacity"], attrs["write_capacity"] = int64PtrVal(p.ReadCapacityUnits), int64PtrVal(p.WriteCapacityUnits)
	}
	if s := t.StreamSpecification; s != nil && aws.ToBool(s.StreamEnabled) {
		attrs["stream_enabled"], attrs["stream_view_type"] = cty.True, strVal(string(s.StreamViewType))
	}
	for _, k := range t.KeySchema {
		if k.KeyType == ddbtypes.KeyTypeHash {
			attrs["hash_key"] = strPtrVal(k.AttributeName)
		} else {
			attrs["range_key"] = strPtrVal(k.AttributeName)
		}
	}
	flattenDynamoIndexes(t, attrs)
	if diags := readTTLAndPITR(ctx, c, o, t, attrs); diags.HasErrors() {
		return prior, diags
	}
	v := objectVal(dynamoTableBlock, attrs)
	for _, n := range []string{"stream_enabled", "deletion_protection_enabled", "global_secondary_index", "local_secondary_index", "server_side_encryption"} {
		v = setAttr(v, n, conform(prior.GetAttr(n), v.GetAttr(n)))
	}
	return v, nil
}

func flattenDynamoIndexes(t *ddbtypes.TableDescription, attrs map[string]cty.Value) {
	var defs, gsis, lsis []cty.Value
	for _, a := range t.AttributeDefinitions {
		defs = append(defs, objectVal(&ddbAttrNB.Block, map[string]cty.Value{
			"name": strPtrVal(a.AttributeName), "type": strVal(string(a.AttributeType))}))
	}
	for _, g := range t.GlobalSecondaryIndexes {
		v := map[string]cty.Value{"name": strPtrVal(g.IndexName), "read_capacity": cty.Zero, "write_capacity": cty.Zero}
		flattenKeys(g.KeySchema, g.Projection, v, cty.Set)
		if p := g.ProvisionedThroughput; p != nil {
			v["read_capacity"], v["write_capacity"] = int64PtrVal(p.ReadCapacityUnits), int64PtrVal(p.WriteCapacityUnits)
		}
		gsis = append(gsis, objectVal(&ddbGSINB.Block, v))
	}
	for _, l := range t.LocalSecondaryIndexes {
		v := map[string]cty.Value{"name": strPtrVal(l.IndexName)}
		flattenKeys(l.KeySchema, l.Projection, v, cty.List)
		delete(v, "hash_key")
		lsis = append(lsis, objectVal(&ddbLSINB.Block, v))
	}
	attrs["attribute"], attrs["global_secondary_index"], attrs["local_secondary_index"] =
		blockVal(ddbAttrNB, defs), blockVal(ddbGSINB, gsis), blockVal(ddbLSINB, lsis)
	if s := t.SSEDescription; s != nil && s.Status == ddbtypes.SSEStatusEnabled {
		attrs["server_side_encryption"] = blockVal(ddbSSENB, []cty.Value{objectVal(&ddbSSENB.Block, map[string]cty.Value{
			"enabled": cty.True, "kms_key_arn": strVal(aws.ToString(s.KMSMasterKeyArn))})})
	}
}

func flattenKeys(ks []ddbtypes.KeySchemaElement, p *ddbtypes.Projection, v map[string]cty.Value, coll func(cty.Type) cty.Type) {
	for _, k := range ks {
		if k.KeyType == ddbtypes.KeyTypeHash {
			v["hash_key"] = strPtrVal(k.AttributeName)
		} else {
			v["range_key"] = strPtrVal(k.AttributeName)
		}
	}
	if p == nil {
		return
	}
	v["projection_type"] = strVal(string(p.ProjectionType))
	if len(p.NonKeyAttributes) > 0 {
		if coll(cty.String).IsSetType() {
			v["non_key_attributes"] = setStrVal(p.NonKeyAttributes)
		} else {
			v["non_key_attributes"] = listStrVal(p.NonKeyAttributes)
		}
	}
}

// readTTLAndPITR reads time to live and point-in-time recovery; each
// block appears when enabled or when prior had it.
func readTTLAndPITR(ctx context.Context, c *client, prior obj, t *ddbtypes.TableDescription, attrs map[string]cty.Value) schema.Diagnostics {
	ttl, err := c.dynamodb.DescribeTimeToLive(ctx, &dynamodb.DescribeTimeToLiveInput{TableName: t.TableName})
	if err != nil {
		return apiDiag(err, attrPath("ttl"), "Cannot read DynamoDB time to live")
	}
	if d := ttl.TimeToLiveDescription; d != nil {
		on := d.TimeToLiveStatus == ddbtypes.TimeToLiveStatusEnabled || d.TimeToLiveStatus == ddbtypes.TimeToLiveStatusEnabling
		if on || prior.block("ttl").present() {
			name := strPtrVal(d.AttributeName)
			if !on {
				name = prior.block("ttl").attr("attribute_name")
			}
			attrs["ttl"] = blockVal(ddbTTLNB, []cty.Value{conform(prior.block("ttl").v, objectVal(&ddbTTLNB.Block,
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
	if on || prior.block("point_in_time_recovery").present() {
		attrs["point_in_time_recovery"] = blockVal(ddbPITRNB, []cty.Value{objectVal(&ddbPITRNB.Block,
			map[string]cty.Value{"enabled": cty.BoolVal(on)})})
	}
	return nil
}
