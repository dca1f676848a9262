package aws

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/providers/internal/kit"
	"github.com/trueup/trueup/schema"
)

var s3VersioningBlock = &schema.Block{
	Description: "The versioning state of a bucket. Import ID: BUCKET or BUCKET,EXPECTED_BUCKET_OWNER.",
	Attributes: map[string]*schema.Attribute{
		"id":                    {Type: cty.String, Computed: true},
		"bucket":                bucketAttr(),
		"expected_bucket_owner": ownerAttr(),
		"mfa":                   {Type: cty.String, Optional: true, Description: "MFA serial and value, space separated."},
	},
	BlockTypes: map[string]*schema.NestedBlock{
		"versioning_configuration": {Nesting: schema.NestingList, MinItems: 1, MaxItems: 1, Block: schema.Block{
			Attributes: map[string]*schema.Attribute{
				"status":     {Type: cty.String, Required: true, Description: "Enabled, Suspended or Disabled."},
				"mfa_delete": {Type: cty.String, Optional: true, Computed: true, Description: "Enabled or Disabled."},
			},
		}},
	},
}

func s3VersioningResource() *resourceType {
	return &resourceType{
		schema: &schema.Resource{Block: s3VersioningBlock},
		create: func(ctx context.Context, c *client, planned cty.Value) (cty.Value, schema.Diagnostics) {
			planned = withSubID(planned)
			if diags := putVersioning(ctx, c, planned, false); diags.HasErrors() {
				return cty.NullVal(planned.Type()), diags
			}
			return planned, nil
		},
		read: readS3Versioning,
		update: func(ctx context.Context, c *client, prior, planned cty.Value) (cty.Value, schema.Diagnostics) {
			if diags := putVersioning(ctx, c, planned, true); diags.HasErrors() {
				return prior, diags
			}
			return planned, nil
		},
		delete: func(ctx context.Context, c *client, prior cty.Value) schema.Diagnostics {
			if kit.Obj(prior).Block("versioning_configuration").Str("status") != string(s3types.BucketVersioningStatusEnabled) {
				return nil
			}
			// S3 cannot turn versioning off once on: destroying suspends it.
			suspended := kit.Set(prior, "versioning_configuration", cty.ListVal([]cty.Value{kit.ObjectVal(
				&s3VersioningBlock.BlockTypes["versioning_configuration"].Block,
				map[string]cty.Value{"status": cty.StringVal("Suspended")})}))

			if diags := putVersioning(ctx, c, suspended, true); diags.HasErrors() && !diagsSayGone(diags) {
				return diags
			}
			return nil
		},
		importState: func(id string) (cty.Value, schema.Diagnostics) { return bucketSubStub(s3VersioningBlock, id) },
	}
}

var versioningPath = cty.GetAttrPath("versioning_configuration").IndexInt(0)

func putVersioning(ctx context.Context, c *client, planned cty.Value, existing bool) schema.Diagnostics {
	o := kit.Obj(planned)
	vc := o.Block("versioning_configuration")
	status := vc.Str("status")
	if status == "Disabled" {
		if existing {
			return schema.Errorf(versioningPath.GetAttr("status"), "Cannot disable S3 versioning",
				"Versioning, once enabled, can only be Suspended.")
		}
		return nil // a new bucket's versioning is already off
	}
	in := &s3.PutBucketVersioningInput{
		Bucket:                  aws.String(o.Str("bucket")),
		ExpectedBucketOwner:     o.StrPtr("expected_bucket_owner"),
		MFA:                     o.StrPtr("mfa"),
		VersioningConfiguration: &s3types.VersioningConfiguration{Status: s3types.BucketVersioningStatus(status)},
	}
	if m := vc.Str("mfa_delete"); m != "" {
		in.VersioningConfiguration.MFADelete = s3types.MFADelete(m)
	}
	if _, err := c.s3.PutBucketVersioning(ctx, in); err != nil {
		return apiDiag(err, versioningPath.GetAttr("status"), "Cannot set S3 bucket versioning")
	}
	return nil
}

func readS3Versioning(ctx context.Context, c *client, prior cty.Value) (cty.Value, schema.Diagnostics) {
	o := kit.Obj(prior)
	out, err := c.s3.GetBucketVersioning(ctx, &s3.GetBucketVersioningInput{
		Bucket: aws.String(o.Str("bucket")), ExpectedBucketOwner: o.StrPtr("expected_bucket_owner")})
	if bucketGone(err) {
		return cty.NullVal(prior.Type()), nil
	}
	if err != nil {
		return prior, apiDiag(err, nil, "Cannot read S3 bucket versioning")
	}
	status := string(out.Status)
	if status == "" {
		status = "Disabled"
	}
	mfa := kit.StrOrNull(string(out.MFADelete))
	if pv := o.Block("versioning_configuration"); mfa.IsNull() && pv.Present() {
		mfa = pv.Attr("mfa_delete")
	}
	nb := s3VersioningBlock.BlockTypes["versioning_configuration"]
	return kit.ObjectVal(s3VersioningBlock, map[string]cty.Value{
			"id": o.Attr("id"), "bucket": o.Attr("bucket"), "expected_bucket_owner": o.Attr("expected_bucket_owner"),
			"mfa": o.Attr("mfa"),
			"versioning_configuration": kit.BlockVal(nb, []cty.Value{kit.ObjectVal(&nb.Block, map[string]cty.Value{
				"status": cty.StringVal(status), "mfa_delete": mfa})}),
		}),

		nil
}

// diagsSayGone reports whether diagnostics came from a missing bucket.
func diagsSayGone(diags schema.Diagnostics) bool {
	for _, d := range diags {
		if len(d.Detail) >= 12 && d.Detail[:12] == "NoSuchBucket" {
			return true
		}
	}
	return false
}
