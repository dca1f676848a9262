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

func changed(prior, planned cty.Value, names ...string) bool {
	for _, n := range names {
		if !prior.GetAttr(n).RawEquals(planned.GetAttr(n)) {
			return true
		}
	}
	return false
}

func updateDynamoTable(ctx context.Context, c *client, prior, planned cty.Value) (cty.Value, schema.Diagnostics) {
	o, name := kit.Obj(planned), kit.Obj(prior).Str("id")
	table := aws.String(name)
	// One kind of change per UpdateTable call, waiting in between, as
	// DynamoDB requires.
	var calls []*dynamodb.UpdateTableInput
	if changed(prior, planned, "billing_mode", "read_capacity", "write_capacity") {
		calls = append(calls, &dynamodb.UpdateTableInput{TableName: table,
			BillingMode: ddbtypes.BillingMode(o.Str("billing_mode")), ProvisionedThroughput: ddbThroughput(o)})
	}
	if changed(prior, planned, "deletion_protection_enabled") {
		calls = append(calls, &dynamodb.UpdateTableInput{TableName: table,
			DeletionProtectionEnabled: aws.Bool(o.Bool("deletion_protection_enabled"))})
	}
	if changed(prior, planned, "table_class") && o.Str("table_class") != "" {
		calls = append(calls, &dynamodb.UpdateTableInput{TableName: table, TableClass: ddbtypes.TableClass(o.Str("table_class"))})
	}
	if changed(prior, planned, "stream_enabled", "stream_view_type") {
		spec := &ddbtypes.StreamSpecification{StreamEnabled: aws.Bool(o.Bool("stream_enabled"))}
		if o.Bool("stream_enabled") {
			spec.StreamViewType = ddbtypes.StreamViewType(o.Str("stream_view_type"))
		}
		calls = append(calls, &dynamodb.UpdateTableInput{TableName: table, StreamSpecification: spec})
	}
	if changed(prior, planned, "server_side_encryption") {
		spec := &ddbtypes.SSESpecification{Enabled: aws.Bool(false)}
		if s := o.Block("server_side_encryption"); s.Present() {
			spec = ddbSSE(s)
		}
		calls = append(calls, &dynamodb.UpdateTableInput{TableName: table, SSESpecification: spec})
	}
	calls = append(calls, gsiUpdates(kit.Obj(prior), o, table)...)
	for _, in := range calls {
		if _, err := c.dynamodb.UpdateTable(ctx, in); err != nil {
			return prior, apiDiag(err, updatePath(in), "Cannot update DynamoDB table")
		}
		if err := waitTableActive(ctx, c, name); err != nil {
			return planned, schema.FromErr(err, "DynamoDB table update did not finish")
		}
	}
	if diags := updateTTLAndPITR(ctx, c, prior, planned); diags.HasErrors() {
		return planned, diags
	}
	if tagsChanged(prior, planned) {
		set, removed := tagDiff(kit.Obj(prior).StrMap("tags_all"), o.StrMap("tags_all"))
		arn := kit.Obj(prior).Attr("arn").AsString()
		if len(removed) > 0 {
			if _, err := c.dynamodb.UntagResource(ctx, &dynamodb.UntagResourceInput{ResourceArn: &arn, TagKeys: removed}); err != nil {
				return planned, apiDiag(err, attrPath("tags"), "Cannot untag DynamoDB table")
			}
		}
		if len(set) > 0 {
			if _, err := c.dynamodb.TagResource(ctx, &dynamodb.TagResourceInput{ResourceArn: &arn, Tags: ddbTags(set)}); err != nil {
				return planned, apiDiag(err, attrPath("tags"), "Cannot tag DynamoDB table")
			}
		}
	}
	return planned, nil
}

func updatePath(in *dynamodb.UpdateTableInput) cty.Path {
	switch {
	case in.BillingMode != "":
		return attrPath("billing_mode")
	case in.DeletionProtectionEnabled != nil:
		return attrPath("deletion_protection_enabled")
	case in.TableClass != "":
		return attrPath("table_class")
	case in.StreamSpecification != nil:
		return attrPath("stream_enabled")
	case in.SSESpecification != nil:
		return attrPath("server_side_encryption")
	}
	return attrPath("global_secondary_index")
}

// gsiUpdates are the UpdateTable calls that turn prior's global secondary
// indexes into planned's, matched by name: a changed key or projection
// deletes and re-creates the index, changed capacity updates it.
func gsiUpdates(prior, planned kit.Obj, table *string) []*dynamodb.UpdateTableInput {
	old := map[string]kit.Obj{}
	for _, g := range prior.Blocks("global_secondary_index") {
		old[g.Str("name")] = g
	}
	billing := planned.Str("billing_mode")
	var calls []*dynamodb.UpdateTableInput
	seen := map[string]bool{}
	for _, g := range planned.Blocks("global_secondary_index") {
		n := g.Str("name")
		seen[n] = true
		p, existed := old[n]
		switch {
		case existed && p.Value().RawEquals(g.Value()):
			continue
		case existed && changedKeys(p, g):
			calls = append(calls, deleteGSI(table, n))
		case existed:
			if billing != "PAY_PER_REQUEST" {
				calls = append(calls, &dynamodb.UpdateTableInput{TableName: table, GlobalSecondaryIndexUpdates: []ddbtypes.GlobalSecondaryIndexUpdate{{
					Update: &ddbtypes.UpdateGlobalSecondaryIndexAction{IndexName: aws.String(n),
						ProvisionedThroughput: &ddbtypes.ProvisionedThroughput{ReadCapacityUnits: aws.Int64(g.Int64("read_capacity")),
							WriteCapacityUnits: aws.Int64(g.Int64("write_capacity"))}}}}})
			}
			continue
		}
		gsi := ddbGSI(g, billing)
		calls = append(calls, &dynamodb.UpdateTableInput{TableName: table, AttributeDefinitions: ddbAttributes(planned),
			GlobalSecondaryIndexUpdates: []ddbtypes.GlobalSecondaryIndexUpdate{{Create: &ddbtypes.CreateGlobalSecondaryIndexAction{
				IndexName: gsi.IndexName, KeySchema: gsi.KeySchema, Projection: gsi.Projection, ProvisionedThroughput: gsi.ProvisionedThroughput}}}})
	}
	for n := range old {
		if !seen[n] {
			calls = append([]*dynamodb.UpdateTableInput{deleteGSI(table, n)}, calls...)
		}
	}
	return calls
}

func changedKeys(a, b kit.Obj) bool {
	for _, n := range []string{"hash_key", "range_key", "projection_type", "non_key_attributes"} {
		if !a.Attr(n).RawEquals(b.Attr(n)) {
			return true
		}
	}
	return false
}

func deleteGSI(table *string, name string) *dynamodb.UpdateTableInput {
	return &dynamodb.UpdateTableInput{TableName: table, GlobalSecondaryIndexUpdates: []ddbtypes.GlobalSecondaryIndexUpdate{{
		Delete: &ddbtypes.DeleteGlobalSecondaryIndexAction{IndexName: aws.String(name)}}}}
}

// updateTTLAndPITR applies the ttl and point_in_time_recovery blocks;
// prior is cty.NilVal on create.
func updateTTLAndPITR(ctx context.Context, c *client, prior, planned cty.Value) schema.Diagnostics {
	o := kit.Obj(planned)
	table := aws.String(o.Str("name"))
	var pttl, ppitr cty.Value = cty.NilVal, cty.NilVal
	if prior != cty.NilVal {
		pttl, ppitr = prior.GetAttr("ttl"), prior.GetAttr("point_in_time_recovery")
	}
	if t := o.Block("ttl"); (pttl == cty.NilVal && t.Bool("enabled")) || (pttl != cty.NilVal && !pttl.RawEquals(o.Attr("ttl"))) {
		name := t.Str("attribute_name")
		if name == "" && pttl != cty.NilVal {
			name = kit.Obj(prior).Block("ttl").Str("attribute_name")
		}
		if name != "" {
			_, err := c.dynamodb.UpdateTimeToLive(ctx, &dynamodb.UpdateTimeToLiveInput{TableName: table,
				TimeToLiveSpecification: &ddbtypes.TimeToLiveSpecification{AttributeName: aws.String(name), Enabled: aws.Bool(t.Bool("enabled"))}})
			if err != nil {
				return apiDiag(err, attrPath("ttl"), "Cannot set DynamoDB time to live")
			}
		}
	}
	if p := o.Block("point_in_time_recovery"); (ppitr == cty.NilVal && p.Bool("enabled")) || (ppitr != cty.NilVal && !ppitr.RawEquals(o.Attr("point_in_time_recovery"))) {
		_, err := c.dynamodb.UpdateContinuousBackups(ctx, &dynamodb.UpdateContinuousBackupsInput{TableName: table,
			PointInTimeRecoverySpecification: &ddbtypes.PointInTimeRecoverySpecification{PointInTimeRecoveryEnabled: aws.Bool(p.Bool("enabled"))}})
		if err != nil {
			return apiDiag(err, attrPath("point_in_time_recovery"), "Cannot set DynamoDB point-in-time recovery")
		}
	}
	return nil
}
