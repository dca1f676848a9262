package aws

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/providers/internal/kit"
	"github.com/trueup/trueup/schema"
)

const ddbTimeout = 10 * time.Minute

func dynamoTableResource() *resourceType {
	return &resourceType{
		schema:   &schema.Resource{Block: dynamoTableBlock},
		timeouts: &kit.Timeouts{Create: 30 * time.Minute, Update: 60 * time.Minute, Delete: 10 * time.Minute},
		defaults: map[string]cty.Value{"billing_mode": cty.StringVal("PROVISIONED")},
		plan:     planDynamoTable,
		create:   createDynamoTable,
		read:     readDynamoTable,
		update:   updateDynamoTable,
		delete:   deleteDynamoTable,
		importState: func(id string) (cty.Value, schema.Diagnostics) {
			return idStub(dynamoTableBlock, id, map[string]cty.Value{"name": cty.StringVal(id)})
		},
	}
}

func planDynamoTable(_ *client, prior, planned, config cty.Value) (cty.Value, schema.Diagnostics) {
	o := kit.Obj(planned)
	if o.Str("billing_mode") == "PAY_PER_REQUEST" {
		for _, n := range []string{"read_capacity", "write_capacity"} {
			if kit.Obj(config).Null(n) {
				planned = kit.Set(planned, n, cty.Zero)
			}
		}
	}
	streamOn := o.Bool("stream_enabled")
	if !prior.IsNull() && streamOn != kit.Obj(prior).Bool("stream_enabled") {
		planned = kit.Set(planned, "stream_arn", cty.UnknownVal(cty.String))
		planned = kit.Set(planned, "stream_label", cty.UnknownVal(cty.String))
	}
	if !streamOn && kit.Obj(config).Null("stream_view_type") {
		planned = kit.Set(planned, "stream_view_type", cty.StringVal(""))
	}
	return planned, nil
}

func ddbTags(tags map[string]string) []ddbtypes.Tag {
	out := make([]ddbtypes.Tag, 0, len(tags))
	for k, v := range tags {
		out = append(out, ddbtypes.Tag{Key: aws.String(k), Value: aws.String(v)})
	}
	return out
}

func ddbThroughput(o kit.Obj) *ddbtypes.ProvisionedThroughput {
	if o.Str("billing_mode") == "PAY_PER_REQUEST" {
		return nil
	}
	return &ddbtypes.ProvisionedThroughput{ReadCapacityUnits: aws.Int64(o.Int64("read_capacity")),
		WriteCapacityUnits: aws.Int64(o.Int64("write_capacity"))}
}

func createDynamoTable(ctx context.Context, c *client, planned cty.Value) (cty.Value, schema.Diagnostics) {
	o := kit.Obj(planned)
	name := o.Str("name")
	in := &dynamodb.CreateTableInput{
		TableName:                 aws.String(name),
		BillingMode:               ddbtypes.BillingMode(o.Str("billing_mode")),
		ProvisionedThroughput:     ddbThroughput(o),
		AttributeDefinitions:      ddbAttributes(o),
		KeySchema:                 ddbKeySchema(o.Str("hash_key"), o.Str("range_key")),
		DeletionProtectionEnabled: o.BoolPtr("deletion_protection_enabled"),
		TableClass:                ddbtypes.TableClass(o.Str("table_class")),
		Tags:                      ddbTags(o.StrMap("tags_all")),
	}
	for _, g := range o.Blocks("global_secondary_index") {
		in.GlobalSecondaryIndexes = append(in.GlobalSecondaryIndexes, ddbGSI(g, o.Str("billing_mode")))
	}
	for _, l := range o.Blocks("local_secondary_index") {
		in.LocalSecondaryIndexes = append(in.LocalSecondaryIndexes, ddbtypes.LocalSecondaryIndex{
			IndexName: l.StrPtr("name"), KeySchema: ddbKeySchema(o.Str("hash_key"), l.Str("range_key")),
			Projection: ddbProjection(l)})
	}
	if o.Bool("stream_enabled") {
		in.StreamSpecification = &ddbtypes.StreamSpecification{StreamEnabled: aws.Bool(true),
			StreamViewType: ddbtypes.StreamViewType(o.Str("stream_view_type"))}
	}
	if s := o.Block("server_side_encryption"); s.Present() {
		in.SSESpecification = ddbSSE(s)
	}
	if _, err := c.dynamodb.CreateTable(ctx, in); err != nil {
		return cty.NullVal(planned.Type()), apiDiag(err, nil, "Cannot create DynamoDB table")
	}
	state := kit.Set(planned, "id", cty.StringVal(name))
	if err := waitTableActive(ctx, c, name); err != nil {
		return state, apiDiag(err, nil, "DynamoDB table created but not active")
	}
	if diags := updateTTLAndPITR(ctx, c, cty.NilVal, planned); diags.HasErrors() {
		return state, diags
	}
	return state, nil
}

func ddbAttributes(o kit.Obj) []ddbtypes.AttributeDefinition {
	var out []ddbtypes.AttributeDefinition
	for _, a := range o.Blocks("attribute") {
		out = append(out, ddbtypes.AttributeDefinition{AttributeName: a.StrPtr("name"),
			AttributeType: ddbtypes.ScalarAttributeType(a.Str("type"))})
	}
	return out
}

func ddbKeySchema(hash, rng string) []ddbtypes.KeySchemaElement {
	ks := []ddbtypes.KeySchemaElement{{AttributeName: aws.String(hash), KeyType: ddbtypes.KeyTypeHash}}
	if rng != "" {
		ks = append(ks, ddbtypes.KeySchemaElement{AttributeName: aws.String(rng), KeyType: ddbtypes.KeyTypeRange})
	}
	return ks
}

func ddbProjection(o kit.Obj) *ddbtypes.Projection {
	return &ddbtypes.Projection{ProjectionType: ddbtypes.ProjectionType(o.Str("projection_type")),
		NonKeyAttributes: o.StrList("non_key_attributes")}
}

func ddbGSI(g kit.Obj, billing string) ddbtypes.GlobalSecondaryIndex {
	gsi := ddbtypes.GlobalSecondaryIndex{IndexName: g.StrPtr("name"),
		KeySchema: ddbKeySchema(g.Str("hash_key"), g.Str("range_key")), Projection: ddbProjection(g)}
	if billing != "PAY_PER_REQUEST" {
		gsi.ProvisionedThroughput = &ddbtypes.ProvisionedThroughput{ReadCapacityUnits: aws.Int64(g.Int64("read_capacity")),
			WriteCapacityUnits: aws.Int64(g.Int64("write_capacity"))}
	}
	return gsi
}

func ddbSSE(s kit.Obj) *ddbtypes.SSESpecification {
	spec := &ddbtypes.SSESpecification{Enabled: aws.Bool(s.Bool("enabled")), KMSMasterKeyId: s.StrPtr("kms_key_arn")}
	if s.Bool("enabled") {
		spec.SSEType = ddbtypes.SSETypeKms
	}
	return spec
}

// waitTableActive waits until the table and its indexes are ACTIVE.
func waitTableActive(ctx context.Context, c *client, name string) error {
	return waitFor(ctx, ddbTimeout, "table "+name+" to be active", func() (bool, error) {
		out, err := c.dynamodb.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(name)})
		if err != nil {
			return false, ignoreNotFound(err, "ResourceNotFoundException")
		}
		if out.Table.TableStatus != ddbtypes.TableStatusActive {
			return false, nil
		}
		for _, g := range out.Table.GlobalSecondaryIndexes {
			if g.IndexStatus != "" && g.IndexStatus != ddbtypes.IndexStatusActive {
				return false, nil
			}
		}
		return true, nil
	})
}

func deleteDynamoTable(ctx context.Context, c *client, prior cty.Value) schema.Diagnostics {
	name := kit.Obj(prior).Str("id")
	_, err := c.dynamodb.DeleteTable(ctx, &dynamodb.DeleteTableInput{TableName: aws.String(name)})
	if isNotFound(err, "ResourceNotFoundException") {
		return nil
	}
	if err != nil {
		path := cty.Path(nil)
		if kit.Obj(prior).Bool("deletion_protection_enabled") {
			path = attrPath("deletion_protection_enabled")
		}
		return apiDiag(err, path, "Cannot delete DynamoDB table")
	}
	err = waitFor(ctx, ddbTimeout, "table "+name+" to be deleted", func() (bool, error) {
		_, err := c.dynamodb.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(name)})
		if isNotFound(err, "ResourceNotFoundException") {
			return true, nil
		}
		return false, err
	})
	return schema.FromErr(err, "DynamoDB table deletion not confirmed")
}
